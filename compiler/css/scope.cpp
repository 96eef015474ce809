// Scoped CSS. Parentheses are tracked (a `;` inside them ends nothing), and braces always
// delimit blocks, even inside parentheses, so one stray `(` cannot eat the sheet.
#include "compiler/css/scope.hpp"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "compiler/css/tokens.hpp"

namespace isl::compiler {
namespace {

using namespace css;

// html and body (any case): a compound on them is left unscoped (they are never inside a
// component), so they need no scope attribute either.
bool is_document_element(std::string_view tag) { return iequals(tag, "html") || iequals(tag, "body"); }

// Does t end with a hex escape that nothing has ended yet (`\31`, `\a\b`)? Whitespace or a
// hex digit written after it would join it. (Pieces of selectors end outside strings and
// comments, so a backslash there starts an escape unless it is escaped itself.)
bool ends_in_open_hex_escape(std::string_view t) {
  std::size_t i = t.size();
  while (i > 0 && is_hex(t[i - 1]) && t.size() - i < 7) --i;
  const std::size_t digits = t.size() - i;
  if (digits == 0 || digits > 6) return false;
  std::size_t backslashes = 0;
  while (i > 0 && t[i - 1] == '\\') --i, ++backslashes;
  return backslashes % 2 == 1;
}

// One compound selector while it is being built; flushed with the scope inserted.
struct Compound {
  std::string text;
  std::size_t insert_at = 0;  // past the last type/class/id/attribute selector
  std::size_t star_pos = 0;
  bool any_plain = false;  // saw a type/class/id/attribute/& selector
  bool star_only = false;  // the only plain selector is a lone `*`
  bool amp = false, global = false, root = false;
  // Where the text of a `:global(…)` argument begins or ends: joining pieces there must not
  // make tokens that were not in the input: a comment start (`/` `*`), a function (`url` `(`),
  // or one name out of two (`a` `b`, `\31` `url(…)`). An empty comment keeps them apart (such
  // selectors are invalid anyway: a type selector cannot follow another one in a compound).
  std::size_t fragile = std::string::npos;

  void add(std::string_view t) {
    if (fragile == text.size() && !text.empty() && !t.empty()) {
      const char a = text.back(), b = t.front();
      if ((a == '/' && b == '*') || b == '(' || is_name_char(b) || b == '\\') text += "/**/";
    }
    text += t;
  }
  void plain(std::string_view t) {
    star_only = false;
    add(t);
    insert_at = text.size();
    any_plain = true;
  }
  void star() {
    star_only = !any_plain;
    add("*");
    star_pos = text.size() - 1;
    insert_at = text.size();
    any_plain = true;
  }
  void pseudo(std::string_view t) { add(t); }
  void global_argument(std::string_view t) {
    global = true;
    fragile = text.size();
    add(t);
    fragile = text.size();
  }
};

enum class Term { lbrace, rbrace, semicolon, eof };
enum class Kind { rule_list, style_body };

struct Frame {
  Kind kind;
  std::size_t open;  // offset of its `{`
};

class Scoper {
 public:
  Scoper(std::string_view css, std::string_view attr)
      : s_(css), n_(css.size()), where_(":where([" + std::string(attr) + "])") {
    out_.reserve(css.size() + css.size() / 4 + 64);
  }

  ScopedCss run() {
    while (true) {
      copy_space();
      if (pos_ >= n_) break;
      const Kind ctx = frames_.empty() ? Kind::rule_list : frames_.back().kind;
      const char c = s_[pos_];
      if (c == '}') {
        if (frames_.empty()) {
          error(pos_, "unexpected '}' (dropped)");
        } else {
          out_ += '}';
          frames_.pop_back();
        }
        ++pos_;
      } else if (c == ';') {
        // An empty statement. Among rules a browser would make it part of the next selector
        // (and drop that rule), so it goes; among declarations it is kept.
        if (ctx == Kind::style_body) out_ += ';';
        ++pos_;
      } else if (c == '@') {
        at_rule(ctx);
      } else if (ctx == Kind::style_body) {
        body_item();
      } else {
        rule_list_item();
      }
    }
    finish();
    std::stable_sort(errors_.begin(), errors_.end(),
                     [](const CssError& a, const CssError& b) { return a.offset < b.offset; });
    return ScopedCss{std::move(out_), std::move(errors_)};
  }

