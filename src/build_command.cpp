// `isl build`: templates → C++ → the site program → the static site, written aside and
// swapped in only when everything succeeded.
#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "client_bundle.hpp"
#include "build_lock.hpp"
#include "commands.hpp"
#include "compiler/files.hpp"
#include "compiler/site_compiler.hpp"
#include "process.hpp"
#include "publish_dist.hpp"
#include "seal/keys.hpp"
#include "site_paths.hpp"

namespace fs = std::filesystem;

namespace isl::cli {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

void touch(const fs::path& path) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::app).close();
  fs::last_write_time(path, fs::file_time_type::clock::now());
}

// Where find_package(isl) finds us: the build tree next to this executable, or an install.
std::string package_dir() {
  fs::path self = self_directory();
  if (fs::exists(self / "islConfig.cmake")) return self.string();
  fs::path installed = self.parent_path() / "lib" / "cmake" / "isl";
  if (fs::exists(installed / "islConfig.cmake")) return installed.string();
  for (const char* lib : {"lib64", "lib/x86_64-linux-gnu"}) {
    fs::path p = self.parent_path() / lib / "cmake" / "isl";
    if (fs::exists(p / "islConfig.cmake")) return p.string();
  }
  throw std::runtime_error("cannot find islConfig.cmake next to " + self.string() + " or in its install prefix");
}

bool on_path(const std::string& program) {
  const char* path = std::getenv("PATH");
  if (!path) return false;
  std::stringstream ss(path);
  std::string dir;
  while (std::getline(ss, dir, ':'))
    if (!dir.empty() && fs::exists(fs::path(dir) / program)) return true;
  return false;
}

// Compiler output without ninja's bookkeeping (progress, the failed command line), so
// the template lines the C++ compiler names stand out.
std::string compiler_messages(const std::string& output) {
  std::istringstream in(output);
  std::string line, out;
  bool skip_next = false;
  while (std::getline(in, line)) {
    if (skip_next) {
      skip_next = false;
      continue;
    }
    if (line.rfind("FAILED:", 0) == 0) {
      skip_next = true;  // ninja prints the command line after it
      continue;
    }
    if (line.rfind("ninja:", 0) == 0 || (line.size() > 1 && line[0] == '[' && line.find("] ") != std::string::npos &&
                                         std::isdigit(static_cast<unsigned char>(line[1]))))
      continue;
    out += line + "\n";
  }
  return out;
}

std::string human_bytes(std::uintmax_t n) {
  if (n < 1024) return fmt::format("{} B", n);
  if (n < 1024 * 1024) return fmt::format("{:.1f} KB", static_cast<double>(n) / 1024);
  return fmt::format("{:.1f} MB", static_cast<double>(n) / (1024 * 1024));
}

// The key the build seals with: ISL_KEY, else the site's development key (made once).
std::vector<std::string> key_arguments(const SitePaths& paths, bool quiet) {
  if (const char* env = std::getenv("ISL_KEY"); env && *env) return {};
  if (!fs::exists(paths.dev_key)) {
    fs::create_directories(paths.work);
    std::ofstream(paths.dev_key) << seal::KeyRing::generate().to_text() << "\n";
    fs::permissions(paths.dev_key, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace);
  }
  if (!quiet)
    std::cerr << "warning: ISL_KEY is not set: sealing with the development key in .isl/dev.key "
                 "(git-ignored). Set ISL_KEY for production (`isl keygen`).\n";
  return {"--key-file", paths.dev_key.string()};
}

// Errors go to the terminal, and to `copy` (isl dev shows them in the browser).
void report_error(const std::string& text, std::string* copy) {
  std::cerr << text;
  if (copy) *copy += text;
}

int compile_templates(const SitePaths& paths, const fs::path& out, bool color, compiler::SiteCompileResult& result,
                      std::string* errors = nullptr, ClientBundleOutcome* client = nullptr) {
  compiler::SiteCompileOptions options;
  options.site_dir = paths.site;
  options.out_dir = out;
  if (client) options.bundle_client = make_client_bundler(paths, *client);
  result = compiler::compile_site(options);
  if (!result.ok()) {
    std::cerr << result.diagnostics.format(color);
    if (errors) *errors += result.diagnostics.format(false);
    report_error(fmt::format("{} error{} in the templates\n", result.diagnostics.size(),
                             result.diagnostics.size() == 1 ? "" : "s"),
                 errors);
    return 1;
  }
  touch(out / ".stamp");
  return 0;
}

