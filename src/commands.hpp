// The `isl` subcommands (spec §7, docs/cli.md).
#pragma once

#include <string>
#include <vector>

namespace isl::cli {

struct BuildOptions {
  std::string site = ".";
  std::string out;  // default SITE/dist
  bool quiet = false;
  bool color = false;
  bool dev_client = false;         // isl dev: pages reload themselves on a new build
  bool no_wait = false;            // another build of the site running: fail instead of waiting
  std::string* errors = nullptr;   // when set, also receives what the build reports as errors
};
int build_command(const BuildOptions& options);

// `isl translate SITE --out DIR`: the template step alone (what isl_add_site() runs).
int translate_command(const std::string& site, const std::string& out, bool color);

struct ServeOptions {
  std::string site = ".";
  std::string host = "127.0.0.1";
  int port = 4321;
  unsigned threads = 0;
  unsigned render_threads = 0;
  long inline_render_budget_us = -1;  // -1: the site program's default
  long island_cache_mb = -1;          // -1: the site program's default
  bool no_access_log = false;
  std::string key_file;
  std::string dist;  // default: what the last `isl build` wrote (SITE/dist unless --out)
  std::string tls_cert, tls_key;  // both: HTTPS
  // Passed to the site program as they were given: --max-connections and the like.
  std::vector<std::string> server_limits;
};
int serve_command(const ServeOptions& options);

int new_command(const std::string& dir);
int keygen_command();

struct DevOptions {
  std::string site = ".";
  std::string host = "127.0.0.1";
  int port = 4321;
};
int dev_command(const DevOptions& options);

}  // namespace isl::cli