 private:
  void error(std::size_t offset, std::string message) {
    errors_.push_back(CssError{offset, std::move(message)});
  }

  // An unterminated comment runs to the end: everything after it is comment, so the input is
  // cut there and the comment dropped.
  void unterminated_comment(std::size_t at) {
    error(at, "unterminated comment");
    n_ = at;
  }

  // Whitespace and comments between items, copied.
  void copy_space() {
    while (pos_ < n_) {
      if (is_ws(s_[pos_])) {
        out_ += s_[pos_++];
      } else if (comment_at(s_, pos_, n_)) {
        std::size_t end = skip_comment(s_, pos_, n_);
        if (end == npos) {
          unterminated_comment(pos_);
          return;
        }
        out_.append(s_, pos_, end - pos_);
        pos_ = end;
      } else {
        return;
      }
    }
  }

  // What both scans step over whole: a comment, a string, an escape, an unquoted url().
  // `in_name` says whether the previous byte continued a name (for url( detection); it is
  // false after anything but a name character or an escape.
  enum class Opaque { none, skipped, unterminated };
  Opaque skip_opaque(std::size_t& i, bool& in_name) {
    const char c = s_[i];
    const bool was_in_name = in_name;
    in_name = false;
    if (c == '/' && comment_at(s_, i, n_)) {
      std::size_t end = skip_comment(s_, i, n_);
      if (end == npos) {
        unterminated_comment(i);
        return Opaque::unterminated;
      }
      i = end;
    } else if (c == '"' || c == '\'') {
      i = string_checked(i);
    } else if (c == '\\') {
      in_name = i + 1 < n_ && !is_newline(s_[i + 1]);
      i = skip_escape(s_, i, n_, &escape_at_eof_);
    } else if ((c == 'u' || c == 'U') && unquoted_url_at(s_, i, n_, was_in_name) != npos) {
      i = url_checked(i);
    } else {
      return Opaque::none;
    }
    return Opaque::skipped;
  }

  // Scans from i to the end of one item: the `{` of a block, a `;` outside parentheses, the `}`
  // of the enclosing block, or the end. With `custom_property`, `{…}` blocks are part of the
  // item (custom property values may hold them). Reports strings, urls and comments that do
  // not end; this is the first scan of every byte of an item.
  std::pair<std::size_t, Term> scan_item(std::size_t i, bool custom_property = false,
                                         int* open_braces = nullptr) {
    int parens = 0;
    int braces = 0;
    bool in_name = false;
    while (i < n_) {
      const Opaque opaque = skip_opaque(i, in_name);
      if (opaque == Opaque::unterminated) break;
      if (opaque == Opaque::skipped) continue;
      const char c = s_[i];
      if (c == '{') {
        if (!custom_property) return {i, Term::lbrace};
        ++braces;
        ++i;
      } else if (c == '}') {
        if (braces == 0) return {i, Term::rbrace};
        --braces;
        ++i;
      } else if (c == ';' && parens == 0 && braces == 0) {
        return {i, Term::semicolon};
      } else {
        if (c == '(') ++parens;
        if (c == ')' && parens > 0) --parens;
        in_name = is_name_char(c);
        ++i;
      }
    }
    if (open_braces) *open_braces = braces;
    return {n_, Term::eof};
  }

  std::size_t string_checked(std::size_t i) {
    StrEnd how;
    std::size_t end = skip_string(s_, i, n_, how, &escape_at_eof_);
    if (how == StrEnd::newline) error(i, "unterminated string");
    if (how == StrEnd::eof) {
      error(i, "unterminated string");
      eof_closer_ = std::string(1, s_[i]);
    }
    return end;
  }

  std::size_t url_checked(std::size_t i) {
    bool closed = false;
    std::size_t end = skip_url_body(s_, i + 4, n_, closed, &escape_at_eof_);
    if (!closed) {
      error(i, "unterminated url(");
      eof_closer_ = ")";
    }
    return end;
  }

  // A rule, or junk, where rules are expected (top level, inside @media, …).
  void rule_list_item() {
    auto [end, term] = scan_item(pos_);
    if (term == Term::lbrace) {
      rule(end, Kind::style_body);
      return;
    }
    // Not a rule: dropped (a browser would drop it too, with the rule that follows it).
    error(pos_, "expected '{' after selector (text dropped)");
    pos_ = end;
    if (term == Term::semicolon) ++pos_;
    if (term == Term::eof) {  // what it left open is gone with it
      eof_closer_.clear();
      escape_at_eof_ = false;
    }
  }

