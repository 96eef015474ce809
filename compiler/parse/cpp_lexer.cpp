#include "compiler/parse/cpp_lexer.hpp"

#include <vector>

namespace isl::compiler {
namespace {

bool is_ident_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
         (static_cast<unsigned char>(c) >= 0x80);  // UTF-8 identifiers
}
bool is_ident(char c) { return is_ident_start(c) || (c >= '0' && c <= '9'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

Token CppLexer::make(TokenKind kind, std::uint32_t begin) {
  return {kind, begin, pos_, text_.substr(begin, pos_ - begin)};
}

bool CppLexer::skip_space_and_comments() {
  while (pos_ < text_.size()) {
    char c = text_[pos_];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      ++pos_;
    } else if (c == '/' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '/') {
      while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
    } else if (c == '/' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '*') {
      auto close = text_.find("*/", pos_ + 2);
      if (close == std::string_view::npos) {
        error_ = "unterminated /* comment";
        return false;
      }
      pos_ = static_cast<std::uint32_t>(close + 2);
    } else {
      break;
    }
  }
  return true;
}

Token CppLexer::quoted(std::uint32_t begin, char quote, TokenKind kind) {
  ++pos_;  // opening quote
  while (pos_ < text_.size()) {
    char c = text_[pos_];
    if (c == '\\') {
      pos_ += 2;
    } else if (c == quote) {
      ++pos_;
      return make(kind, begin);
    } else if (c == '\n') {
      break;
    } else {
      ++pos_;
    }
  }
  pos_ = begin;
  error_ = kind == TokenKind::string ? "unterminated string literal" : "unterminated character literal";
  return {TokenKind::error, begin, begin, {}};
}

Token CppLexer::raw_string(std::uint32_t begin) {
  // pos_ is at the opening quote of R"delim( ... )delim"
  auto open = text_.find('(', pos_);
  if (open == std::string_view::npos || open - pos_ - 1 > 16) {
    error_ = "malformed raw string literal";
    return {TokenKind::error, begin, begin, {}};
  }
  std::string closing = ")" + std::string(text_.substr(pos_ + 1, open - pos_ - 1)) + "\"";
  auto close = text_.find(closing, open + 1);
  if (close == std::string_view::npos) {
    error_ = "unterminated raw string literal";
    return {TokenKind::error, begin, begin, {}};
  }
  pos_ = static_cast<std::uint32_t>(close + closing.size());
  return make(TokenKind::string, begin);
}

Token CppLexer::next() {
  if (!skip_space_and_comments()) return {TokenKind::error, pos_, pos_, {}};
  std::uint32_t begin = pos_;
  if (pos_ >= text_.size()) return {TokenKind::end, begin, begin, {}};
  char c = text_[pos_];
  if (is_ident_start(c)) {
    while (pos_ < text_.size() && is_ident(text_[pos_])) ++pos_;
    auto word = text_.substr(begin, pos_ - begin);
    if (pos_ < text_.size() && text_[pos_] == '"') {
      if (word == "R" || word == "u8R" || word == "uR" || word == "UR" || word == "LR")
        return raw_string(begin);
      if (word == "u8" || word == "u" || word == "U" || word == "L")
        return quoted(begin, '"', TokenKind::string);
    }
    if (pos_ < text_.size() && text_[pos_] == '\'' &&
        (word == "u8" || word == "u" || word == "U" || word == "L"))
      return quoted(begin, '\'', TokenKind::character);
    return make(TokenKind::identifier, begin);
  }
  if (is_digit(c) || (c == '.' && pos_ + 1 < text_.size() && is_digit(text_[pos_ + 1]))) {
    // A pp-number: digits, letters, '.', digit separators, and signs after an exponent.
    ++pos_;
    while (pos_ < text_.size()) {
      char d = text_[pos_];
      char prev = text_[pos_ - 1];
      if (is_ident(d) || d == '.') {
        ++pos_;
      } else if (d == '\'' && pos_ + 1 < text_.size() && is_ident(text_[pos_ + 1])) {
        ++pos_;
      } else if ((d == '+' || d == '-') && (prev == 'e' || prev == 'E' || prev == 'p' || prev == 'P')) {
        ++pos_;
      } else {
        break;
      }
    }
    return make(TokenKind::number, begin);
  }
  if (c == '"') return quoted(begin, '"', TokenKind::string);
  if (c == '\'') return quoted(begin, '\'', TokenKind::character);
  if (c == ':' && pos_ + 1 < text_.size() && text_[pos_ + 1] == ':') {
    pos_ += 2;
    return make(TokenKind::punct, begin);
  }
  ++pos_;
  return make(TokenKind::punct, begin);
}

CppScan scan_cpp_until(std::string_view text, std::uint32_t pos, char close) {
  CppLexer lexer(text, pos);
  std::vector<Token> open;  // brackets not yet closed
  for (;;) {
    Token t = lexer.next();
    if (t.kind == TokenKind::error) return {t.begin, false, t.begin, lexer.error()};
    if (t.kind == TokenKind::end) {
      if (!open.empty())
        return {t.begin, false, open.back().begin,
                "'" + std::string(open.back().text) + "' is never closed"};
      return {t.begin, false, pos, std::string("expected '") + close + "'"};
    }
    if (t.kind != TokenKind::punct || t.text.size() != 1) continue;
    char c = t.text[0];
    if (c == '(' || c == '[' || c == '{') {
      open.push_back(t);
    } else if (c == ')' || c == ']' || c == '}') {
      if (open.empty()) {
        if (c == close) return {t.begin, true, 0, {}};
        return {t.begin, false, t.begin, std::string("unexpected '") + c + "'"};
      }
      char want = open.back().text[0] == '(' ? ')' : open.back().text[0] == '[' ? ']' : '}';
      if (c != want)
        return {t.begin, false, t.begin,
                std::string("'") + c + "' does not match '" + std::string(open.back().text) + "'"};
      open.pop_back();
    }
  }
}

bool parse_simple_string_literal(std::string_view s, std::string& value) {
  if (s.size() < 2 || s.front() != '"' || s.back() != '"') return false;
  value.clear();
  for (std::size_t i = 1; i + 1 < s.size(); ++i) {
    char c = s[i];
    if (c == '"') return false;  // two literals, or something after one
    if (c != '\\') {
      value.push_back(c);
      continue;
    }
    if (++i + 1 >= s.size()) return false;
    switch (s[i]) {
      case 'n': value.push_back('\n'); break;
      case 't': value.push_back('\t'); break;
      case 'r': value.push_back('\r'); break;
      case '\\': value.push_back('\\'); break;
      case '"': value.push_back('"'); break;
      case '\'': value.push_back('\''); break;
      case '?': value.push_back('?'); break;
      default: return false;  // octal, hex, universal names: leave to the C++ compiler
    }
  }
  return true;
}

std::string cpp_string_literal(std::string_view value) {
  std::string out = "\"";
  out.reserve(value.size() + 2);
  for (char c : value) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '?': out += "?"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
          static const char* hex = "0123456789abcdef";
          out += "\\x";
          out += hex[(c >> 4) & 0xf];
          out += hex[c & 0xf];
          out += "\"\"";  // end the literal so a following hex digit is not swallowed
        } else {
          out += c;
        }
    }
  }
  out += '"';
  return out;
}

}  // namespace isl::compiler
