// State shared by the listener, every connection and the Server object: options, the
// handler, metrics, where renders run, the current static site, the render executor and the connection
// registry used for max_connections and shutdown.
#pragma once

#include <boost/asio/any_io_executor.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <unistd.h>
#include <unordered_map>
#include <vector>

#include "server/access_log_writer.hpp"
#include "server/address_limit.hpp"
#include "server/island_cache.hpp"
#include "server/metrics.hpp"
#include "server/readiness.hpp"
#include "server/render_placement.hpp"
#include "server/server.hpp"
#include "server/static_files.hpp"

namespace boost::asio::ssl {
class context;
}

namespace isl::server::detail {

// What the server needs of a connection to shut it down; both calls are thread-safe
// (they post to the connection's I/O thread).
class SessionBase {
 public:
  virtual ~SessionBase() = default;
  virtual void close_if_idle() = 0;  // between requests: close now; otherwise after the reply
  virtual void force_close() = 0;    // close the socket whatever it is doing
};

class Shared {
 public:
  Shared(Options options, std::shared_ptr<DynamicHandler> handler)
      : options(std::move(options)),
        handler(std::move(handler)),
        placement(this->options.inline_render_budget),
        island_cache(this->options.island_cache_bytes > 0
                         ? std::make_shared<IslandCache>(this->options.island_cache_bytes, metrics.island_cache)
                         : nullptr),
        readiness(this->options.ready_on_start),
        access_log(this->options.access_log ? std::make_unique<AccessLogWriter>(STDOUT_FILENO) : nullptr) {}

  const Options options;
  const std::shared_ptr<DynamicHandler> handler;  // may be null: static files only
  Metrics metrics;
  AddressLimit addresses{options.max_connections_per_address};
  RenderPlacement placement;
  const std::shared_ptr<IslandCache> island_cache;  // null when options.island_cache_bytes is 0
  boost::asio::any_io_executor render_executor;   // set by start()
  std::shared_ptr<boost::asio::ssl::context> tls;  // null: plain HTTP
  std::atomic<bool> stopping{false};
  Readiness readiness;  // GET /_isl/ready
  // Draining or stopping: every answer says `Connection: close`, so that a load balancer's
  // pooled connections end after a complete answer rather than by our close at the stop,
  // which races with a request it may be sending (nginx counts that as a failed upstream).
  bool winding_down() const { return stopping.load() || readiness.state() == Readiness::State::draining; }
  const std::unique_ptr<AccessLogWriter> access_log;  // null when options.access_log is false

  std::shared_ptr<const StaticSite> site() const;
  void set_site(std::shared_ptr<const StaticSite> site);

  // The connection registry. add_session returns the id to pass to remove_session.
  std::uint64_t add_session(std::weak_ptr<SessionBase> session);
  void remove_session(std::uint64_t id);
  std::size_t open_connections() const { return open_.load(std::memory_order_relaxed); }
  std::vector<std::shared_ptr<SessionBase>> sessions() const;
  // True when every connection closed before `deadline`.
  bool wait_until_no_sessions(std::chrono::steady_clock::time_point deadline);

 private:
  mutable std::mutex site_mutex_;
  std::shared_ptr<const StaticSite> site_;

  mutable std::mutex sessions_mutex_;
  std::condition_variable sessions_cv_;
  std::unordered_map<std::uint64_t, std::weak_ptr<SessionBase>> sessions_;
  std::uint64_t next_id_ = 1;
  std::atomic<std::size_t> open_{0};
};

}  // namespace isl::server::detail
