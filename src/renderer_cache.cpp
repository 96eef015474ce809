#include "renderer_cache.hpp"

#include <unistd.h>

#include <cstdlib>
#include <system_error>

#include "process.hpp"

namespace fs = std::filesystem;

namespace isl::cli {
namespace {

// npm into `prefix` (its node_modules), with the framework the site has, not a second copy.
bool npm_install(const fs::path& prefix, std::string_view spec, std::string& failure) {
  auto r = run_process({"npm", "install", "--prefix", prefix.string(), "--no-save", "--no-package-lock",
                        "--legacy-peer-deps", "--no-audit", "--no-fund", std::string(spec)},
                       true);
  if (r.exit_code == 0) return true;
  failure = "npm install " + std::string(spec) + " failed:" + tail_lines(r.output, 15);
  return false;
}

// A sibling of `final` that no other build uses, moved into place when complete: a build
// never sees half a package, whoever else fills the cache at the same time.
fs::path private_sibling(const fs::path& final) {
  return final.parent_path() / (final.filename().string() + ".tmp-" + std::to_string(::getpid()));
}

// The cache's copy of `spec`, installed if missing; empty when the cache cannot be used, or
// when npm failed (then with `failure` set).
fs::path cached_package(std::string_view package, std::string_view spec, std::string& failure) {
  const fs::path cache = user_cache_dir();
  if (cache.empty()) return {};
  const fs::path installed = cache / "npm" / std::string(spec);
  const fs::path copy = installed / "node_modules" / std::string(package);
  if (fs::exists(copy / "package.json")) return copy;
  std::error_code ec;
  fs::create_directories(installed.parent_path(), ec);
  if (ec) return {};
  const fs::path scratch = private_sibling(installed);
  fs::remove_all(scratch, ec);
  if (!npm_install(scratch, spec, failure)) {
    fs::remove_all(scratch, ec);
    return {};
  }
  fs::rename(scratch, installed, ec);  // fails when another build got there first: its copy is as good
  fs::remove_all(scratch, ec);
  return fs::exists(copy / "package.json") ? copy : fs::path();
}

}  // namespace

fs::path user_cache_dir() {
  if (const char* dir = std::getenv("ISL_CACHE_DIR"); dir && *dir) return dir;
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) return fs::path(xdg) / "isl";
  if (const char* home = std::getenv("HOME"); home && *home) return fs::path(home) / ".cache" / "isl";
  return {};
}

bool install_renderer(const fs::path& node_modules, std::string_view package, std::string_view spec,
                      std::string& failure) {
  failure.clear();
  const fs::path cached = cached_package(package, spec, failure);
  if (!failure.empty()) return false;
  if (cached.empty()) return npm_install(node_modules.parent_path(), spec, failure);
  // A copy, not a link: Node and esbuild resolve a link to where it points, and from the
  // cache they would not find the site's own framework.
  const fs::path target = node_modules / std::string(package);
  const fs::path scratch = private_sibling(target);
  std::error_code ec;
  fs::create_directories(node_modules, ec);
  fs::remove_all(scratch, ec);
  fs::copy(cached, scratch, fs::copy_options::recursive, ec);
  if (!ec) fs::rename(scratch, target, ec);
  if (ec) {
    fs::remove_all(scratch, ec);
    return npm_install(node_modules.parent_path(), spec, failure);
  }
  return true;
}

}  // namespace isl::cli
