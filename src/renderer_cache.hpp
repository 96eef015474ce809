// The package that renders a framework's components in Node at build time, when the site
// does not list it (preact-render-to-string): installed once per machine into the user's
// cache, then copied into each site's .isl/node_modules. A fresh checkout, or a build after
// `rm -rf .isl`, then costs a copy of a few files instead of an npm run (1 to 2 s).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace isl::cli {

// $ISL_CACHE_DIR, else $XDG_CACHE_HOME/isl, else ~/.cache/isl; empty when none can be named.
std::filesystem::path user_cache_dir();

// Makes `node_modules`/`package` hold `spec` ("preact-render-to-string@6.8.2"), from the
// cache (filled by npm when it lacks it). Without a usable cache, npm installs into the
// folder that holds `node_modules` directly. False, with `failure` set, when npm fails.
bool install_renderer(const std::filesystem::path& node_modules, std::string_view package, std::string_view spec,
                      std::string& failure);

}  // namespace isl::cli
