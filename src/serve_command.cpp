// `isl serve`: runs the site program built by `isl build` in front of the static output.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "commands.hpp"
#include "process.hpp"
#include "site_paths.hpp"

namespace fs = std::filesystem;

namespace isl::cli {

namespace {

// Where the last `isl build` wrote the static site (its --out), else SITE/dist.
fs::path last_built_dist(const SitePaths& paths) {
  std::ifstream in(paths.last_dist);
  std::string line;
  if (std::getline(in, line) && !line.empty() && fs::is_directory(line)) return line;
  return paths.dist;
}

}  // namespace

int serve_command(const ServeOptions& options) {
  SitePaths paths(options.site);
  fs::path dist = options.dist.empty() ? last_built_dist(paths) : fs::path(options.dist);
  if (!fs::exists(paths.program()) || !fs::exists(dist)) {
    std::cerr << "error: " << paths.site.string() << " is not built: run `isl build` first\n";
    return 1;
  }
  if (options.dist.empty() && dist != paths.dist)
    std::cerr << "isl serve: serving " << dist.string() << ", where the last `isl build` wrote the site\n";
  if (options.tls_cert.empty() != options.tls_key.empty()) {
    std::cerr << "error: HTTPS needs both --tls-cert and --tls-key\n";
    return 1;
  }
  std::vector<std::string> argv = {paths.program().string()};
  if (!options.key_file.empty()) {
    argv.insert(argv.end(), {"--key-file", options.key_file});
  } else if (const char* env = std::getenv("ISL_KEY"); !(env && *env)) {
    // The build's development key, as the build used it; production sets ISL_KEY.
    if (fs::exists(paths.dev_key)) {
      std::cerr << "warning: ISL_KEY is not set: serving with the development key in .isl/dev.key\n";
      argv.insert(argv.end(), {"--key-file", paths.dev_key.string()});
    }
  }
  argv.insert(argv.end(), {"serve", "--dist", dist.string(), "--host", options.host, "--port",
                           std::to_string(options.port)});
  if (options.threads) argv.insert(argv.end(), {"--threads", std::to_string(options.threads)});
  if (options.render_threads) argv.insert(argv.end(), {"--render-threads", std::to_string(options.render_threads)});
  if (options.inline_render_budget_us >= 0) {
    argv.insert(argv.end(), {"--inline-render-budget-us", std::to_string(options.inline_render_budget_us)});
  }
  if (options.island_cache_mb >= 0) argv.insert(argv.end(), {"--island-cache-mb", std::to_string(options.island_cache_mb)});
  if (options.no_access_log) argv.push_back("--no-access-log");
  if (!options.tls_cert.empty()) argv.insert(argv.end(), {"--tls-cert", options.tls_cert, "--tls-key", options.tls_key});
  argv.insert(argv.end(), options.server_limits.begin(), options.server_limits.end());
  exec_process(argv);
}

}  // namespace isl::cli
