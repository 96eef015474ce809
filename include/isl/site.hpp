// The table a generated site program hands to the runtime: its pages, islands and styles.
// Written by the isl compiler (site.gen.cpp); sites do not write it by hand.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "isl/context.hpp"
#include "isl/output.hpp"
#include "isl/slots.hpp"

namespace isl {

class App;

struct PageDef {
  const char* source;  // "src/pages/product/[id].isl"
  const char* route;   // "/product/[id]"
  void (*render)(Context&, Output&);
  std::vector<Params> (*static_paths)();  // null when the page has no getStaticPaths()
  bool prerender;
  const char* stylesheet;  // "/_isl/css/<hash>.css", or "" when the page has no CSS
  bool stream_islands = false;  // `export constexpr bool stream_islands = true;` (spec §3)
};

struct IslandDef {
  const char* name;    // the name in /_server-islands/<name>
  const char* source;  // "src/components/StockStatus.isl"
  // Decodes the props and renders; false when the bytes are not this island's props.
  bool (*render)(Context&, Output&, std::string_view props, const Slots& slots);
};

struct StylesheetDef {
  const char* href;
  const char* css;
};

struct SiteDef {
  const PageDef* pages;
  std::size_t page_count;
  const IslandDef* islands;
  std::size_t island_count;
  const StylesheetDef* stylesheets;
  std::size_t stylesheet_count;
  void (*configure)(App&);  // src/app.cpp's configure(), or null
};

// The site program's main(): `prerender --out DIR` at build time, `serve ...` in production.
int run_site(int argc, char** argv, const SiteDef& site);

}  // namespace isl
