#include "compiler/parse/frontmatter.hpp"

#include <string>

#include "compiler/check/client_directives.hpp"
#include "compiler/parse/cpp_lexer.hpp"

namespace isl::compiler {
namespace {

// The offset just past the end of the line holding `pos` (past the '\n').
std::uint32_t end_of_line(std::string_view text, std::uint32_t pos) {
  auto nl = text.find('\n', pos);
  return nl == std::string_view::npos ? static_cast<std::uint32_t>(text.size())
                                      : static_cast<std::uint32_t>(nl + 1);
}

bool is_delimiter_line(std::string_view text, std::uint32_t begin) {
  auto line_end = text.find('\n', begin);
  auto line = text.substr(begin, line_end == std::string_view::npos ? std::string_view::npos
                                                                    : line_end - begin);
  while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
  return line == "---";
}

// Where a statement that starts at `first` ends: after the `;` at bracket depth 0, or after
// a `}` back at depth 0 that closes a function or namespace body (not an initializer).
std::uint32_t statement_end(std::string_view text, Token first, std::uint32_t limit,
                            bool declaration, std::string& error, std::uint32_t& error_at) {
  CppLexer lexer(text, first.begin);
  int depth = 0;
  bool saw_assign = false;
  bool saw_arrow = false;
  bool is_namespace = first.is("namespace");
  Token prev;
  bool body_brace = false;
  for (;;) {
    Token t = lexer.next();
    if (t.kind == TokenKind::error) {
      error = lexer.error();
      error_at = t.begin;
      return limit;
    }
    if (t.kind == TokenKind::end || t.begin >= limit) {
      if (depth > 0) {
        error = "unbalanced brackets: a '{', '(' or '[' is never closed";
        error_at = first.begin;
      }
      return limit;
    }
    if (t.kind == TokenKind::punct && t.text.size() == 1) {
      char c = t.text[0];
      if (c == '(' || c == '[' || c == '{') {
        if (c == '{' && depth == 0) {
          body_brace = is_namespace ||
                       (declaration && !saw_assign &&
                        (prev.is(')') || prev.is("const") || prev.is("noexcept") ||
                         prev.is("override") || prev.is("final") || prev.is("mutable") || saw_arrow)) ||
                       (!declaration && !saw_assign);
        }
        ++depth;
      } else if (c == ')' || c == ']' || c == '}') {
        if (depth == 0) {
          error = std::string("unexpected '") + c + "'";
          error_at = t.begin;
          return t.end;
        }
        --depth;
        if (depth == 0 && c == '}' && body_brace) {
          // `struct X { ... };` and `x = T{...};` go on to their ';'
          Token after = lexer.peek();
          if (after.is(';')) return after.end;
          return t.end;
        }
      } else if (c == ';' && depth == 0) {
        return t.end;
      } else if (c == '=' && depth == 0) {
        saw_assign = true;
      }
    }
    if (depth == 0 && t.is('-') && lexer.peek().is('>')) saw_arrow = true;
    prev = t;
  }
}

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n')) s.remove_suffix(1);
  return std::string(s);
}

void parse_import(const SourceFile& file, Token first, CppLexer& lexer, std::uint32_t limit,
                  Frontmatter& out, Diagnostics& diags) {
  auto text = file.text();
  Token name = lexer.next();
  Token from = lexer.next();
  Token path = lexer.next();
  std::string value;
  bool ok = name.kind == TokenKind::identifier && from.is("from") &&
            path.kind == TokenKind::string && parse_simple_string_literal(path.text, value);
  if (!ok && path.kind == TokenKind::character && path.text.size() >= 2) {
    value = std::string(path.text.substr(1, path.text.size() - 2));
    ok = name.kind == TokenKind::identifier && from.is("from");
  }
  std::uint32_t end = end_of_line(text, first.begin);
  if (ok) {
    Token semi = lexer.peek();
    if (semi.is(';')) end = lexer.next().end;
    else end = path.end;
  }
  if (!ok) {
    diags.error(file, first.begin, "bad import: expected `import Name from \"./Name.isl\";`");
    lexer.seek(std::min(end, limit));
    return;
  }
  if ((value.size() < 4 || value.substr(value.size() - 4) != ".isl") && !is_client_component_path(value)) {
    diags.error(file, path.begin, "bad import: \"" + value + "\" is not an .isl file or a client component",
                "components are imported from .isl files, client components from .jsx, .tsx, .js or .ts "
                "files; C++ headers use #include");
  }
  for (const auto& existing : out.imports)
    if (existing.name == name.text)
      diags.error(file, name.begin, "component '" + std::string(name.text) + "' is imported twice");
  out.imports.push_back({std::string(name.text), value, {first.begin, end}, {path.begin, path.end}});
  lexer.seek(end);
}

// Whether a member type, as written, is surely not a std::optional: a standard type other
// than std::optional, or a built-in one. Any other name (a user's alias or struct) may be
// one; the C++ compiler decides where a use leaves the member out (generate/unit.cpp).
bool known_not_optional(std::string_view type) {
  while (type.rfind("const ", 0) == 0 || type.rfind("volatile ", 0) == 0) type.remove_prefix(type.find(' ') + 1);
  if (type.rfind("::", 0) == 0) type.remove_prefix(2);
  if (type.rfind("std::", 0) == 0 || type.rfind("isl::", 0) == 0) return type.rfind("std::optional", 0) != 0;
  std::string_view word = type.substr(0, type.find_first_of(" <*&"));
  for (std::string_view builtin : {"bool", "char", "short", "int", "long", "unsigned", "signed", "float", "double",
                                   "wchar_t", "char8_t", "char16_t", "char32_t"})
    if (word == builtin) return true;
  return false;
}

}  // namespace

