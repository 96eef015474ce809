// The CSS scanner both the scoper and the minifier stand on. It follows the CSS Syntax
// tokenizer where it matters for finding structure: comments, strings (which end at an
// unescaped newline), escapes (hex escapes swallow one whitespace), unquoted url(…).
// Every function takes the text `s`, a position `i` and the text's size `n`.
#pragma once

#include <cstddef>
#include <string_view>

#include "include/isl/detail/ascii.hpp"  // shared with the runtime

namespace isl::compiler::css {

using ascii::iequals;  // CSS keywords are ASCII case-insensitive, as HTTP names are

constexpr std::size_t npos = std::string_view::npos;

inline bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
inline bool is_newline(char c) { return c == '\n' || c == '\r' || c == '\f'; }
inline bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
inline bool is_name_char(char c) {
  auto u = static_cast<unsigned char>(c);
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || u >= 0x80;
}

// s[i] == '\\'. Returns the index past the escape: up to six hex digits plus one whitespace, or
// the one escaped character. A backslash before a newline escapes nothing (outside strings it is
// a lone `\`): only it is skipped. `at_eof` is set when the backslash is the last character.
inline std::size_t skip_escape(std::string_view s, std::size_t i, std::size_t n, bool* at_eof = nullptr) {
  ++i;
  if (i >= n) {
    if (at_eof) *at_eof = true;
    return n;
  }
  if (is_newline(s[i])) return i;
  if (!is_hex(s[i])) return i + 1;
  for (int k = 0; i < n && k < 6 && is_hex(s[i]); ++k) ++i;
  if (i < n && is_ws(s[i])) i += (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n') ? 2 : 1;
  return i;
}

enum class StrEnd { closed, newline, eof };

// s[i] is a quote. Returns the index past the closing quote, or of the newline / n that ended an
// unterminated string.
inline std::size_t skip_string(std::string_view s, std::size_t i, std::size_t n, StrEnd& how,
                        bool* escape_at_eof = nullptr) {
  const char q = s[i++];
  while (i < n) {
    char c = s[i];
    if (c == q) {
      how = StrEnd::closed;
      return i + 1;
    }
    if (is_newline(c)) {
      how = StrEnd::newline;
      return i;
    }
    if (c == '\\') {
      if (i + 1 < n && is_newline(s[i + 1])) {  // line continuation
        i += (s[i + 1] == '\r' && i + 2 < n && s[i + 2] == '\n') ? 3 : 2;
      } else {
        i = skip_escape(s, i, n, escape_at_eof);
      }
      continue;
    }
    ++i;
  }
  how = StrEnd::eof;
  return n;
}

// s[i..] starts with "/*". Returns the index past "*/", or npos when the comment never ends.
inline std::size_t skip_comment(std::string_view s, std::size_t i, std::size_t n) {
  for (i += 2; i + 1 < n; ++i)
    if (s[i] == '*' && s[i + 1] == '/') return i + 2;
  return npos;
}

inline bool comment_at(std::string_view s, std::size_t i, std::size_t n) {
  return i + 1 < n && s[i] == '/' && s[i + 1] == '*';
}

// Is s[i..] the start of an unquoted url( token? Returns the index of its body, or npos.
// `in_name`: s[i] continues a name (after name characters or an escape), as in `a\31 url(`.
inline std::size_t unquoted_url_at(std::string_view s, std::size_t i, std::size_t n, bool in_name) {
  if (in_name || i + 4 > n || !iequals(s.substr(i, 4), "url(")) return npos;
  std::size_t j = i + 4;
  while (j < n && is_ws(s[j])) ++j;
  if (j < n && (s[j] == '"' || s[j] == '\'')) return npos;
  return i + 4;
}

// From the body of an unquoted url(: returns the index past its `)`, or n (unterminated).
inline std::size_t skip_url_body(std::string_view s, std::size_t i, std::size_t n, bool& closed,
                          bool* escape_at_eof = nullptr) {
  while (i < n) {
    if (s[i] == ')') {
      closed = true;
      return i + 1;
    }
    if (s[i] == '\\') {
      i = skip_escape(s, i, n, escape_at_eof);
      continue;
    }
    ++i;
  }
  closed = false;
  return n;
}

}  // namespace isl::compiler::css