  // A declaration or a nested rule, inside a style rule.
  void body_item() {
    const bool custom = pos_ + 1 < n_ && s_[pos_] == '-' && s_[pos_ + 1] == '-';
    int open_braces = 0;
    auto [end, term] = scan_item(pos_, custom, &open_braces);
    if (open_braces > 0) {
      error(pos_, "unclosed '{' in custom property value");
      unclosed_opaque_ += open_braces;
    }
    if (term == Term::lbrace) {
      rule(end, Kind::style_body);
      return;
    }
    out_.append(s_, pos_, end - pos_);  // a declaration, as written
    pos_ = end;
    if (term == Term::semicolon) {
      out_ += ';';
      ++pos_;
    }
  }

  // The selector is s_[pos_, brace); opens its block.
  void rule(std::size_t brace, Kind body) {
    scope_selector_list(pos_, brace);
    out_ += '{';
    frames_.push_back(Frame{body, brace});
    pos_ = brace + 1;
  }

  void at_rule(Kind ctx) {
    const std::size_t start = pos_;
    std::size_t i = pos_ + 1;
    const std::size_t name_start = i;
    while (i < n_ && (is_name_char(s_[i]) || s_[i] == '\\')) {
      i = s_[i] == '\\' ? skip_escape(s_, i, n_, &escape_at_eof_) : i + 1;
    }
    const std::string_view name = s_.substr(name_start, i - name_start);
    auto [end, term] = scan_item(i);
    out_.append(s_, start, end - start);
    pos_ = end;
    if (term == Term::semicolon) {
      out_ += ';';
      ++pos_;
    } else if (term == Term::lbrace) {
      static constexpr std::string_view kGroups[] = {
          "media", "supports", "container", "layer", "scope", "starting-style", "document",
          "-moz-document"};
      bool group = false;
      for (auto g : kGroups) group = group || iequals(name, g);
      if (group) {
        out_ += '{';
        frames_.push_back(Frame{ctx, end});
        ++pos_;
      } else {
        copy_block(end);
      }
    } else {
      error(start, "expected ';' or '{' after at-rule");
      if (term == Term::eof) finish_open_tokens();
      out_ += ';';
    }
  }

  // A block copied as written (@keyframes, @font-face, …), up to its matching `}`.
  void copy_block(std::size_t open) {
    std::size_t i = open + 1;
    int depth = 1;
    bool in_name = false;
    while (i < n_) {
      const Opaque opaque = skip_opaque(i, in_name);
      if (opaque == Opaque::unterminated) break;
      if (opaque == Opaque::skipped) continue;
      const char c = s_[i];
      if (c == '{') {
        ++depth;
        ++i;
      } else if (c == '}') {
        ++i;
        if (--depth == 0) {
          out_.append(s_, open, i - open);
          pos_ = i;
          return;
        }
      } else {
        in_name = is_name_char(c);
        ++i;
      }
    }
    i = std::min(i, n_);
    out_.append(s_, open, i - open);
    error(open, "unclosed '{'");
    unclosed_opaque_ = depth;
    pos_ = n_;
  }

  // Closes a string or url( cut by the end of the input (once).
  void finish_open_tokens() {
    if (escape_at_eof_) out_ += ' ';  // so a trailing `\` escapes a space, not our closers
    out_ += eof_closer_;
    escape_at_eof_ = false;
    eof_closer_.clear();
  }

  // Closes whatever the end of the input left open.
  void finish() {
    finish_open_tokens();
    out_.append(static_cast<std::size_t>(unclosed_opaque_), '}');
    while (!frames_.empty()) {
      error(frames_.back().open, "unclosed '{'");
      out_ += '}';
      frames_.pop_back();
    }
  }

  // --- selectors -------------------------------------------------------------------------

  // Selectors are cut into pieces at the same token boundaries scan_item sees, so that the
  // scope is never put inside a string, a comment, an escape or an unquoted url(.

  bool lone_backslash_at(std::size_t i, std::size_t e) const {
    return s_[i] == '\\' && (i + 1 >= e || is_newline(s_[i + 1]));
  }
  bool url_at(std::size_t i, std::size_t e) const {
    return (s_[i] == 'u' || s_[i] == 'U') && unquoted_url_at(s_, i, e, false) != npos;
  }

