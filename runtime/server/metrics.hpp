// Server metrics in the Prometheus text exposition format (served at /_isl/metrics).
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "server/response.hpp"

namespace isl::server::detail {

// The island cache's record (island_cache.hpp): how island requests were answered, and
// what the cache holds. Updated by the cache, rendered with the other metrics.
struct IslandCacheCounters {
  std::atomic<std::uint64_t> hits{0};       // fresh answers served
  std::atomic<std::uint64_t> stale{0};      // stale answers served while one render refreshed them
  std::atomic<std::uint64_t> coalesced{0};  // served from another request's render, after waiting for it
  std::atomic<std::uint64_t> misses{0};     // rendered: nothing usable was stored
  std::atomic<std::uint64_t> stores{0};
  std::atomic<std::uint64_t> evictions{0};  // dropped to stay within the memory bound
  std::atomic<std::uint64_t> purged{0};     // dropped by isl::purge_tag
  std::atomic<std::uint64_t> bytes{0};
  std::atomic<std::uint64_t> entries{0};
};

class Metrics {
 public:
  // One answered request (any status; 5xx also counts in isl_http_errors_total).
  void count_request(RequestKind kind, int status);
  // Time an island's render() took, by island name (http/island_url.hpp's name_of its
  // path). Names beyond kMaxIslandNames are pooled under "_other".
  void observe_island(std::string_view name, double seconds);
  // The site's own islands: once given, only these names get a label of their own (every
  // other name is counted as "_other"), so made-up names in requests use up nothing.
  void set_island_names(const std::vector<std::string>& names);
  // Where one handler render ran: inline on an I/O thread or on the render pool.
  void count_render(bool ran_inline) { (ran_inline ? renders_inline_ : renders_pooled_).fetch_add(1, std::memory_order_relaxed); }
  void connection_opened() { connections_total_.fetch_add(1, std::memory_order_relaxed); }
  void connection_refused() { connections_refused_.fetch_add(1, std::memory_order_relaxed); }
  void request_timed_out() { timeouts_.fetch_add(1, std::memory_order_relaxed); }

  std::string render(std::size_t open_connections) const;

  IslandCacheCounters island_cache;

  static constexpr std::size_t kMaxIslandNames = 256;

 private:
  static constexpr int kMinStatus = 100;
  static constexpr int kStatuses = 500;  // 100..599
  static constexpr std::array<double, 12> kBuckets{0.001, 0.005, 0.01, 0.025, 0.05, 0.1,
                                                   0.25,  0.5,   1.0,  2.5,   5.0,  10.0};
  struct Histogram {
    std::array<std::uint64_t, kBuckets.size()> buckets{};  // non-cumulative
    std::uint64_t count = 0;
    double sum = 0;
  };

  std::array<std::atomic<std::uint64_t>, kRequestKinds * kStatuses> requests_{};
  std::atomic<std::uint64_t> errors_{0};
  std::atomic<std::uint64_t> connections_total_{0};
  std::atomic<std::uint64_t> connections_refused_{0};
  std::atomic<std::uint64_t> timeouts_{0};
  std::atomic<std::uint64_t> renders_inline_{0};
  std::atomic<std::uint64_t> renders_pooled_{0};
  mutable std::mutex islands_mutex_;
  std::map<std::string, Histogram, std::less<>> islands_;
  bool names_known_ = false;  // set_island_names() was called: islands_ holds them all
};

}  // namespace isl::server::detail
