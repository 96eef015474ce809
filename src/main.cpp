// The `isl` command: new, build, serve, dev, keygen (docs/cli.md).
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <map>

#include "commands.hpp"

int main(int argc, char** argv) {
  using namespace isl::cli;
  CLI::App app{"isl: static sites with server islands, in C++"};
  app.set_version_flag("--version", ISL_VERSION);
  app.require_subcommand(1);
  bool color = isatty(2) != 0;

  std::string new_dir;
  auto* cmd_new = app.add_subcommand("new", "write a small site that builds and runs");
  cmd_new->add_option("DIR", new_dir, "folder to create")->required();

  BuildOptions build;
  auto* cmd_build = app.add_subcommand("build", "compile the templates, build the site program, write the static site");
  cmd_build->add_option("SITE", build.site, "the site folder")->capture_default_str();
  cmd_build->add_option("--out", build.out, "output folder (default: SITE/dist)");
  cmd_build->add_flag("-q,--quiet", build.quiet, "print only errors");
  cmd_build->add_flag("--no-wait", build.no_wait, "fail at once if another build of the site is running");

  ServeOptions serve;
  auto* cmd_serve = app.add_subcommand("serve", "serve the built site: static files, islands, on-demand pages");
  cmd_serve->add_option("SITE", serve.site, "the site folder")->capture_default_str();
  cmd_serve->add_option("--host", serve.host, "address to listen on")->capture_default_str();
  cmd_serve->add_option("--port", serve.port, "port to listen on")->capture_default_str();
  cmd_serve->add_option("--threads", serve.threads, "I/O threads (default: number of cores)");
  cmd_serve->add_option("--render-threads", serve.render_threads, "threads for renders that may block");
  cmd_serve
      ->add_option("--inline-render-budget-us", serve.inline_render_budget_us,
                   "renders that stay within this many µs run on the I/O thread (0: always the render pool; "
                   "default 1000)")
      ->check(CLI::NonNegativeNumber);
  cmd_serve->add_option("--island-cache-mb", serve.island_cache_mb, "memory for the island cache, in MiB (0: no cache; default 64)")
      ->check(CLI::NonNegativeNumber);
  cmd_serve->add_flag("--no-access-log", serve.no_access_log, "do not log each request");
  cmd_serve->add_option("--key-file", serve.key_file, "file holding the site key (default: $ISL_KEY)");
  cmd_serve->add_option("--dist", serve.dist, "the static site (default: where the last `isl build` wrote it)");
  cmd_serve->add_option("--tls-cert", serve.tls_cert, "PEM certificate (with --tls-key: HTTPS)");
  cmd_serve->add_option("--tls-key", serve.tls_key, "PEM private key");
  // The server's limits (docs/deploy.md), handed to the site program as they are.
  std::map<std::string, std::string> limits;
  for (const auto& [name, help] : std::initializer_list<std::pair<const char*, const char*>>{
           {"max-connections", "connections open at once (default 10000)"},
           {"max-connections-per-address", "connections from one client address (default 256; 0: no limit)"},
           {"first-byte-timeout-ms", "close a new connection silent this long (default 5000)"},
           {"read-timeout-ms", "time to read a whole request (default 15000)"},
           {"idle-timeout-ms", "keep-alive wait between requests (default 60000)"},
           {"drain-delay-ms", "at SIGTERM: /_isl/ready answers 503 at once, the listener closes this much later "
                              "(default 0)"}}) {
    cmd_serve->add_option(std::string("--") + name, limits[name], help)->check(CLI::NonNegativeNumber);
  }

  DevOptions dev;
  auto* cmd_dev = app.add_subcommand("dev", "build, serve, and rebuild and reload on every saved change");
  cmd_dev->add_option("SITE", dev.site, "the site folder")->capture_default_str();
  cmd_dev->add_option("--host", dev.host, "address to listen on")->capture_default_str();
  cmd_dev->add_option("--port", dev.port, "port to listen on")->capture_default_str();

  auto* cmd_keygen = app.add_subcommand("keygen", "print a new key for ISL_KEY");

  std::string translate_site, translate_out;
  auto* cmd_translate = app.add_subcommand("translate", "translate a site's templates to C++ (used by isl_add_site)");
  cmd_translate->add_option("SITE", translate_site, "the site folder")->required();
  cmd_translate->add_option("--out", translate_out, "folder for the generated C++")->required();
  cmd_translate->group("");  // not for everyday use

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  build.color = color;
  for (const auto& [name, value] : limits) {
    if (!value.empty()) serve.server_limits.insert(serve.server_limits.end(), {"--" + name, value});
  }
  try {
    if (*cmd_new) return new_command(new_dir);
    if (*cmd_build) return build_command(build);
    if (*cmd_serve) return serve_command(serve);
    if (*cmd_dev) return dev_command(dev);
    if (*cmd_keygen) return keygen_command();
    if (*cmd_translate) return translate_command(translate_site, translate_out, color);
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
