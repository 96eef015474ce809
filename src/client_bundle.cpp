#include "client_bundle.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "client_frameworks.hpp"
#include "compiler/client/client_scripts.hpp"
#include "compiler/files.hpp"
#include "compiler/hash.hpp"
#include "process.hpp"
#include "renderer_cache.hpp"

namespace fs = std::filesystem;

namespace isl::cli {
namespace {

using compiler::ClientBuild;
using compiler::ClientEntry;

// The file's bytes; "" when it cannot be read (a missing bundle.json is a first build).
std::string read_text(const fs::path& path) {
  bool ok = false;
  return compiler::read_file(path, ok);
}

std::string program_on_path(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::stringstream ss(path ? path : "");
  std::string dir;
  while (std::getline(ss, dir, ':'))
    if (!dir.empty() && ::access((fs::path(dir) / program).c_str(), X_OK) == 0) return (fs::path(dir) / program).string();
  return {};
}

// Does this script import an npm package (a specifier that is not a path)?
bool imports_package(const std::string& code) {
  static const std::regex spec(R"((?:\bfrom|\bimport)\s*\(?\s*["']([^"'./][^"']*)["'])");
  return std::regex_search(code, spec);
}

std::vector<std::string> package_names(const nlohmann::json& package) {
  std::vector<std::string> names;
  for (const char* field : {"dependencies", "devDependencies"})
    if (package.contains(field) && package[field].is_object())
      for (auto& [name, version] : package[field].items()) names.push_back(name);
  return names;
}

class Bundler {
 public:
  Bundler(const SitePaths& paths, ClientBundleOutcome& outcome)
      : paths_(paths), outcome_(outcome), dir_(paths.work / "client") {}

  void run(ClientBuild& build) {
    auto started = std::chrono::steady_clock::now();
    std::size_t components = 0;
    bool packages = false, at_build = false;
    for (const auto& e : build.entries) {
      if (e.kind == ClientEntry::Kind::component) ++components, at_build |= e.rendered_at_build;
      else packages |= imports_package(e.code);
    }
    const Framework* framework = nullptr;
    if (components > 0 || packages) {
      if (!install_packages(build)) return;
      nlohmann::json package = nlohmann::json::parse(read_text(paths_.site / "package.json"), nullptr, false);
      framework = framework_for(package_names(package));
      if (components > 0 && !framework) {
        build.failure = "package.json names no framework for the client components: add \"preact\" (or \"react\" and "
                        "\"react-dom\") to its dependencies";
        return;
      }
      if (at_build && !ensure_renderer(*framework, build)) return;
    }
    esbuild_ = find_esbuild();
    if (esbuild_.empty()) {
      build.failure = "esbuild is not installed: the client code (client components, <script>) is bundled with it "
                      "(apt install esbuild, or npm install esbuild in the site)";
      return;
    }
    write_entries(build, framework, at_build);
    outcome_.bundled = true;
    outcome_.out_dir = dir_ / "out";
    outcome_.ssr_cache = dir_ / "ssr-cache.json";
    // CommonJS: React's server build require()s Node's built-ins, which an ES module bundle cannot.
    if (at_build) outcome_.ssr_script = dir_ / "ssr.cjs";
    std::vector<std::string> previous_inputs;
    auto previous = nlohmann::json::parse(read_text(dir_ / "bundle.json"), nullptr, false);
    if (previous.is_object() && previous.contains("inputs") && previous["inputs"].is_array())
      for (const auto& input : previous["inputs"]) previous_inputs.push_back(input.get<std::string>());
    if (reuse(build, fingerprint_of(build, framework, previous_inputs))) {
      outcome_.summary = fmt::format("{} components, {} scripts: unchanged", components, build.entries.size() - components);
      return;
    }
    outcome_.ran_esbuild = true;
    if (!bundle_browser(build, framework)) return;
    if (at_build && !bundle_server(build, framework)) return;
    save(build, fingerprint_of(build, framework, inputs_));
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
    outcome_.summary = fmt::format("{} components, {} scripts bundled by esbuild ({} ms)", components,
                                   build.entries.size() - components, ms);
  }

 private:
  // npm ci (with a lock file) or npm install, when node_modules is missing or older than
  // package.json or the lock file; npm's own hidden lock file marks the last install.
  bool install_packages(ClientBuild& build) {
    fs::path package = paths_.site / "package.json";
    if (!fs::exists(package)) {
      build.failure = "this site has client code that needs npm packages but no package.json: add one that names "
                      "\"preact\" (or \"react\" and \"react-dom\")";
      return false;
    }
    fs::path lock = paths_.site / "package-lock.json";
    fs::path marker = paths_.site / "node_modules" / ".package-lock.json";
    std::error_code ec;
    bool stale = !fs::exists(marker) || fs::last_write_time(package) > fs::last_write_time(marker) ||
                 (fs::exists(lock) && fs::last_write_time(lock) > fs::last_write_time(marker, ec));
    if (!stale) return true;
    if (program_on_path("npm").empty() || program_on_path("node").empty()) {
      build.failure = "this site has client components: installing its package.json needs Node.js and npm, and "
                      "they are not on PATH (install Node.js 18 or later)";
      return false;
    }
    std::string verb = fs::exists(lock) ? "ci" : "install";
    auto r = run_process({"npm", "--prefix", paths_.site.string(), verb, "--no-audit", "--no-fund"}, true);
    if (r.exit_code != 0) {
      build.failure = "npm " + verb + " failed:" + tail_lines(r.output, 15);
      return false;
    }
    if (fs::exists(marker)) fs::last_write_time(marker, fs::file_time_type::clock::now());
    return true;
  }

  // The package that renders components to strings in Node: the site's, or a pinned one isl
  // puts into .isl/node_modules (found from .isl/client, with the site's framework), from
  // the user's cache.
  bool ensure_renderer(const Framework& framework, ClientBuild& build) {
    if (program_on_path("node").empty()) {
      build.failure = "this site has client components rendered at build time: that needs Node.js, which is not "
                      "on PATH (install Node.js 18 or later)";
      return false;
    }
    std::string package(framework.ssr_package);
    if (fs::exists(paths_.site / "node_modules" / package) || fs::exists(paths_.work / "node_modules" / package))
      return true;
    if (framework.ssr_install.empty()) {
      build.failure = "package.json must list " + package + " (it renders the client components at build time)";
      return false;
    }
    return install_renderer(paths_.work / "node_modules", package, framework.ssr_install, build.failure);
  }

  std::string find_esbuild() {
    if (const char* env = std::getenv("ISL_ESBUILD"); env && *env) return env;
    std::string found = program_on_path("esbuild");
    if (!found.empty()) return found;
    fs::path local = paths_.site / "node_modules" / ".bin" / "esbuild";
    return fs::exists(local) ? local.string() : std::string();
  }

  fs::path entry_file(const ClientEntry& e) const {
    return dir_ / "entries" / (e.name + (e.kind == ClientEntry::Kind::script ? ".ts" : ".js"));
  }

  void write_entries(const ClientBuild& build, const Framework* framework, bool at_build) {
    fs::path entries = dir_ / "entries";
    std::set<fs::path> wanted;
    auto put = [&](const fs::path& file, const std::string& text) {
      compiler::write_if_changed(file, text);
      wanted.insert(file);
    };
    if (framework) put(entries / "_adapter.js", std::string(framework->adapter));
    std::string imports, table;
    int n = 0;
    for (const auto& e : build.entries) {
      if (e.kind == ClientEntry::Kind::script) {
        // Relative to the entry, not absolute: the bundle's hashes do not depend on where the site is.
        put(entry_file(e), compiler::absolutize_relative_imports(
                               e.code, fs::path(e.path).lexically_relative(entries).generic_string()));
        continue;
      }
      const std::string from_entries = fs::path(e.path).lexically_relative(entries).generic_string();
      put(entry_file(e), fmt::format("export{{default}}from{};export{{mount}}from\"./_adapter.js\";\n",
                                     nlohmann::json(from_entries).dump()));
      if (!e.rendered_at_build) continue;
      imports += fmt::format("import C{} from {};\n", n, nlohmann::json("../entries/" + from_entries).dump());
      table += fmt::format("{}{}:C{}", table.empty() ? "" : ",", nlohmann::json(e.id).dump(), n);
      ++n;
    }
    if (at_build && framework) put(dir_ / "ssr" / "server.js", ssr_server_source(*framework, imports, table));
    if (fs::is_directory(entries))
      for (const auto& f : fs::directory_iterator(entries))
        if (!wanted.count(f.path())) fs::remove(f.path());
  }

  // Everything the bundle depends on: the entries, the files the last bundle read (its
  // metafile's inputs, by size and time), the packages installed, the tool.
  std::string fingerprint_of(const ClientBuild& build, const Framework* framework,
                             const std::vector<std::string>& inputs) {
    std::string data = esbuild_ + "\n" + std::string(framework ? framework->name : "") + "\n";
    for (const auto& e : build.entries) data += e.name + "\n" + read_text(entry_file(e)) + "\n";
    data += read_text(dir_ / "ssr" / "server.js");
    for (const char* f : {"package.json", "package-lock.json", "node_modules/.package-lock.json"})
      data += read_text(paths_.site / f);
    for (const auto& input : inputs) {
      std::error_code size_error, time_error;
      auto size = fs::file_size(input, size_error);
      auto time = fs::last_write_time(input, time_error).time_since_epoch().count();
      data += fmt::format("{} {} {}\n", input, size_error ? 0 : size, time_error ? 0 : time);
    }
    // Two differently seeded hashes: 128 bits, so that a collision is not a concern.
    return compiler::short_hash(data, 16) + compiler::short_hash(data + "\x01", 16);
  }

  bool reuse(ClientBuild& build, const std::string& fingerprint) {
    auto previous = nlohmann::json::parse(read_text(dir_ / "bundle.json"), nullptr, false);
    if (!previous.is_object() || previous.value("fingerprint", "") != fingerprint || !previous.contains("urls"))
      return false;
    if (!outcome_.ssr_script.empty() && !fs::exists(outcome_.ssr_script)) return false;
    const auto& urls = previous["urls"];
    for (auto& e : build.entries) {
      if (!urls.contains(e.name)) return false;
      e.url = urls[e.name].get<std::string>();
      if (!fs::exists(outcome_.out_dir / e.url.substr(1))) return false;
    }
    return true;
  }

  void save(const ClientBuild& build, const std::string& fingerprint) {
    nlohmann::json urls = nlohmann::json::object();
    for (const auto& e : build.entries) urls[e.name] = e.url;
    nlohmann::json state = {{"fingerprint", fingerprint}, {"urls", urls}, {"inputs", inputs_}};
    compiler::write_if_changed(dir_ / "bundle.json", state.dump(1) + "\n");
  }

  // esbuild runs in the site's folder: the paths it prints, and hashes, are relative to it.
  std::vector<std::string> in_site(const std::string& program) const {
    return {"env", "-C", paths_.site.string(), program};
  }

  std::vector<std::string> common_flags(const Framework* framework) const {
    std::vector<std::string> flags = {"--bundle", "--log-level=error", "--color=false", "--log-limit=0",
                                      "--loader:.js=jsx", "--jsx=automatic", "--target=es2020",
                                      "--define:process.env.NODE_ENV=\"production\""};
    if (framework) flags.push_back("--jsx-import-source=" + std::string(framework->jsx_import_source));
    return flags;
  }

  bool bundle_browser(ClientBuild& build, const Framework* framework) {
    fs::path js = outcome_.out_dir / "_isl" / "js";
    fs::remove_all(outcome_.out_dir);
    fs::create_directories(js);
    fs::path meta = dir_ / "meta.json";
    std::vector<std::string> argv = in_site(esbuild_);
    for (const auto& e : build.entries) argv.push_back(entry_file(e).string());
    for (auto& f : common_flags(framework)) argv.push_back(f);
    argv.insert(argv.end(), {"--splitting", "--format=esm", "--minify", "--entry-names=[name]-[hash]",
                             "--chunk-names=chunk-[hash]", "--outdir=" + js.string(), "--metafile=" + meta.string()});
    auto r = run_process(argv, true);
    if (r.exit_code != 0) {
      report_errors(build, r.output, "esbuild failed to bundle the client code");
      return false;
    }
    auto metafile = nlohmann::json::parse(read_text(meta), nullptr, false);
    if (!metafile.is_object()) {
      build.failure = "esbuild wrote no metafile";
      return false;
    }
    std::map<fs::path, std::string> url_of;
    for (auto& [out, info] : metafile["outputs"].items()) {
      if (!info.contains("entryPoint")) continue;
      fs::path entry = fs::weakly_canonical(paths_.site / info["entryPoint"].get<std::string>());
      fs::path file = fs::weakly_canonical(paths_.site / out);
      url_of[entry] = "/" + fs::relative(file, outcome_.out_dir).generic_string();
    }
    inputs_.clear();
    for (auto& [input, info] : metafile["inputs"].items())
      inputs_.push_back(fs::weakly_canonical(paths_.site / input).string());
    for (auto& e : build.entries) {
      auto it = url_of.find(fs::weakly_canonical(entry_file(e)));
      if (it == url_of.end()) {
        build.failure = "esbuild's metafile does not name the output of " + entry_file(e).string();
        return false;
      }
      e.url = it->second;
    }
    return true;
  }

  bool bundle_server(ClientBuild& build, const Framework* framework) {
    std::vector<std::string> argv = in_site(esbuild_);
    argv.push_back((dir_ / "ssr" / "server.js").string());
    for (auto& f : common_flags(framework)) argv.push_back(f);
    argv.insert(argv.end(), {"--platform=node", "--format=cjs", "--outfile=" + outcome_.ssr_script.string()});
    auto r = run_process(argv, true);
    if (r.exit_code != 0) {
      report_errors(build, r.output, "esbuild failed to bundle the build-time renderer");
      return false;
    }
    return true;
  }

  // esbuild's messages: "✘ [ERROR] message", a blank line, then "    file:line:col:".
  void report_errors(ClientBuild& build, const std::string& output, const std::string& otherwise) {
    std::istringstream in(output);
    std::string line, message;
    static const std::regex where(R"(^\s+(.+):(\d+):(\d+):\s*$)");
    while (std::getline(in, line)) {
      if (auto at = line.find("[ERROR] "); at != std::string::npos) {
        if (!message.empty()) build.errors.push_back({-1, "", 0, 0, message});
        message = line.substr(at + 8);
        continue;
      }
      std::smatch m;
      if (message.empty() || !std::regex_match(line, m, where)) continue;
      compiler::ClientBuildError err;
      err.message = message;
      err.line = static_cast<std::uint32_t>(std::stoul(m[2]));
      err.column = static_cast<std::uint32_t>(std::stoul(m[3])) + 1;  // esbuild counts columns from 0
      fs::path file = fs::weakly_canonical(paths_.site / m[1].str());
      err.file = file.string();
      for (std::size_t i = 0; i < build.entries.size(); ++i)
        if (build.entries[i].kind == ClientEntry::Kind::script && fs::weakly_canonical(entry_file(build.entries[i])) == file)
          err.entry = static_cast<int>(i);
      build.errors.push_back(err);
      message.clear();
    }
    if (!message.empty()) build.errors.push_back({-1, "", 0, 0, message});
    // Errors without a place are whole-build failures.
    std::vector<compiler::ClientBuildError> placed;
    for (auto& e : build.errors) {
      if (e.line == 0) build.failure += (build.failure.empty() ? "" : "\n") + e.message;
      else placed.push_back(e);
    }
    build.errors = placed;
    if (build.errors.empty() && build.failure.empty()) build.failure = otherwise + ":" + tail_lines(output, 15);
  }

  const SitePaths& paths_;
  ClientBundleOutcome& outcome_;
  fs::path dir_;
  std::string esbuild_;
  std::vector<std::string> inputs_;
};

}  // namespace

void add_client_output(const ClientBundleOutcome& outcome, const fs::path& staging,
                       std::vector<std::string>& prerender_argv) {
  if (!outcome.bundled) return;
  fs::create_directories(staging);
  fs::copy(outcome.out_dir, staging, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
  if (outcome.ssr_script.empty()) return;
  prerender_argv.insert(prerender_argv.end(), {"--client-ssr", outcome.ssr_script.string(), "--client-ssr-cache",
                                               outcome.ssr_cache.string()});
}

compiler::ClientBundler make_client_bundler(const SitePaths& paths, ClientBundleOutcome& outcome) {
  return [&paths, &outcome](ClientBuild& build) { Bundler(paths, outcome).run(build); };
}

}  // namespace isl::cli
