#include "compiler/parse/template_parser.hpp"

#include <algorithm>
#include <array>

#include "compiler/parse/cpp_lexer.hpp"
#include "compiler/parse/frontmatter.hpp"
#include "compiler/parse/html_elements.hpp"
#include "compiler/parse/text.hpp"

namespace isl::compiler {
namespace {

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }
bool is_tag_char(char c) {
  return is_alpha(c) || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == ':';
}

bool is_component_name(std::string_view name) {
  return (!name.empty() && name[0] >= 'A' && name[0] <= 'Z') || name.find('.') != std::string_view::npos;
}

// What ended a run of nodes: the caller decides whether it is its own closer.
struct Stop {
  enum Kind { eof, close_tag, else_branch, empty_branch, close_if, close_for };
  Kind kind = eof;
  std::string name;      // close_tag: the tag name
  std::string condition; // else_branch: "" for {:else}, the condition for {:else if}
  Span span;             // the closer itself
  Span condition_span;
};

class Parser {
 public:
  Parser(const SourceFile& file, std::uint32_t pos, Diagnostics& diags)
      : file_(file), text_(file.text()), pos_(pos), diags_(diags) {}

  Nodes parse_root() {
    Nodes nodes;
    for (;;) {
      Stop stop;
      parse_nodes(nodes, stop);
      if (stop.kind == Stop::eof) break;
      unexpected(stop);
    }
    return nodes;
  }

 private:
  // Reports a closer that closes nothing open, and consumes it.
  void unexpected(const Stop& stop) {
    switch (stop.kind) {
      case Stop::close_tag:
        error(stop.span.begin, "unexpected </" + stop.name + ">: no <" + stop.name + "> is open here");
        break;
      case Stop::else_branch:
        error(stop.span.begin, std::string(stop.condition.empty() ? "{:else}" : "{:else if}") +
                                   " is out of place: it belongs inside {#if} ... {/if}");
        break;
      case Stop::empty_branch:
        error(stop.span.begin, "{:empty} is out of place: it belongs inside {#for} ... {/for}");
        break;
      case Stop::close_if: error(stop.span.begin, "unexpected {/if}: no {#if} is open here"); break;
      case Stop::close_for: error(stop.span.begin, "unexpected {/for}: no {#for} is open here"); break;
      case Stop::eof: break;
    }
    pos_ = stop.span.end;
  }

  // True when `stop` closes something open further out (then the inner construct is the
  // one left unclosed); false when it closes nothing at all.
  bool closes_outer(const Stop& stop) const {
    for (auto it = open_.rbegin(); it != open_.rend(); ++it) {
      switch (stop.kind) {
        case Stop::close_tag:
          if (*it == "<" + stop.name) return true;
          break;
        case Stop::else_branch:
        case Stop::close_if:
          if (*it == "{#if") return true;
          break;
        case Stop::empty_branch:
        case Stop::close_for:
          if (*it == "{#for") return true;
          break;
        case Stop::eof: return true;
      }
    }
    return stop.kind == Stop::eof;
  }

  void error(std::uint32_t at, std::string message, std::string note = {}) {
    diags_.error(file_, at, std::move(message), std::move(note));
  }

  bool starts(std::string_view s) const { return text_.substr(pos_, s.size()) == s; }

  // Parses nodes into `out` until a closer or the end; leaves the closer unconsumed,
  // described in `stop`.
  void parse_nodes(Nodes& out, Stop& stop) {
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (c == '{') {
        if (parse_brace(out, stop)) return;
      } else if (c == '<' && starts("</") && pos_ + 2 < text_.size() && is_alpha(text_[pos_ + 2])) {
        std::uint32_t begin = pos_;
        std::uint32_t p = pos_ + 2;
        while (p < text_.size() && is_tag_char(text_[p])) ++p;
        std::string name(text_.substr(pos_ + 2, p - pos_ - 2));
        while (p < text_.size() && is_space(text_[p])) ++p;
        if (p < text_.size() && text_[p] == '>') ++p;
        else error(p, "expected '>' to end </" + name + ">");
        stop = {Stop::close_tag, name, {}, {begin, p}, {}};
        return;
      } else if (c == '<' && starts("<!--")) {
        auto end = text_.find("-->", pos_ + 4);
        if (end == std::string_view::npos) {
          error(pos_, "HTML comment is never closed: expected -->");
          end = text_.size();
        } else {
          end += 3;
        }
        append_text(out, NodeKind::comment, pos_, static_cast<std::uint32_t>(end));
      } else if (c == '<' && starts("<!")) {
        auto end = text_.find('>', pos_);
        if (end == std::string_view::npos) {
          error(pos_, "<! is never closed: expected >");
          end = text_.size() - 1;
        }
        append_text(out, NodeKind::text, pos_, static_cast<std::uint32_t>(end + 1));
      } else if (c == '<' && pos_ + 1 < text_.size() && is_alpha(text_[pos_ + 1])) {
        parse_tag(out);
      } else {
        std::uint32_t begin = pos_;
        ++pos_;
        while (pos_ < text_.size() && text_[pos_] != '{' && text_[pos_] != '<') ++pos_;
        append_text(out, NodeKind::text, begin, pos_);
      }
    }
    stop = {Stop::eof, {}, {}, {pos_, pos_}, {}};
  }

