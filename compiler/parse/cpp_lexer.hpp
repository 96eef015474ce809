// Just enough of C++'s lexical grammar to find where embedded C++ ends: string, character
// and raw string literals, comments, numbers (with ' separators), identifiers, punctuation.
// The template parser uses it for `{expr}` and block heads, the frontmatter splitter for
// statements, so that a brace inside "}" or a comment never ends anything.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace isl::compiler {

enum class TokenKind { identifier, number, string, character, punct, end, error };

struct Token {
  TokenKind kind = TokenKind::end;
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  std::string_view text;
  bool is(char c) const { return kind == TokenKind::punct && text.size() == 1 && text[0] == c; }
  bool is(std::string_view word) const { return text == word && kind != TokenKind::string; }
};

class CppLexer {
 public:
  CppLexer(std::string_view text, std::uint32_t pos) : text_(text), pos_(pos) {}
  // Skips white space and comments; at an unterminated literal or comment returns an error
  // token whose begin is where it started.
  Token next();
  Token peek() {
    auto saved = pos_;
    Token t = next();
    pos_ = saved;
    return t;
  }
  std::uint32_t position() const { return pos_; }
  void seek(std::uint32_t pos) { pos_ = pos; }
  const std::string& error() const { return error_; }

 private:
  Token make(TokenKind kind, std::uint32_t begin);
  bool skip_space_and_comments();
  Token quoted(std::uint32_t begin, char quote, TokenKind kind);
  Token raw_string(std::uint32_t begin);

  std::string_view text_;
  std::uint32_t pos_;
  std::string error_;
};

struct CppScan {
  std::uint32_t end = 0;  // offset of the closing character (or where scanning stopped)
  bool ok = true;
  std::uint32_t error_offset = 0;
  std::string error;
};

// Scans C++ from `pos` to the first `close` (one of ) ] }) that is not nested in brackets,
// literals or comments.
CppScan scan_cpp_until(std::string_view text, std::uint32_t pos, char close);

// True when `s` is exactly one ordinary string literal ("..." with escapes, no prefix);
// then `value` is its contents with the escapes resolved.
bool parse_simple_string_literal(std::string_view s, std::string& value);

// `value` as a C++ string literal (escaped, UTF-8 passed through).
std::string cpp_string_literal(std::string_view value);

}  // namespace isl::compiler
