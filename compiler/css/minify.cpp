#include "compiler/css/minify.hpp"

#include <string>

#include "compiler/css/tokens.hpp"

namespace isl::compiler {

using namespace css;

std::string minify_css(std::string_view s) {
  const std::size_t n = s.size();
  std::string out;
  out.reserve(n);
  // What the last token written was; it decides what may follow it directly.
  bool last_escaped = false;       // an escape (`\:` is not a `:`)
  bool hex_open = false;           // a hex escape not ended by whitespace: a space would join it
  bool lone_backslash = false;     // a `\` that escapes nothing: what follows stays on a new line
  char bad_string_newline = 0;     // the newline that cut a string must stay (it ends the string)
  std::size_t trailing_semis = 0;  // structural `;` at the end of out (dropped before a `}`)
  bool in_name = false;            // the input so far ends inside a name: `url(` is no url token
  bool pending_space = false, pending_comment = false;

  auto emit = [&](std::string_view t) {
    out += t;
    last_escaped = hex_open = lone_backslash = false;
    bad_string_newline = 0;
    trailing_semis = 0;
  };

  std::size_t i = 0;
  while (i < n) {
    const char c = s[i];
    const bool was_in_name = in_name;
    in_name = false;
    if (is_ws(c)) {
      pending_space = true;
      ++i;
      continue;
    }
    if (comment_at(s, i, n)) {
      std::size_t end = skip_comment(s, i, n);
      i = end == npos ? n : end;
      pending_comment = true;
      continue;
    }
    // c starts a token: what replaces the whitespace and comments before it?
    if ((pending_space || pending_comment) && !out.empty()) {
      const char prev = out.back();
      std::string separator;
      if (bad_string_newline != 0) {
        separator = std::string(1, bad_string_newline);
      } else if (lone_backslash) {
        separator = "\n";
      } else if (pending_space) {
        static constexpr std::string_view kNoSpaceAfter = "{};,>~(:!";
        static constexpr std::string_view kNoSpaceBefore = "{};,>~)!";
        const bool needless = (!last_escaped && kNoSpaceAfter.find(prev) != npos) ||
                              kNoSpaceBefore.find(c) != npos;
        if (!needless) separator = hex_open ? "  " : " ";  // the first space would end the escape
      } else {
        // Comments alone: dropped, unless the tokens on either side would run together
        // (`a/**/b`, `\31/**/x`, `url/**/(`, `//**/*`); then one empty comment stays.
        const bool name_before = last_escaped || is_name_char(prev);
        if ((name_before && (is_name_char(c) || c == '\\' || c == '(')) ||
            (prev == '/' && c == '*'))
          separator = "/**/";
      }
      if (!separator.empty()) emit(separator);
    }
    pending_space = pending_comment = false;

    if (c == '"' || c == '\'') {
      StrEnd how;
      std::size_t end = skip_string(s, i, n, how);
      emit(s.substr(i, end - i));
      if (how == StrEnd::newline) bad_string_newline = s[end];
      i = end;
    } else if (c == '\\') {
      std::size_t end = skip_escape(s, i, n);
      emit(s.substr(i, end - i));
      in_name = last_escaped = end > i + 1;  // a `\` before a newline (or the end) is no escape
      lone_backslash = !last_escaped;
      hex_open = last_escaped && is_hex(s[i + 1]) && !is_ws(s[end - 1]);
      i = end;
    } else if ((c == 'u' || c == 'U') && unquoted_url_at(s, i, n, was_in_name) != npos) {
      bool closed;
      std::size_t end = skip_url_body(s, i + 4, n, closed);
      emit(s.substr(i, end - i));
      i = end;
    } else if (c == ';') {
      const std::size_t semis = trailing_semis;
      emit(";");
      trailing_semis = semis + 1;
      ++i;
    } else if (c == '}') {
      out.resize(out.size() - trailing_semis);
      emit("}");
      ++i;
    } else {
      emit(s.substr(i, 1));
      in_name = is_name_char(c);
      ++i;
    }
  }
  return out;
}

}  // namespace isl::compiler