  void append_text(Nodes& out, NodeKind kind, std::uint32_t begin, std::uint32_t end) {
    if (kind == NodeKind::text && !out.empty() && out.back().kind == NodeKind::text) {
      out.back().text.append(text_.substr(begin, end - begin));
      out.back().span.end = end;
    } else {
      Node n;
      n.kind = kind;
      n.span = {begin, end};
      n.text = std::string(text_.substr(begin, end - begin));
      out.push_back(std::move(n));
    }
    pos_ = end;
  }

  // Reads C++ from `from` up to the closing '}' of a brace construct. Returns the code and
  // moves past the '}'.
  std::string cpp_until_brace(std::uint32_t from, std::uint32_t construct_begin, Span& span) {
    CppScan scan = scan_cpp_until(text_, from, '}');
    if (!scan.ok) {
      // One error per broken construct: the specific one (an unterminated string, a bracket
      // that does not match) where it is, else that the brace is never closed.
      bool same_line = text_.substr(construct_begin, scan.error_offset - construct_begin).find('\n') ==
                       std::string_view::npos;
      if (scan.error_offset > construct_begin && same_line && scan.error.rfind("expected", 0) != 0)
        error(scan.error_offset, scan.error);
      else
        error(construct_begin, "this { is never closed: expected }");
      // Recover at the next tag or line, so that what follows is still checked.
      std::uint32_t p = construct_begin + 1;
      while (p < text_.size() && text_[p] != '<' && text_[p] != '\n') ++p;
      pos_ = p;
      span = {0, 0};
      return {};
    }
    std::uint32_t b = from;
    while (b < scan.end && is_space(text_[b])) ++b;
    std::uint32_t e = scan.end;
    while (e > b && is_space(text_[e - 1])) --e;
    span = {b, e};
    pos_ = scan.end + 1;
    return std::string(text_.substr(b, e - b));
  }

