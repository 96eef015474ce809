// Registering the limit options; defaults shown are server::Options' own.
#include "site/server_limits.hpp"

namespace isl::site {

void add_server_limit_options(CLI::App& serve, server::Options& options, ServerLimitFlags& flags) {
  serve.add_option("--max-connections", options.max_connections, "connections open at once; beyond, 503 and close")
      ->capture_default_str();
  serve
      .add_option("--max-connections-per-address", options.max_connections_per_address,
                  "connections open at once from one client address (0: no limit; raise it behind a proxy)")
      ->capture_default_str();
  serve.add_option("--first-byte-timeout-ms", flags.first_byte_timeout_ms,
                   "a new connection that sends nothing for this long is closed (default 5000)");
  serve.add_option("--read-timeout-ms", flags.read_timeout_ms, "time to read a whole request (default 15000)");
  serve.add_option("--idle-timeout-ms", flags.idle_timeout_ms, "keep-alive wait between requests (default 60000)");
}

void ServerLimitFlags::apply(server::Options& options) const {
  using ms = std::chrono::milliseconds;
  if (first_byte_timeout_ms > 0) options.first_byte_timeout = ms(first_byte_timeout_ms);
  if (read_timeout_ms > 0) options.read_timeout = ms(read_timeout_ms);
  if (idle_timeout_ms > 0) options.idle_timeout = ms(idle_timeout_ms);
}

}  // namespace isl::site