// The site's own CMake, if it has one: SITE/isl.cmake, included after the target `site`
// (kSiteTarget) is defined, links extra libraries (docs/cli.md). Whether it exists is part
// of the generated file, so adding or removing it reconfigures; CMake itself watches its
// contents.
std::string site_cmake(const SitePaths& paths, bool dev) {
  std::string out = fmt::format(
      "# Written by `isl build`: the site program, built with isl_add_site(). Do not edit.\n"
      "cmake_minimum_required(VERSION 3.25)\n"
      "project(isl_site LANGUAGES CXX)\n"
      "find_package(isl REQUIRED CONFIG)\n"
      "{1}"
      "isl_add_site({0} SITE \"{2}\" GENERATED \"{3}\")\n"
      "set_target_properties({0} {0}_prerender PROPERTIES RUNTIME_OUTPUT_DIRECTORY \"${{CMAKE_BINARY_DIR}}\")\n",
      // isl dev: an edited page recompiles with a precompiled header (docs/cli.md).
      kSiteTarget, dev ? "set(ISL_SITE_DEV ON)\n" : "", paths.site.generic_string(), paths.generated.generic_string());
  if (dev)
    // isl dev relinks on every edit: without the runtime's debug information (the site's own
    // code has none at -O2) a link is a quarter of the work. (The prerender program gets it too.)
    out += fmt::format("target_link_options({} PRIVATE -Wl,--strip-debug)\n", kSiteTarget);
  fs::path own = paths.site / "isl.cmake";
  if (fs::is_regular_file(own))
    out += fmt::format("# The site's own additions (libraries to link): isl.cmake\ninclude(\"{}\")\n",
                       own.generic_string());
  return out;
}

}  // namespace

int translate_command(const std::string& site, const std::string& out, bool color) {
  SitePaths paths(site);
  compiler::SiteCompileResult result;
  // The same client bundle as `isl build` (reused, not redone: it is fingerprinted), so
  // that the code CMake regenerates names the same files.
  ClientBundleOutcome client;
  return compile_templates(paths, fs::absolute(out), color, result, nullptr, &client);
}

