// `isl build`'s client side (spec §8): installs the site's npm packages when they are
// missing or stale, bundles client components and <script>s with esbuild (hashed, split,
// minified, under /_isl/js/), and bundles the Node script that renders components at
// build time. A rebuild whose client inputs did not change runs neither esbuild nor npm.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "compiler/client/client_build.hpp"
#include "site_paths.hpp"

namespace isl::cli {

struct ClientBundleOutcome {
  bool bundled = false;        // there was client code: out_dir holds it
  bool ran_esbuild = false;    // false when the last bundle was still good
  std::filesystem::path out_dir;     // holds _isl/js/…: copied into the output
  std::filesystem::path ssr_script;  // the Node renderer, when some use is rendered at build time
  std::filesystem::path ssr_cache;
  std::string summary;         // one line for the build's progress
};

// The bundler compile_site() calls; it reports what it did in `outcome`.
compiler::ClientBundler make_client_bundler(const SitePaths& paths, ClientBundleOutcome& outcome);

// Before prerendering into `staging`: the bundled files go there (so they are
// precompressed with the rest), and the prerender program is told of the Node renderer.
void add_client_output(const ClientBundleOutcome& outcome, const std::filesystem::path& staging,
                       std::vector<std::string>& prerender_argv);

}  // namespace isl::cli
