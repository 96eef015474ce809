// A whole site's templates to C++: find the .isl files, parse and check them together
// (imports, props, islands), generate each file's code, the site table and stylesheets.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "compiler/client/client_build.hpp"
#include "compiler/diagnostics.hpp"

namespace isl::compiler {

struct SiteCompileOptions {
  std::filesystem::path site_dir;  // holds src/
  std::filesystem::path out_dir;   // generated C++ goes here
  // Diagnostics name files relative to this folder when they are inside it.
  std::filesystem::path display_base = std::filesystem::current_path();
  // Bundles client components and <script>s; without one (isl translate, tests), scripts
  // are written as they are and client components get unbundled URLs.
  ClientBundler bundle_client;
};

struct SiteCompileResult {
  Diagnostics diagnostics;
  std::size_t pages = 0;
  std::size_t components = 0;
  std::size_t islands = 0;
  std::size_t files_written = 0;  // generated files whose content changed
  std::vector<std::string> island_names;
  std::size_t client_components = 0;
  std::size_t bundled_scripts = 0;
  bool ok() const { return diagnostics.empty(); }
};

SiteCompileResult compile_site(const SiteCompileOptions& options);

}  // namespace isl::compiler