  // At '{'. Returns true when it read a closer or a branch (described in `stop`).
  bool parse_brace(Nodes& out, Stop& stop) {
    std::uint32_t begin = pos_;
    std::uint32_t p = pos_ + 1;
    while (p < text_.size() && is_space(text_[p])) ++p;
    auto rest = text_.substr(p);
    if (rest.substr(0, 2) == "/*") {
      auto end = text_.find("*/", p + 2);
      if (end == std::string_view::npos) {
        error(begin, "template comment is never closed: expected */}");
        pos_ = static_cast<std::uint32_t>(text_.size());
        return false;
      }
      std::uint32_t q = static_cast<std::uint32_t>(end + 2);
      while (q < text_.size() && is_space(text_[q])) ++q;
      if (q < text_.size() && text_[q] == '}') {
        pos_ = q + 1;
        return false;
      }
      // `{/* note */ expr}`: a C++ comment inside an expression; fall through.
    }
    auto word = [&](std::string_view w) {
      return rest.substr(0, w.size()) == w &&
             (rest.size() == w.size() || !is_tag_char(rest[w.size()]));
    };
    auto close_brace = [&](std::uint32_t after) -> std::uint32_t {
      while (after < text_.size() && is_space(text_[after])) ++after;
      if (after < text_.size() && text_[after] == '}') return after + 1;
      error(after, "expected '}'");
      return after;
    };
    if (word("#if")) {
      Node node;
      node.kind = NodeKind::if_block;
      node.span = {begin, begin + 1};
      Span cond_span;
      std::string cond = cpp_until_brace(p + 3, begin, cond_span);
      if (cond.empty() && cond_span.begin != 0) error(begin, "{#if} needs a condition: {#if cond}");
      parse_if(node, std::move(cond), cond_span);
      out.push_back(std::move(node));
      return false;
    }
    if (word("#for")) {
      Node node;
      node.kind = NodeKind::for_block;
      node.span = {begin, begin + 1};
      Span head_span;
      std::string head = cpp_until_brace(p + 4, begin, head_span);
      if (head.empty() && head_span.begin != 0)
        error(begin, "{#for} needs a range: {#for const auto& x : xs}");
      parse_for(node, std::move(head), head_span);
      out.push_back(std::move(node));
      return false;
    }
    if (word(":else")) {
      std::uint32_t q = p + 5;
      while (q < text_.size() && is_space(text_[q])) ++q;
      if (text_.substr(q, 2) == "if" && (q + 2 >= text_.size() || !is_tag_char(text_[q + 2]))) {
        Span cond_span;
        std::string cond = cpp_until_brace(q + 2, begin, cond_span);
        if (cond.empty() && cond_span.begin != 0) error(begin, "{:else if} needs a condition");
        stop = {Stop::else_branch, {}, cond.empty() ? "false" : cond, {begin, pos_}, cond_span};
        return true;
      }
      stop = {Stop::else_branch, {}, {}, {begin, close_brace(q)}, {}};
      return true;
    }
    if (word(":empty")) {
      stop = {Stop::empty_branch, {}, {}, {begin, close_brace(p + 6)}, {}};
      return true;
    }
    if (word("/if")) {
      stop = {Stop::close_if, {}, {}, {begin, close_brace(p + 3)}, {}};
      return true;
    }
    if (word("/for")) {
      stop = {Stop::close_for, {}, {}, {begin, close_brace(p + 4)}, {}};
      return true;
    }
    if (!rest.empty() && (rest[0] == '#' || rest[0] == ':' || rest[0] == '/') &&
        rest.substr(0, 2) != "/*" && rest.substr(0, 2) != "//") {
      std::uint32_t q = p + 1;
      while (q < text_.size() && is_tag_char(text_[q])) ++q;
      error(begin, "unknown block {" + std::string(text_.substr(p, q - p)) + "}",
            "blocks are {#if}, {:else if}, {:else}, {/if}, {#for}, {:empty}, {/for}");
      Span ignored;
      cpp_until_brace(q, begin, ignored);
      return false;
    }
    Node node;
    node.kind = NodeKind::expression;
    node.span = {begin, begin + 1};
    Span span;
    node.text = cpp_until_brace(begin + 1, begin, span);
    node.span = span.begin ? span : Span{begin, begin + 1};
    if (node.text.empty() && span.begin != 0) {
      error(begin, "empty expression {}");
      return false;
    }
    if (!node.text.empty()) out.push_back(std::move(node));
    return false;
  }

  void parse_if(Node& node, std::string cond, Span cond_span) {
    open_.push_back("{#if");
    node.branches.push_back({std::move(cond), cond_span, {}});
    bool saw_else = false;
    for (;;) {
      Stop stop;
      parse_nodes(node.branches.back().body, stop);
      if (stop.kind == Stop::close_if) {
        pos_ = stop.span.end;
        break;
      }
      if (stop.kind == Stop::else_branch) {
        if (saw_else) error(stop.span.begin, "{:else} out of place: this {#if} already had its {:else}");
        bool is_else_if = !stop.condition.empty();
        pos_ = stop.span.end;
        if (!is_else_if) saw_else = true;
        node.branches.push_back({is_else_if ? stop.condition : std::string(), stop.condition_span, {}});
        continue;
      }
      if (stop.kind == Stop::empty_branch) {
        error(stop.span.begin, "{:empty} out of place: it belongs to {#for}, not {#if}");
        pos_ = stop.span.end;
        continue;
      }
      // close_tag, close_for or eof: this {#if} was never closed.
      open_.pop_back();
      if (stop.kind != Stop::eof && !closes_outer(stop)) {
        open_.push_back("{#if");
        unexpected(stop);
        continue;
      }
      error(node.span.begin, "{#if} is not closed: expected {/if}" +
                                 std::string(stop.kind == Stop::eof ? " before the end of the file" : ""));
      pos_ = stop.span.begin;
      return;
    }
    open_.pop_back();
  }

