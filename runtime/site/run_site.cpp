// The site program's main(): `prerender` at build time, `serve` in production.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "isl/site.hpp"
#include "seal/keys.hpp"
#include "server/server.hpp"
#include "site/prerender.hpp"
#include "site/readiness_checks.hpp"
#include "site/server_limits.hpp"
#include "site/site_handler.hpp"

namespace fs = std::filesystem;

namespace isl {
namespace {

// The keys: --key-file, else ISL_KEY. Never a built-in key.
seal::KeyRing load_keys(const std::string& key_file) {
  if (!key_file.empty()) return seal::KeyRing::from_file(key_file);
  if (const char* env = std::getenv("ISL_KEY"); env && *env) return seal::KeyRing::parse(env);
  throw std::runtime_error("no site key: set ISL_KEY (base64 of 32 bytes; `isl keygen` makes one) or pass --key-file");
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

// The build's key must be among the server's: otherwise every island would answer 400.
void check_build_key(const fs::path& dist, const seal::KeyRing& keys) {
  std::ifstream in(dist / ".isl-manifest.json");
  if (!in) throw std::runtime_error("no build in " + dist.string() + " (.isl-manifest.json missing): run `isl build` first");
  auto manifest = nlohmann::json::parse(in, nullptr, false);
  if (manifest.is_discarded() || !manifest.contains("key_id"))
    throw std::runtime_error("the build manifest in " + dist.string() + " is unreadable: rebuild the site");
  std::string wanted = manifest["key_id"].get<std::string>();
  if (!keys.find(wanted))
    throw std::runtime_error(fmt::format(
        "the site was built with key id {}, but this server holds key ids {}: its islands could not be opened. "
        "Give the server the build's key (ISL_KEY=\"new,old\" keeps several), or rebuild with this key",
        wanted, join(keys.ids())));
}

}  // namespace

int run_site(int argc, char** argv, const SiteDef& site) {
  CLI::App cli{"An isl site program: prerenders the static pages and serves the site"};
  cli.require_subcommand(1);
  std::string key_file;
  cli.add_option("--key-file", key_file, "file holding the site key (default: $ISL_KEY)");

  auto* pre = cli.add_subcommand("prerender", "write the static site");
  site::PrerenderOptions pre_options;
  std::string out_dir, public_dir;
  pre->add_option("--out", out_dir, "output folder")->required();
  pre->add_option("--public", public_dir, "folder copied into the output as is");
  bool no_compress = false;
  pre->add_flag("--no-compress", no_compress, "do not write precompressed .gz copies");
  std::string previous_dir;
  pre->add_option("--previous", previous_dir, "the last build's output: reuse its compressed copies of unchanged files");
  pre->add_flag("--dev", pre_options.dev_client, "pages reload themselves on a new build (isl dev)");
  pre->add_option("--client-ssr", pre_options.client_ssr, "Node script rendering client components to HTML");
  pre->add_option("--client-ssr-cache", pre_options.client_ssr_cache, "cache of its answers between builds");

  auto* serve = cli.add_subcommand("serve", "serve the built site");
  server::Options options;
  serve->add_option("--dist", options.dist_dir, "the built static site")->required();
  serve->add_option("--host", options.host, "address to listen on")->capture_default_str();
  serve->add_option("--port", options.port, "port to listen on (0: any free port)")->capture_default_str();
  serve->add_option("--threads", options.threads, "I/O threads (default: number of cores)");
  serve->add_option("--render-threads", options.render_threads, "threads for renders that may block");
  long inline_budget_us = options.inline_render_budget.count();
  serve->add_option("--inline-render-budget-us", inline_budget_us,
                    "renders that stay within this many µs run on the I/O thread (0: always the render pool)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  std::size_t island_cache_mb = options.island_cache_bytes >> 20;
  serve->add_option("--island-cache-mb", island_cache_mb, "memory for the island cache, in MiB (0: no cache)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  bool quiet = false;
  serve->add_flag("--no-access-log", quiet, "do not log each request");
  serve->add_option("--tls-cert", options.tls_certificate, "PEM certificate (with --tls-key: HTTPS)");
  serve->add_option("--tls-key", options.tls_private_key, "PEM private key");
  long drain_delay_ms = 0;
  serve->add_option("--drain-delay-ms", drain_delay_ms,
                    "at SIGTERM: /_isl/ready answers 503 at once, the listener closes this much later")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  site::ServerLimitFlags limit_flags;
  site::add_server_limit_options(*serve, options, limit_flags);
  std::string dev_state;
  serve->add_option("--dev-state", dev_state, "isl dev's state file, served at /_isl/dev");

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return cli.exit(e);
  }
  try {
    seal::KeyRing keys = load_keys(key_file);
    if (*pre) {
      pre_options.out_dir = out_dir;
      pre_options.public_dir = public_dir;
      pre_options.previous_dir = previous_dir;
      pre_options.compress = !no_compress;
      return site::prerender(site, keys, pre_options) == 0 ? 0 : 1;
    }
    check_build_key(options.dist_dir, keys);
    options.access_log = !quiet;
    options.island_cache_bytes = island_cache_mb << 20;
    limit_flags.apply(options);
    options.inline_render_budget = std::chrono::microseconds(inline_budget_us);
    options.drain_delay = std::chrono::milliseconds(drain_delay_ms);
    auto handler = std::make_shared<site::SiteHandler>(site, std::move(keys), dev_state);
    // Ready (GET /_isl/ready) once the key check above and the site's own checks passed.
    options.ready_on_start = handler->app().ready_checks().empty();
    server::Server server(options, handler);
    server.start();
    std::cout << fmt::format("isl: listening on {}://{}:{}", options.tls_certificate.empty() ? "http" : "https",
                             options.host, server.port())
              << std::endl;
    site::ReadinessChecks checks(handler->app(), server);
    return server.run_until_signal();
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace isl
