// The whole site as the compiler sees it after parsing and checking: every .isl file with
// its imports resolved, which components are islands, each page's route and stylesheet.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "compiler/ast.hpp"
#include "compiler/source.hpp"

namespace isl::compiler {

// A .jsx/.tsx/.js/.ts file imported by a template: bundled for the browser (§8).
struct ClientComponent {
  std::string absolute_path;
  std::string relative;  // to src/: "components/Counter.jsx"
  std::string url;       // its bundled entry, "/_isl/js/Counter-5XQ2MZ7C.js"
  bool rendered_at_build = false;  // used with a directive but client:only in a prerendered page
};

struct Unit {
  std::unique_ptr<SourceFile> file;
  Template ast;
  std::string absolute_path;  // what #line names
  std::string relative;       // to src/: "components/Card.isl"
  std::string key;            // relative without ".isl": "components/Card"
  std::string cpp_namespace;  // "isl_gen::components_Card_1a2b3c4d"
  std::string header_name;    // "components/Card.isl.hpp", relative to the generated dir
  std::string source_name;    // "components/Card.isl.cpp"
  std::string scope_id;       // "1a2b3c4d": data-isl-1a2b3c4d marks its elements
  std::map<std::string, Unit*> imports;  // import name → unit (resolved ones only)
  std::map<std::string, ClientComponent*> client_imports;  // import name → client component
  std::map<std::uint32_t, std::string> script_urls;  // bundled <script>: its offset → URL

  bool is_page = false;
  std::string route;          // pages: "/product/[id]"
  bool is_island = false;     // used with server:defer somewhere
  std::string island_name;    // islands: the name in /_server-islands/<name>
  bool has_scoped_style = false;
  std::string css;            // this file's own styles, scoped or global, in order

  // A prerendered page that nothing renders per request: its code runs only at build time,
  // so it is compiled (at -O0) into the prerender program alone, not the server.
  bool build_time_only() const { return is_page && ast.frontmatter.prerender && !is_island; }
};

struct SiteModel {
  std::vector<std::unique_ptr<Unit>> units;  // sorted by relative path
  std::vector<std::unique_ptr<ClientComponent>> clients;  // sorted by path
  bool has_app = false;                      // src/app.cpp exists
};

}  // namespace isl::compiler