namespace {

int build_locked(const BuildOptions& options) {
  auto started = Clock::now();
  SitePaths paths(options.site);
  fs::path dist = options.out.empty() ? paths.dist : fs::absolute(options.out).lexically_normal();
  auto step = [&](const std::string& name, const std::string& what) {
    if (!options.quiet) std::cout << fmt::format("  {:<10} {}", name, what) << std::endl;
  };
  if (!options.quiet) std::cout << "isl build " << paths.site.string() << std::endl;

  // 1. Templates.
  auto t0 = Clock::now();
  compiler::SiteCompileResult compiled;
  ClientBundleOutcome client;
  if (compile_templates(paths, paths.generated, options.color, compiled, options.errors, &client) != 0) return 1;
  fs::create_directories(paths.work);
  compiler::write_if_changed(paths.work / ".gitignore", "# isl's build folder: generated code, the site program, the dev key\n*\n");
  step("templates", fmt::format("{} pages, {} components, {} islands; {} files changed ({:.0f} ms)", compiled.pages,
                                compiled.components, compiled.islands, compiled.files_written,
                                seconds_since(t0) * 1000));
  if (!client.summary.empty()) step("client", client.summary);

  // 2. The site program.
  t0 = Clock::now();
  bool cmake_changed = compiler::write_if_changed(paths.work / "CMakeLists.txt", site_cmake(paths, options.dev_client));
  if (cmake_changed || !fs::exists(paths.build / "build.ninja")) {
    std::vector<std::string> configure = {"cmake", "-S", paths.work.string(), "-B", paths.build.string(), "-G", "Ninja",
                                          "-DCMAKE_BUILD_TYPE=Release", "-DCMAKE_CXX_FLAGS_RELEASE=-O2 -DNDEBUG",
                                          "-Disl_DIR=" + package_dir()};
    // ccache, told that precompiled headers are safe to cache.
    if (on_path("ccache"))
      configure.push_back("-DCMAKE_CXX_COMPILER_LAUNCHER=env;CCACHE_SLOPPINESS=pch_defines,time_macros,"
                          "include_file_mtime,include_file_ctime;ccache");
    auto r = run_process(configure, true);
    if (r.exit_code != 0) {
      report_error(r.output + "error: configuring the site program failed\n", options.errors);
      return 1;
    }
  }
  // -k 0: every template that fails to compile is reported in this one run.
  auto built = run_process({"cmake", "--build", paths.build.string(), "--", "-k", "0"}, true);
  if (built.exit_code != 0) {
    // CMake configures again by itself when its inputs (such as the site's isl.cmake) changed.
    bool configure_failed = built.output.find("-- Configuring incomplete") != std::string::npos;
    report_error(compiler_messages(built.output) + (configure_failed ? "error: configuring the site program failed\n"
                                                                     : "error: the site's C++ did not compile\n"),
                 options.errors);
    return 1;
  }
  bool nothing_to_do = built.output.find("Linking") == std::string::npos;
  step("compile", nothing_to_do ? fmt::format("up to date ({:.1f} s)", seconds_since(t0))
                                 : fmt::format("site program built ({:.1f} s)", seconds_since(t0)));

  // 3. The static site, written aside and swapped in.
  t0 = Clock::now();
  fs::path staging = dist;
  staging += ".isl-new";
  fs::remove_all(staging);
  fs::create_directories(staging);  // a folder we cannot write fails here, plainly (build_command)
  std::vector<std::string> prerender = {paths.prerender_program().string()};
  for (auto& a : key_arguments(paths, options.quiet)) prerender.push_back(a);
  prerender.insert(prerender.end(), {"prerender", "--out", staging.string(), "--public", paths.public_dir.string()});
  // isl dev: no precompressed copies (production's bytes on the wire, not a local reload's).
  if (options.dev_client) prerender.insert(prerender.end(), {"--dev", "--no-compress"});
  else if (fs::exists(dist / ".isl-manifest.json")) prerender.insert(prerender.end(), {"--previous", dist.string()});
  add_client_output(client, staging, prerender);
  auto rendered = run_process(prerender, true);
  if (rendered.exit_code != 0) {
    const std::string full = disk_full_note(staging);  // before removing frees the space
    remove_quietly(staging);
    report_error(rendered.output + "error: prerendering failed" + full + "; " + dist.string() +
                     " is unchanged\n",
                 options.errors);
    return 1;
  }
  if (const std::string left = publish_dist(staging, dist); !left.empty()) {
    std::cerr << "warning: the previous " << dist.string() << " was replaced but not all removed: " << left << "\n";
  }
  compiler::write_if_changed(paths.last_dist, dist.string() + "\n");  // what `isl serve` serves
  std::string line = rendered.output;
  while (!line.empty() && line.back() == '\n') line.pop_back();
  step("prerender", fmt::format("{} ({:.1f} s)", line, seconds_since(t0)));

  std::uintmax_t files = 0, bytes = 0;
  for (const auto& e : fs::recursive_directory_iterator(dist))
    if (e.is_regular_file()) ++files, bytes += e.file_size();
  step("done", fmt::format("{}: {} files, {} in {:.1f} s", dist.string(), files, human_bytes(bytes),
                           seconds_since(started)));
  return 0;
}

}  // namespace

int build_command(const BuildOptions& options) {
  const SitePaths paths(options.site);
  const BuildLock lock = BuildLock::acquire(paths.work, paths.site, !options.no_wait);
  if (!lock.held()) {
    report_error("error: " + lock.refusal() + "\n", options.errors);
    return 1;
  }
  try {
    return build_locked(options);
  } catch (const fs::filesystem_error& e) {
    // A read-only folder, a full disk: say which path and why, and leave nothing behind.
    fs::path staging = options.out.empty() ? paths.dist : fs::absolute(options.out).lexically_normal();
    const std::string dist = staging.string();
    staging += ".isl-new";
    remove_quietly(staging);
    report_error(fmt::format("error: cannot write {}: {}; {} is unchanged\n", e.path1().string(), fs_reason(e.code()),
                             dist),
                 options.errors);
    return 1;
  }
}

}  // namespace isl::cli