  // A name (identifier characters and escapes) from i; stops before a lone `\`.
  std::size_t scan_name(std::size_t i, std::size_t e) const {
    while (i < e) {
      if (is_name_char(s_[i]))
        ++i;
      else if (s_[i] == '\\' && !lone_backslash_at(i, e))
        i = skip_escape(s_, i, e);
      else
        break;
    }
    return i;
  }

  // One indivisible token at i: a comment, a string, an unquoted url(, an escape, or one byte.
  // `in_name`: in (out) whether a name continues here (after it). `bad_string` is set by a
  // string that a newline cut.
  std::size_t atom_end(std::size_t i, std::size_t e, bool& in_name, bool& bad_string) const {
    const char c = s_[i];
    const bool was_in_name = in_name;
    in_name = false;
    if (comment_at(s_, i, e)) {
      std::size_t end = skip_comment(s_, i, e);
      return end == npos ? e : end;
    }
    if (c == '"' || c == '\'') {
      StrEnd how;
      std::size_t end = skip_string(s_, i, e, how);
      bad_string = bad_string || how != StrEnd::closed;
      return end;
    }
    if (c == '\\') {
      in_name = !lone_backslash_at(i, e);
      return skip_escape(s_, i, e);
    }
    if ((c == 'u' || c == 'U') && unquoted_url_at(s_, i, e, was_in_name) != npos) {
      bool closed;
      return skip_url_body(s_, i + 4, e, closed);
    }
    in_name = is_name_char(c);
    return i + 1;
  }

  // s_[i] == open ('(' or '['): the index past the matching close, or e.
  std::size_t skip_group(std::size_t i, std::size_t e, char open, char close, bool& closed,
                         bool& bad_string) const {
    int depth = 0;
    bool in_name = false;
    while (i < e) {
      const char c = s_[i];
      const std::size_t next = atom_end(i, e, in_name, bad_string);
      if (next == i + 1 && c == open) ++depth;
      if (next == i + 1 && c == close && --depth == 0) {
        closed = true;
        return next;
      }
      i = next;
    }
    closed = false;
    return e;
  }

  // The end of the last token in s_[b, e) that is not whitespace. A lone `\` keeps the newline
  // after it: joined to what follows it would escape that.
  std::size_t end_of_last_token(std::size_t b, std::size_t e) const {
    std::size_t last = b;
    bool in_name = false, bad = false;
    for (std::size_t i = b; i < e;) {
      if (is_ws(s_[i])) {
        ++i;
        in_name = false;
        continue;
      }
      const bool lone = lone_backslash_at(i, e);
      i = atom_end(i, e, in_name, bad);
      if (lone && i < e) i += (s_[i] == '\r' && i + 1 < e && s_[i + 1] == '\n') ? 2 : 1;
      last = i;
    }
    return last;
  }

  void flush(Compound& c) {
    if (c.text.empty()) return;
    if (c.amp || c.global || c.root) {
      out_ += c.text;
    } else if (!c.any_plain) {
      out_ += where_;
      out_ += c.text;
    } else if (c.star_only) {
      out_.append(c.text, 0, c.star_pos);
      out_ += where_;
      out_.append(c.text, c.star_pos + 1);
    } else {
      out_.append(c.text, 0, c.insert_at);
      out_ += where_;
      out_.append(c.text, c.insert_at);
    }
    c = Compound{};
  }