  void parse_for(Node& node, std::string head, Span head_span) {
    open_.push_back("{#for");
    node.loop_head = std::move(head);
    node.loop_head_span = head_span;
    Nodes* target = &node.children;
    for (;;) {
      Stop stop;
      parse_nodes(*target, stop);
      if (stop.kind == Stop::close_for) {
        pos_ = stop.span.end;
        break;
      }
      if (stop.kind == Stop::empty_branch) {
        if (node.has_empty) error(stop.span.begin, "this {#for} already has an {:empty}");
        node.has_empty = true;
        target = &node.empty;
        pos_ = stop.span.end;
        continue;
      }
      if (stop.kind == Stop::else_branch && !closes_outer(stop)) {
        error(stop.span.begin, "{:else} out of place: {#for} takes {:empty}, not {:else}");
        pos_ = stop.span.end;
        continue;
      }
      open_.pop_back();
      if (stop.kind != Stop::eof && !closes_outer(stop)) {
        open_.push_back("{#for");
        unexpected(stop);
        continue;
      }
      error(node.span.begin, "{#for} is not closed: expected {/for}" +
                                 std::string(stop.kind == Stop::eof ? " before the end of the file" : ""));
      pos_ = stop.span.begin;
      return;
    }
    open_.pop_back();
  }

  void parse_attributes(Node& node, bool& self_closing) {
    self_closing = false;
    for (;;) {
      while (pos_ < text_.size() && is_space(text_[pos_])) ++pos_;
      if (pos_ >= text_.size()) {
        error(node.span.begin, "<" + node.text + " is never closed: expected >");
        return;
      }
      char c = text_[pos_];
      if (c == '>') {
        ++pos_;
        return;
      }
      if (c == '/' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '>') {
        pos_ += 2;
        self_closing = true;
        return;
      }
      if (c == '<') {
        error(node.span.begin, "<" + node.text + " is never closed: expected >");
        return;
      }
      if (c == '{') {
        error(pos_, "attributes must have a name: write name={value}",
              "spreading attributes with {...x} is not supported");
        Span ignored;
        cpp_until_brace(pos_ + 1, pos_, ignored);
        continue;
      }
      Attribute attr;
      std::uint32_t name_begin = pos_;
      while (pos_ < text_.size() && !is_space(text_[pos_]) && text_[pos_] != '=' && text_[pos_] != '>' &&
             text_[pos_] != '"' && text_[pos_] != '\'' && text_[pos_] != '{' && text_[pos_] != '<' &&
             !(text_[pos_] == '/' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '>'))
        ++pos_;
      if (pos_ == name_begin) {  // a stray quote
        error(pos_, "unexpected character in tag");
        ++pos_;
        continue;
      }
      attr.name = std::string(text_.substr(name_begin, pos_ - name_begin));
      attr.name_span = {name_begin, pos_};
      std::uint32_t p = pos_;
      while (p < text_.size() && is_space(text_[p])) ++p;
      if (p < text_.size() && text_[p] == '=') {
        pos_ = p + 1;
        while (pos_ < text_.size() && is_space(text_[pos_])) ++pos_;
        if (pos_ >= text_.size()) continue;
        char q = text_[pos_];
        if (q == '"' || q == '\'') {
          auto end = text_.find(q, pos_ + 1);
          if (end == std::string_view::npos) {
            error(pos_, "attribute value is never closed: expected " + std::string(1, q));
            pos_ = static_cast<std::uint32_t>(text_.size());
            return;
          }
          attr.kind = Attribute::Kind::text;
          attr.value = std::string(text_.substr(pos_ + 1, end - pos_ - 1));
          attr.value_span = {pos_ + 1, static_cast<std::uint32_t>(end)};
          pos_ = static_cast<std::uint32_t>(end + 1);
        } else if (q == '{') {
          attr.kind = Attribute::Kind::expression;
          std::uint32_t open = pos_;
          attr.value = cpp_until_brace(pos_ + 1, open, attr.value_span);
          if (attr.value.empty() && attr.value_span.begin != 0)
            error(open, "empty expression in attribute " + attr.name);
        } else {
          std::uint32_t b = pos_;
          while (pos_ < text_.size() && !is_space(text_[pos_]) && text_[pos_] != '>' &&
                 !(text_[pos_] == '/' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '>'))
            ++pos_;
          attr.kind = Attribute::Kind::text;
          attr.value = std::string(text_.substr(b, pos_ - b));
          attr.value_span = {b, pos_};
        }
      } else {
        attr.kind = Attribute::Kind::bare;
      }
      for (const auto& other : node.attributes)
        if (other.name == attr.name) error(attr.name_span.begin, "attribute " + attr.name + " is given twice");
      node.attributes.push_back(std::move(attr));
    }
  }