std::uint32_t parse_frontmatter(const SourceFile& file, Frontmatter& out, Diagnostics& diags) {
  auto text = file.text();
  // The frontmatter opens on the first non-blank line.
  std::uint32_t start = 0;
  while (start < text.size() && (text[start] == ' ' || text[start] == '\t' || text[start] == '\n'))
    ++start;
  while (start > 0 && text[start - 1] != '\n') --start;  // back to the start of that line
  if (!is_delimiter_line(text, start)) return 0;
  out.present = true;
  std::uint32_t begin = end_of_line(text, start);
  std::uint32_t close = begin;
  while (close < text.size() && !is_delimiter_line(text, close)) close = end_of_line(text, close);
  if (close >= text.size()) {
    diags.error(file, start, "frontmatter is never closed: expected a line with `---`");
    return static_cast<std::uint32_t>(text.size());
  }
  std::uint32_t limit = close;

  CppLexer lexer(text, begin);
  CodeChunk* body = nullptr;  // the body chunk being extended, while statements follow each other
  for (;;) {
    std::uint32_t before = lexer.position();
    Token t = lexer.next();
    if (t.kind == TokenKind::end || t.begin >= limit) break;
    if (t.kind == TokenKind::error) {
      diags.error(file, t.begin, lexer.error());
      break;
    }
    if (t.is('#')) {
      std::uint32_t end = t.begin;
      do {  // a directive runs to the end of the line, continued by backslashes
        end = end_of_line(text, end);
      } while (end >= 2 && end < limit && text[end - 2] == '\\');
      end = std::min(end, limit);
      Token directive = lexer.next();
      std::string line = std::string(text.substr(t.begin, end - t.begin));
      if (directive.is("include")) {
        out.includes.push_back({line, t.begin});
        body = nullptr;
      } else {
        if (!body) body = &out.body.emplace_back(CodeChunk{"", t.begin});
        body->text.append(text.substr(before, end - before));
      }
      lexer.seek(end);
      continue;
    }
    if (t.is("import")) {
      parse_import(file, t, lexer, limit, out, diags);
      body = nullptr;
      continue;
    }
    std::string error;
    std::uint32_t error_at = 0;
    if (t.is("struct") && lexer.peek().is("Props")) {
      std::uint32_t end = statement_end(text, t, limit, true, error, error_at);
      if (!error.empty()) diags.error(file, error_at, error);
      out.props = CodeChunk{std::string(text.substr(t.begin, end - t.begin)), t.begin};
      out.members = parse_props_members(file, *out.props, diags);
      lexer.seek(end);
      body = nullptr;
      continue;
    }
    if (t.is("export")) {
      Token first = lexer.next();
      std::uint32_t end = statement_end(text, first, limit, true, error, error_at);
      if (!error.empty()) diags.error(file, error_at, error);
      CodeChunk chunk{std::string(text.substr(first.begin, end - first.begin)), first.begin};
      // The names the framework reads: prerender, stream_islands and getStaticPaths.
      CppLexer scan(text, first.begin);
      for (Token s = scan.next(); s.kind != TokenKind::end && s.kind != TokenKind::error && s.begin < end;
           s = scan.next()) {
        if (s.is("prerender") && scan.peek().is('=')) {
          scan.next();
          Token value = scan.next();
          if (value.is("false")) out.prerender = false;
          else if (value.is("true")) out.prerender = true;
          else
            diags.error(file, value.begin, "prerender must be `true` or `false`",
                        "the build reads it before any C++ runs: write the value itself");
          out.prerender_span = {s.begin, s.end};
          break;
        }
        if (s.is("stream_islands") && scan.peek().is('=')) {
          scan.next();
          Token value = scan.next();
          if (value.is("false")) out.stream_islands = false;
          else if (value.is("true")) out.stream_islands = true;
          else
            diags.error(file, value.begin, "stream_islands must be `true` or `false`",
                        "the build reads it before any C++ runs: write the value itself");
          break;
        }
        if (s.is("getStaticPaths") && scan.peek().is('(')) {
          out.has_static_paths = true;
          break;
        }
      }
      out.exports.push_back(std::move(chunk));
      lexer.seek(end);
      body = nullptr;
      continue;
    }
    std::uint32_t end = statement_end(text, t, limit, false, error, error_at);
    if (!error.empty()) diags.error(file, error_at, error);
    if (!body) body = &out.body.emplace_back(CodeChunk{"", before});
    body->text.append(text.substr(before, end - before));
    lexer.seek(end);
  }
  return end_of_line(text, close);
}

