#include "compiler/client/client_scripts.hpp"

#include <algorithm>
#include <cctype>

#include "compiler/parse/text.hpp"

namespace isl::compiler {

bool is_bundled_script(const Node& n) {
  if (n.kind != NodeKind::element || !n.raw_text || ascii_lower(n.text) != "script") return false;
  for (const auto& a : n.attributes)
    if (!(a.name == "lang" && a.kind == Attribute::Kind::text && a.value == "ts")) return false;
  return true;
}

std::uint32_t script_code_offset(const Node& n) { return n.children.empty() ? n.span.end : n.children.front().span.begin; }

namespace {

bool word_before(std::string_view code, std::size_t end, std::string_view word) {
  while (end > 0 && std::isspace(static_cast<unsigned char>(code[end - 1]))) --end;
  if (end > 0 && code[end - 1] == '(') {  // import("./x")
    --end;
    while (end > 0 && std::isspace(static_cast<unsigned char>(code[end - 1]))) --end;
  }
  if (end < word.size() || code.substr(end - word.size(), word.size()) != word) return false;
  std::size_t start = end - word.size();
  return start == 0 || !(std::isalnum(static_cast<unsigned char>(code[start - 1])) || code[start - 1] == '_' ||
                         code[start - 1] == '$' || code[start - 1] == '.');
}

}  // namespace

std::string absolutize_relative_imports(std::string_view code, const std::string& dir) {
  std::string out;
  std::size_t i = 0;
  while (i < code.size()) {
    char c = code[i];
    if (c != '"' && c != '\'') {
      out += c;
      ++i;
      continue;
    }
    std::size_t close = code.find(c, i + 1);
    std::size_t newline = code.find('\n', i + 1);
    if (close == std::string_view::npos || (newline != std::string_view::npos && newline < close)) {
      out += c;
      ++i;
      continue;
    }
    std::string_view spec = code.substr(i + 1, close - i - 1);
    bool relative = spec.rfind("./", 0) == 0 || spec.rfind("../", 0) == 0;
    if (relative && (word_before(code, i, "from") || word_before(code, i, "import"))) {
      out += c;
      out += dir + "/" + std::string(spec);
      out += c;
    } else {
      out.append(code.substr(i, close - i + 1));
    }
    i = close + 1;
  }
  return out;
}

std::uint32_t offset_of(std::string_view text, std::uint32_t line, std::uint32_t column) {
  std::size_t at = 0;
  for (std::uint32_t l = 1; l < line; ++l) {
    std::size_t nl = text.find('\n', at);
    if (nl == std::string_view::npos) return static_cast<std::uint32_t>(text.size());
    at = nl + 1;
  }
  std::size_t end = text.find('\n', at);
  if (end == std::string_view::npos) end = text.size();
  return static_cast<std::uint32_t>(std::min(end, at + (column > 0 ? column - 1 : 0)));
}

}  // namespace isl::compiler
