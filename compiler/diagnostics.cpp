#include "compiler/diagnostics.hpp"

#include <algorithm>
#include <tuple>

namespace isl::compiler {

void Diagnostics::error(const SourceFile& file, std::uint32_t offset, std::string message,
                        std::string note) {
  Position pos = file.position(offset);
  for (const auto& d : list_)  // recovery can meet the same mistake twice: say it once
    if (d.path == file.path() && d.position.line == pos.line && d.position.column == pos.column &&
        d.message == message)
      return;
  list_.push_back({file.path(), pos, std::move(message), std::string(file.line_text(pos.line)),
                   std::move(note)});
}

void Diagnostics::error(std::string path, std::string message) {
  list_.push_back({std::move(path), {0, 0}, std::move(message), {}, {}});
}

void Diagnostics::append(const Diagnostics& other) {
  list_.insert(list_.end(), other.list_.begin(), other.list_.end());
}

std::string format_diagnostic(const Diagnostic& d, bool color) {
  const char* bold = color ? "\x1b[1m" : "";
  const char* red = color ? "\x1b[1;31m" : "";
  const char* green = color ? "\x1b[1;32m" : "";
  const char* reset = color ? "\x1b[0m" : "";
  std::string out = bold + d.path;
  if (d.position.line > 0)
    out += ":" + std::to_string(d.position.line) + ":" + std::to_string(d.position.column);
  out += std::string(": ") + reset + red + "error: " + reset + bold + d.message + reset + "\n";
  if (d.position.line > 0) {
    out += "  " + d.line_text + "\n  ";
    // Pad with the line's own tabs so the caret sits under the column on any tab width.
    std::uint32_t column = 1;
    for (char c : d.line_text) {
      if (column >= d.position.column) break;
      if ((static_cast<unsigned char>(c) & 0xC0) == 0x80) continue;
      out += c == '\t' ? '\t' : ' ';
      ++column;
    }
    out += std::string(green) + "^" + reset + "\n";
  }
  if (!d.note.empty()) out += "  note: " + d.note + "\n";
  return out;
}

std::string Diagnostics::format(bool color) const {
  std::vector<const Diagnostic*> sorted;
  for (const auto& d : list_) sorted.push_back(&d);
  std::stable_sort(sorted.begin(), sorted.end(), [](const Diagnostic* a, const Diagnostic* b) {
    return std::tie(a->path, a->position.line, a->position.column) <
           std::tie(b->path, b->position.line, b->position.column);
  });
  std::string out;
  for (const auto* d : sorted) out += format_diagnostic(*d, color);
  return out;
}

}  // namespace isl::compiler
