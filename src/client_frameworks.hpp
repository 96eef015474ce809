// The frameworks a client component may be written for (Preact, React): how esbuild
// compiles their JSX, how the browser mounts a component, how Node renders one.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace isl::cli {

struct Framework {
  std::string_view name;               // "preact", "react"
  std::string_view jsx_import_source;  // esbuild --jsx-import-source
  // The browser adapter module: `mount(element, Component, props, childrenHtml, hydrate)`.
  std::string_view adapter;
  // The Node renderer's imports of h and renderToString.
  std::string_view ssr_imports;
  std::string_view ssr_package;        // the package renderToString comes from
  std::string_view ssr_install;        // what isl installs when the site does not have it; "" none
};

// The framework the site's package.json names (dependencies or devDependencies), or null.
const Framework* framework_for(const std::vector<std::string>& packages);

// The Node renderer's body: reads {"c","p","h"} lines on stdin, answers {"html"} or {"error"}.
// `components` is `"id": Identifier, …` for the imported components.
std::string ssr_server_source(const Framework& framework, const std::string& imports, const std::string& components);

}  // namespace isl::cli
