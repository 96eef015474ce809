// The `isl` command: new, build, serve, dev, keygen (docs/cli.md).
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <iostream>

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