  void parse_tag(Nodes& out) {
    Node node;
    std::uint32_t begin = pos_;
    std::uint32_t p = pos_ + 1;
    while (p < text_.size() && is_tag_char(text_[p])) ++p;
    node.text = std::string(text_.substr(pos_ + 1, p - pos_ - 1));
    node.span = {begin, p};
    pos_ = p;
    if (node.text == "Fragment") node.kind = NodeKind::fragment;
    else if (node.text == "slot") node.kind = NodeKind::slot;
    else if (is_component_name(node.text)) node.kind = NodeKind::component;
    else node.kind = NodeKind::element;
    bool self_closing = false;
    parse_attributes(node, self_closing);
    std::string tag = ascii_lower(node.text);
    if (node.kind == NodeKind::element && is_void_element(tag)) {
      out.push_back(std::move(node));
      return;
    }
    if (self_closing) {
      out.push_back(std::move(node));
      return;
    }
    if (node.kind == NodeKind::element && (tag == "script" || tag == "style")) {
      // Raw text: braces in CSS and JavaScript are not template syntax.
      std::string closer = "</" + tag;
      std::uint32_t q = pos_;
      std::uint32_t found = static_cast<std::uint32_t>(text_.size());
      while (q < text_.size()) {
        auto lt = text_.find("</", q);
        if (lt == std::string_view::npos) break;
        if (ascii_lower(text_.substr(lt, closer.size())) == closer) {
          found = static_cast<std::uint32_t>(lt);
          break;
        }
        q = static_cast<std::uint32_t>(lt + 2);
      }
      node.raw_text = true;
      if (found >= text_.size()) {
        error(begin, "<" + node.text + "> is not closed: expected </" + tag + ">");
        Node body;
        body.span = {pos_, found};
        body.text = std::string(text_.substr(pos_));
        node.children.push_back(std::move(body));
        pos_ = found;
      } else {
        Node body;
        body.kind = NodeKind::text;
        body.span = {pos_, found};
        body.text = std::string(text_.substr(pos_, found - pos_));
        node.children.push_back(std::move(body));
        auto gt = text_.find('>', found);
        pos_ = gt == std::string_view::npos ? static_cast<std::uint32_t>(text_.size())
                                            : static_cast<std::uint32_t>(gt + 1);
      }
      out.push_back(std::move(node));
      return;
    }
    open_.push_back("<" + node.text);
    for (;;) {
      Stop stop;
      parse_nodes(node.children, stop);
      if (stop.kind == Stop::close_tag && stop.name == node.text) {
        pos_ = stop.span.end;
        break;
      }
      open_.pop_back();
      if (stop.kind != Stop::eof && !closes_outer(stop)) {
        open_.push_back("<" + node.text);
        if (stop.kind == Stop::close_tag && ascii_lower(stop.name) == tag) {
          error(stop.span.begin, "</" + stop.name + "> does not match <" + node.text + ">",
                "tag names are case-sensitive");
        }
        unexpected(stop);
        continue;
      }
      error(begin, "<" + node.text + "> is not closed: expected </" + node.text + ">" +
                       (stop.kind == Stop::close_tag ? " before </" + stop.name + ">"
                        : stop.kind == Stop::eof     ? " before the end of the file"
                                                     : ""));
      pos_ = stop.span.begin;
      out.push_back(std::move(node));
      return;
    }
    open_.pop_back();
    out.push_back(std::move(node));
  }

  const SourceFile& file_;
  std::string_view text_;
  std::uint32_t pos_;
  Diagnostics& diags_;
  std::vector<std::string> open_;
};

}  // namespace

Nodes parse_template(const SourceFile& file, std::uint32_t begin, Diagnostics& diags) {
  Parser parser(file, begin, diags);
  return parser.parse_root();
}

Template parse_file(const SourceFile& file, Diagnostics& diags) {
  Template t;
  t.path = file.path();
  t.template_offset = parse_frontmatter(file, t.frontmatter, diags);
  t.nodes = parse_template(file, t.template_offset, diags);
  return t;
}

}  // namespace isl::compiler