  void scope_selector_list(std::size_t b, std::size_t e) {
    Compound c;
    std::size_t i = b;
    while (i < e) {
      const char ch = s_[i];
      if (is_ws(ch)) {
        flush(c);
        out_ += ch;
        ++i;
      } else if (comment_at(s_, i, e)) {
        std::size_t end = skip_comment(s_, i, e);
        if (end == npos) end = e;
        if (c.text.empty())
          out_.append(s_, i, end - i);
        else
          c.pseudo(s_.substr(i, end - i));  // transparent inside a compound
        i = end;
      } else if (url_at(i, e)) {
        bool closed;
        std::size_t end = skip_url_body(s_, i + 4, e, closed);
        c.plain(s_.substr(i, end - i));
        i = end;
      } else if (ch == '>' || ch == '+' || ch == '~' || ch == ',') {
        flush(c);
        out_ += ch;
        ++i;
      } else if (ch == '|' && i + 1 < e && s_[i + 1] == '|') {
        flush(c);
        out_ += "||";
        i += 2;
      } else if (ch == '.' || ch == '#') {
        std::size_t end = i + 1 < e && url_at(i + 1, e) ? i + 1 : scan_name(i + 1, e);
        c.plain(s_.substr(i, end - i));
        i = end;
      } else if (ch == '*') {
        c.star();
        ++i;
      } else if (ch == '&') {
        c.amp = true;
        c.plain("&");
        ++i;
      } else if (ch == '[' || ch == '(') {
        bool closed = false, bad = false;
        std::size_t end = skip_group(i, e, ch, ch == '[' ? ']' : ')', closed, bad);
        if (!closed) error(i, ch == '[' ? "unclosed '[' in selector" : "unclosed '(' in selector");
        c.plain(s_.substr(i, end - i));
        i = end;
      } else if (ch == ':') {
        i = pseudo(c, i, e);
      } else if (lone_backslash_at(i, e)) {
        c.pseudo("\\");  // a lone `\`: nothing may be put right after it
        ++i;
      } else if (ch == '"' || ch == '\'') {
        StrEnd how;
        std::size_t end = skip_string(s_, i, e, how);
        c.plain(s_.substr(i, end - i));
        i = end;
      } else if (is_name_char(ch) || ch == '\\') {
        std::size_t end = scan_name(i, e);
        std::string_view ident = s_.substr(i, end - i);
        if (!c.any_plain && is_document_element(ident)) c.root = true;
        c.plain(ident);
        i = end;
      } else {
        c.plain(s_.substr(i, 1));  // `|` of a namespace, or junk: kept, part of the compound
        ++i;
      }
    }
    flush(c);
  }

  // s_[i] == ':'. A pseudo-class or pseudo-element, with its argument if any.
  std::size_t pseudo(Compound& c, std::size_t i, std::size_t e) {
    const std::size_t start = i++;
    const bool element = i < e && s_[i] == ':';
    if (element) ++i;
    if (i < e && url_at(i, e)) {  // `:url(…)` is a colon and a url token
      c.pseudo(s_.substr(start, i - start));
      return i;
    }
    const std::size_t name_end = scan_name(i, e);
    const std::string_view name = s_.substr(i, name_end - i);
    i = name_end;
    if (i < e && s_[i] == '(') {
      bool closed = false, bad = false;
      const std::size_t open = i;
      i = skip_group(i, e, '(', ')', closed, bad);
      if (!closed) error(open, "unclosed '(' in selector");
      if (!element && iequals(name, "global")) {
        std::size_t ab = open + 1, ae = closed ? i - 1 : i;
        while (ab < ae && is_ws(s_[ab])) ++ab;
        // Trailing whitespace goes, unless it ends a hex escape or a broken string.
        if (!bad) ae = end_of_last_token(ab, ae);
        c.global_argument(s_.substr(ab, ae - ab));
        // A `\31` ended by `:global(` or `)`: what comes next (whitespace, a hex digit) must not
        // become part of the escape.
        if (ends_in_open_hex_escape(c.text)) c.text += "/**/";
        return i;
      }
    } else if (!element && iequals(name, "root")) {
      c.root = true;
    }
    c.pseudo(s_.substr(start, i - start));
    return i;
  }

  std::string_view s_;
  std::size_t n_;  // end of the input; earlier when a comment never ends
  std::size_t pos_ = 0;
  std::string where_;
  std::string out_;
  std::vector<CssError> errors_;
  std::vector<Frame> frames_;
  std::string eof_closer_;  // closes a string or url( cut by the end of the input
  bool escape_at_eof_ = false;
  int unclosed_opaque_ = 0;
};

}  // namespace

ScopedCss scope_css(std::string_view css, std::string_view scope_attribute) {
  return Scoper(css, scope_attribute).run();
}

bool is_never_scoped_element(std::string_view tag) {
  static constexpr std::string_view kUnstyled[] = {"head",     "meta",     "title",    "link", "base",
                                                   "script",   "noscript", "template", "style"};
  if (is_document_element(tag)) return true;
  for (auto t : kUnstyled)
    if (t == tag) return true;
  return false;
}

}  // namespace isl::compiler
