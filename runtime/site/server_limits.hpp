// The server's connection limits and timeouts as options of the site program's `serve`
// (docs/deploy.md): --max-connections, --max-connections-per-address and the timeouts.
#pragma once

#include <CLI/CLI.hpp>

#include "server/server.hpp"

namespace isl::site {

// The timeouts as milliseconds on the command line; written into Options by apply().
struct ServerLimitFlags {
  long first_byte_timeout_ms = -1;
  long read_timeout_ms = -1;
  long idle_timeout_ms = -1;
  void apply(server::Options& options) const;
};

void add_server_limit_options(CLI::App& serve, server::Options& options, ServerLimitFlags& flags);

}  // namespace isl::site
