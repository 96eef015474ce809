// The whole site as the check stage leaves it, and all the generator reads: every .isl file
// with its imports resolved, and every component use resolved to its target, props, slot
// fills, island form and client directive; routes, island names and stylesheets.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "compiler/check/client_directives.hpp"
#include "compiler/parse/ast.hpp"
#include "compiler/parse/source.hpp"

namespace isl::compiler {

struct Unit;

// A .jsx/.tsx/.js/.ts file imported by a template: bundled for the browser (§8).
struct ClientComponent {
  std::string absolute_path;
  std::string relative;  // to src/: "components/Counter.jsx"
  std::string url;       // its bundled entry, "/_isl/js/Counter-5XQ2MZ7C.js"
  bool rendered_at_build = false;  // used with a directive but client:only in a prerendered page
};

// One prop given at a use: of an .isl component, the member it initializes (`member`);
// of a client component, `member` is null and the attribute's name is the JSON key.
struct PropValue {
  const PropMember* member = nullptr;
  const Attribute* attribute = nullptr;
};

// What one slot of a use is filled with. The one slot-fill rule: a child with slot="name"
// fills that slot when it is an element, a <Fragment> or a component (`named`: its
// slot="…" is not written); every other child fills the default slot, which is left out
// when those children are only white space.
struct SlotFill {
  std::string name;
  std::vector<const Node*> nodes;
  bool named = false;
};

// A use of a component, `<Card …>` or `<Counter client:load …>`, resolved by the check stage.
struct ComponentUse {
  const Unit* target = nullptr;              // an .isl component, or...
  const ClientComponent* client = nullptr;   // ...a client component
  bool deferred = false;                     // server:defer: rendered per request (an island)
  ClientDirective directive;                 // client components: client:*
  // .isl components: in the order the members are declared (designated initializers);
  // client components: in the order written.
  std::vector<PropValue> props;
  // Members not given whose optionality the .isl compiler cannot see (a user's type or an
  // alias): the C++ compiler decides, at the use.
  std::vector<const PropMember*> left_out_unchecked;
  std::vector<SlotFill> slots;  // the default slot first when it is filled
};

struct Unit {
  std::unique_ptr<SourceFile> file;
  Template ast;
  std::string absolute_path;  // what #line names
  std::string canonical_path; // how imports find it (weakly canonical)
  std::string relative;       // to src/: "components/Card.isl"
  std::string key;            // relative without ".isl": "components/Card"
  std::string cpp_namespace;  // "isl_gen::components_Card_1a2b3c4d"
  std::string header_name;    // "components/Card.isl.hpp", relative to the generated dir
  std::string source_name;    // "components/Card.isl.cpp"
  std::string scope_id;       // "1a2b3c4d": data-isl-1a2b3c4d marks its elements
  std::map<std::string, Unit*> imports;  // import name → unit (resolved ones only)
  std::map<std::string, ClientComponent*> client_imports;  // import name → client component
  std::map<const Node*, ComponentUse> uses;  // every resolved component use in `ast`
  std::map<std::uint32_t, std::string> script_urls;  // bundled <script>: its offset → URL

  bool is_page = false;
  std::string route;          // pages: "/product/[id]"
  bool is_island = false;     // used with server:defer somewhere
  std::string island_name;    // islands: the name in /_server-islands/<name>
  bool has_scoped_style = false;
  std::string css;            // this file's own styles, scoped or global, in order
  std::string stylesheet;     // pages: the href of their stylesheet, "" for none

  // The resolved use at `n`; null when `n` is not a component use that resolved.
  const ComponentUse* use_of(const Node& n) const {
    auto it = uses.find(&n);
    return it == uses.end() ? nullptr : &it->second;
  }

  // A prerendered page that nothing renders per request: its code runs only at build time,
  // so it is compiled (at -O0) into the prerender program alone, not the server.
  bool build_time_only() const { return is_page && ast.frontmatter.prerender && !is_island; }
};

struct Stylesheet {
  std::string href;  // "/_isl/css/0123456789ab.css"
  std::string css;
};

struct SiteModel {
  std::vector<std::unique_ptr<Unit>> units;  // sorted by relative path
  std::vector<std::unique_ptr<ClientComponent>> clients;  // sorted by path
  std::vector<Stylesheet> stylesheets;       // each once, in the order pages first use them
  bool has_app = false;                      // src/app.cpp exists
};

}  // namespace isl::compiler
