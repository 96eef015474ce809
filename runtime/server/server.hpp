// The production HTTP/1.1 server (Boost.Beast/Asio). docs/server.md describes the design.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "server/http_types.hpp"

namespace isl::server {

struct Options {
  std::string host = "127.0.0.1";
  std::uint16_t port = 4321;  // 0: pick a free port (see Server::port())
  unsigned threads = 0;        // I/O threads; 0 = number of cores
  unsigned render_threads = 0; // blocking renders; 0 = 4 × cores (at least 8)
  // A render key that keeps rendering within this budget moves from the render pool to
  // the I/O thread (render_placement.hpp); 0 = always the pool.
  std::chrono::microseconds inline_render_budget{1000};
  std::string dist_dir;        // the static output

  std::size_t max_header_bytes = 16 * 1024;
  std::size_t max_body_bytes = 1024 * 1024;
  std::size_t max_url_bytes = 8 * 1024;
  std::size_t max_connections = 10000;
  std::size_t max_connections_per_address = 256;   // from one client address; 0 = no limit
  bool raise_open_files_limit = true;              // soft RLIMIT_NOFILE to the hard limit at start
  std::chrono::milliseconds first_byte_timeout{5000};  // a new connection's first byte (or TLS hello)
  std::chrono::milliseconds read_timeout{15000};   // a whole request, once it has begun
  std::chrono::milliseconds idle_timeout{60000};   // keep-alive between requests
  std::chrono::milliseconds write_timeout{30000};
  std::chrono::milliseconds shutdown_grace{10000}; // in-flight requests at SIGTERM
  // A page that streams its islands ends its response this long after it began; islands
  // still rendering then are sent as failed (status 504). Below the loader's 10 s timeout.
  std::chrono::milliseconds stream_deadline{8000};
  // The island cache (docs/server.md): its memory bound (0: no cache), and how long a
  // request waits for another request's render of the same island before rendering itself.
  std::size_t island_cache_bytes = 64 * 1024 * 1024;
  std::chrono::milliseconds island_cache_wait{5000};
  // GET /_isl/ready: false = 503 until mark_ready() (a site with readiness checks).
  bool ready_on_start = true;
  // At SIGTERM: /_isl/ready turns 503 at once, the listener closes this much later, so a
  // load balancer that polls readiness stops sending new requests first.
  std::chrono::milliseconds drain_delay{0};

  bool access_log = true;       // one spdlog info line per request (docs/server.md)
  bool expose_metrics = true;   // serve /_isl/metrics
  bool compress_static = true;  // gzip text files without a .gz sibling when loading dist/
  std::string tls_certificate;  // PEM files; both set = HTTPS
  std::string tls_private_key;
};

class Server {
 public:
  Server(Options options, std::shared_ptr<DynamicHandler> handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts the threads; throws std::runtime_error when it cannot bind.
  void start();
  std::uint16_t port() const;  // the bound port
  // GET /_isl/ready answers 200 from now on (unless draining). Thread-safe.
  void mark_ready();
  // Stops accepting, lets requests in flight finish (up to shutdown_grace), then returns.
  void stop();
  // start(), then block until SIGTERM or SIGINT, then stop(). Returns the exit code.
  int run_until_signal();
  // Rescans dist_dir (dev mode after a rebuild); requests keep using the old snapshot
  // until the new one is complete. Throws std::runtime_error (the old files stay).
  void reload();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace isl::server
