// The parsed form of one .isl file: frontmatter parts and the template tree, with spans
// back into the source for diagnostics and #line mapping.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compiler/parse/source.hpp"

namespace isl::compiler {

// A piece of the author's C++, kept verbatim with where it started.
struct CodeChunk {
  std::string text;
  std::uint32_t offset = 0;
};

struct Import {
  std::string name;  // Name in `import Name from "./Name.isl";`
  std::string path;  // as written
  Span span;         // the whole statement
  Span path_span;
};

struct PropMember {
  std::string name;
  std::string type;
  bool required = false;  // no initializer and not std::optional
  // No initializer, and a type the .isl compiler cannot see through (an alias, a user's
  // type): whether a use may leave it out is decided by the C++ compiler, at the use.
  bool checked_in_cpp = false;
  Span span;
};

struct Frontmatter {
  bool present = false;
  std::vector<Import> imports;
  std::vector<CodeChunk> includes;  // whole `#include ...` lines
  std::optional<CodeChunk> props;   // `struct Props { ... };`
  std::vector<PropMember> members;
  std::vector<CodeChunk> exports;   // without the `export` keyword
  std::vector<CodeChunk> body;      // statements run on every render
  bool prerender = true;
  bool stream_islands = false;  // `export constexpr bool stream_islands = true;`
  bool has_static_paths = false;
  Span prerender_span;
};

struct Attribute {
  enum class Kind { text, expression, bare };
  Kind kind = Kind::text;
  std::string name;
  std::string value;  // the text, or the C++ expression
  Span name_span;
  Span value_span;
};

enum class NodeKind {
  text,        // literal markup, written as is
  expression,  // {expr}
  comment,     // <!-- ... --> written as is (text holds it whole)
  element,     // <div ...> ... </div>
  component,   // <Card ...> ... </Card>
  slot,        // <slot name="..."> fallback </slot>
  fragment,    // <Fragment> ... </Fragment>
  if_block,    // {#if} ... {/if}
  for_block,   // {#for} ... {:empty} ... {/for}
};

struct Node;
using Nodes = std::vector<Node>;

struct Branch {
  std::string condition;  // empty for {:else}
  Span condition_span;
  Nodes body;
};

struct Node {
  NodeKind kind = NodeKind::text;
  Span span;           // the opening tag or block head
  std::string text;    // text, expression code, comment, element name, component name
  std::vector<Attribute> attributes;
  Nodes children;      // element, component, slot fallback, fragment, for body
  std::vector<Branch> branches;  // if: each condition with its body
  std::string loop_head;         // for: what goes in `for (…)`, as written
  Span loop_head_span;
  Nodes empty;         // for: the {:empty} part
  bool has_empty = false;
  bool raw_text = false;  // <script>/<style>: text is the body as written

  const Attribute* attribute(std::string_view name) const {
    for (const auto& a : attributes)
      if (a.name == name) return &a;
    return nullptr;
  }
};

// Calls `visit` on every node of `nodes` and of everything below them, parents first.
template <class Visit>
void walk(const Nodes& nodes, Visit&& visit) {
  for (const auto& n : nodes) {
    visit(n);
    walk(n.children, visit);
    for (const auto& b : n.branches) walk(b.body, visit);
    walk(n.empty, visit);
  }
}

struct Template {
  std::string path;  // as in diagnostics
  Frontmatter frontmatter;
  Nodes nodes;
  std::uint32_t template_offset = 0;
};

}  // namespace isl::compiler