std::vector<PropMember> parse_props_members(const SourceFile& file, const CodeChunk& props,
                                            Diagnostics& diags) {
  std::vector<PropMember> members;
  auto text = file.text();
  CppLexer lexer(text, props.offset);
  // Skip to the opening brace of the struct body.
  Token t;
  do {
    t = lexer.next();
  } while (t.kind != TokenKind::end && t.kind != TokenKind::error && !t.is('{'));
  if (!t.is('{')) return members;
  std::uint32_t body_end = props.offset + static_cast<std::uint32_t>(props.text.size());

  std::vector<Token> decl;
  int depth = 0;
  auto finish = [&](bool function_like) {
    if (decl.empty()) return;
    auto first = decl.front();
    bool skip = function_like || first.is("static") || first.is("using") || first.is("typedef") ||
                first.is("friend") || first.is("template") || first.is("struct") ||
                first.is("class") || first.is("enum") || first.is("union") || first.is('~') ||
                first.is("constexpr");
    if (!skip) {
      // The declarator name: the last identifier before a depth-0 '=' or '{' or the end.
      int d = 0;
      std::size_t name_index = decl.size();
      bool has_init = false;
      for (std::size_t i = 0; i < decl.size(); ++i) {
        const Token& k = decl[i];
        if (d == 0 && (k.is('=') || k.is('{'))) {
          has_init = true;
          break;
        }
        if (k.is('(') || k.is('[') || k.is('{') || k.is('<')) ++d;
        if (k.is(')') || k.is(']') || k.is('}') || k.is('>')) --d;
        if (d == 0 && k.kind == TokenKind::identifier) name_index = i;
      }
      if (name_index < decl.size() && name_index > 0) {
        const Token& name = decl[name_index];
        std::string type = trim(text.substr(first.begin, name.begin - first.begin));
        bool optional = type.rfind("std::optional", 0) == 0 || type.rfind("optional<", 0) == 0 ||
                        type.rfind("::std::optional", 0) == 0;
        bool known = known_not_optional(type);
        PropMember member;
        member.name = std::string(name.text);
        member.type = type;
        member.required = !has_init && !optional && known;
        member.checked_in_cpp = !has_init && !optional && !known;
        member.span = {name.begin, name.end};
        members.push_back(std::move(member));
      } else {
        diags.error(file, first.begin, "cannot read this member of struct Props",
                    "write members as `Type name;` or `Type name = default;`");
      }
    }
    decl.clear();
  };
  bool function_like = false;
  for (;;) {
    t = lexer.next();
    if (t.kind == TokenKind::end || t.kind == TokenKind::error || t.begin >= body_end) break;
    if (depth == 0 && t.is('}')) {
      finish(function_like);
      break;
    }
    if (depth == 0 && (t.is("public") || t.is("private") || t.is("protected")) && lexer.peek().is(':')) {
      lexer.next();
      continue;
    }
    if (t.is('(') && depth == 0 && decl.size() > 0) {
      // a '(' straight after the name, before any '=': a member function
      bool before_init = true;
      for (const auto& k : decl)
        if (k.is('=') || k.is('{')) before_init = false;
      if (before_init) function_like = true;
    }
    if (t.is('(') || t.is('[') || t.is('{')) ++depth;
    if (t.is(')') || t.is(']') || t.is('}')) {
      --depth;
      if (depth == 0 && t.is('}') && function_like) {
        decl.push_back(t);
        if (lexer.peek().is(';')) lexer.next();
        finish(true);
        function_like = false;
        continue;
      }
    }
    if (depth == 0 && t.is(';')) {
      finish(function_like);
      function_like = false;
      continue;
    }
    decl.push_back(t);
  }
  return members;
}

}  // namespace isl::compiler
