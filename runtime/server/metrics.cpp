// Counters, the island histogram, and their Prometheus text rendering.
#include "server/metrics.hpp"

#include <fmt/format.h>

#include <iterator>

namespace isl::server::detail {

namespace {

// Label values escape backslash, double quote and newline (exposition format rules).
std::string escape_label(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  for (char c : v) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out.push_back(c);
  }
  return out;
}

}  // namespace

void Metrics::count_request(RequestKind kind, int status) {
  if (status < kMinStatus || status >= kMinStatus + kStatuses) return;
  const auto index = static_cast<std::size_t>(static_cast<int>(kind) * kStatuses + (status - kMinStatus));
  requests_[index].fetch_add(1, std::memory_order_relaxed);
  if (status >= 500) errors_.fetch_add(1, std::memory_order_relaxed);
}

void Metrics::observe_island(std::string_view name, double seconds) {
  std::lock_guard lock(islands_mutex_);
  auto it = islands_.find(name);
  if (it == islands_.end()) {
    // Cap the label cardinality: island names come from request paths.
    const std::string key = !names_known_ && islands_.size() < kMaxIslandNames ? std::string(name) : "_other";
    it = islands_.try_emplace(key).first;
  }
  Histogram& h = it->second;
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) {
      ++h.buckets[i];
      break;
    }
  }
  ++h.count;
  h.sum += seconds;
}

void Metrics::set_island_names(const std::vector<std::string>& names) {
  if (names.empty()) return;
  std::lock_guard lock(islands_mutex_);
  for (const auto& name : names) islands_.try_emplace(name);
  names_known_ = true;
}

std::string Metrics::render(std::size_t open_connections) const {
  fmt::memory_buffer out;
  auto line = [&out](std::string_view s) {
    out.append(s);
    out.push_back('\n');
  };

  line("# HELP isl_http_requests_total HTTP requests answered, by what answered them and status.");
  line("# TYPE isl_http_requests_total counter");
  for (int k = 0; k < kRequestKinds; ++k) {
    for (int s = 0; s < kStatuses; ++s) {
      const auto n = requests_[static_cast<std::size_t>(k * kStatuses + s)].load(std::memory_order_relaxed);
      if (n == 0) continue;
      fmt::format_to(std::back_inserter(out), "isl_http_requests_total{{kind=\"{}\",status=\"{}\"}} {}\n",
                     kind_label(static_cast<RequestKind>(k)), s + kMinStatus, n);
    }
  }
  line("# HELP isl_http_errors_total Responses with a 5xx status.");
  line("# TYPE isl_http_errors_total counter");
  fmt::format_to(std::back_inserter(out), "isl_http_errors_total {}\n", errors_.load());
  line("# HELP isl_open_connections Client connections currently open.");
  line("# TYPE isl_open_connections gauge");
  fmt::format_to(std::back_inserter(out), "isl_open_connections {}\n", open_connections);
  line("# HELP isl_connections_total Client connections accepted.");
  line("# TYPE isl_connections_total counter");
  fmt::format_to(std::back_inserter(out), "isl_connections_total {}\n", connections_total_.load());
  line("# HELP isl_connections_refused_total Connections closed at once because max_connections was reached.");
  line("# TYPE isl_connections_refused_total counter");
  fmt::format_to(std::back_inserter(out), "isl_connections_refused_total {}\n", connections_refused_.load());
  line("# HELP isl_request_timeouts_total Connections closed because a request or an idle wait timed out.");
  line("# TYPE isl_request_timeouts_total counter");
  fmt::format_to(std::back_inserter(out), "isl_request_timeouts_total {}\n", timeouts_.load());

  const IslandCacheCounters& c = island_cache;
  line("# HELP isl_island_cache_requests_total Island requests by how the island cache answered them.");
  line("# TYPE isl_island_cache_requests_total counter");
  fmt::format_to(std::back_inserter(out), "isl_island_cache_requests_total{{outcome=\"hit\"}} {}\n", c.hits.load());
  fmt::format_to(std::back_inserter(out), "isl_island_cache_requests_total{{outcome=\"stale\"}} {}\n", c.stale.load());
  fmt::format_to(std::back_inserter(out), "isl_island_cache_requests_total{{outcome=\"coalesced\"}} {}\n",
                 c.coalesced.load());
  fmt::format_to(std::back_inserter(out), "isl_island_cache_requests_total{{outcome=\"miss\"}} {}\n", c.misses.load());
  line("# HELP isl_island_cache_hits_total Island answers served from the cache (fresh, stale or after waiting).");
  line("# TYPE isl_island_cache_hits_total counter");
  fmt::format_to(std::back_inserter(out), "isl_island_cache_hits_total {}\n",
                 c.hits.load() + c.stale.load() + c.coalesced.load());
  line("# HELP isl_island_cache_misses_total Island requests the cache could not answer (rendered).");
  line("# TYPE isl_island_cache_misses_total counter");
  fmt::format_to(std::back_inserter(out), "isl_island_cache_misses_total {}\n", c.misses.load());
  line("# HELP isl_island_cache_stores_total Island answers stored.");
  line("# TYPE isl_island_cache_stores_total counter");
  fmt::format_to(std::back_inserter(out), "isl_island_cache_stores_total {}\n", c.stores.load());
  line("# HELP isl_island_cache_evictions_total Stored answers dropped to stay within the memory bound.");
  line("# TYPE isl_island_cache_evictions_total counter");
  fmt::format_to(std::back_inserter(out), "isl_island_cache_evictions_total {}\n", c.evictions.load());
  line("# HELP isl_island_cache_purged_total Stored answers dropped by isl::purge_tag.");
  line("# TYPE isl_island_cache_purged_total counter");
  fmt::format_to(std::back_inserter(out), "isl_island_cache_purged_total {}\n", c.purged.load());
  line("# HELP isl_island_cache_bytes Bytes the island cache holds (answers, keys, bookkeeping).");
  line("# TYPE isl_island_cache_bytes gauge");
  fmt::format_to(std::back_inserter(out), "isl_island_cache_bytes {}\n", c.bytes.load());
  line("# HELP isl_island_cache_entries Answers the island cache holds.");
  line("# TYPE isl_island_cache_entries gauge");
  fmt::format_to(std::back_inserter(out), "isl_island_cache_entries {}\n", c.entries.load());

  line("# HELP isl_renders_total Handler renders (islands, on-demand pages, routes) by where they ran.");
  line("# TYPE isl_renders_total counter");
  fmt::format_to(std::back_inserter(out), "isl_renders_total{{placement=\"inline\"}} {}\n", renders_inline_.load());
  fmt::format_to(std::back_inserter(out), "isl_renders_total{{placement=\"pool\"}} {}\n", renders_pooled_.load());

  line("# HELP isl_island_render_duration_seconds Time a server island took to render.");
  line("# TYPE isl_island_render_duration_seconds histogram");
  std::lock_guard lock(islands_mutex_);
  for (const auto& [name, h] : islands_) {
    const std::string label = escape_label(name);
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
      cumulative += h.buckets[i];
      fmt::format_to(std::back_inserter(out),
                     "isl_island_render_duration_seconds_bucket{{island=\"{}\",le=\"{}\"}} {}\n", label,
                     kBuckets[i], cumulative);
    }
    fmt::format_to(std::back_inserter(out),
                   "isl_island_render_duration_seconds_bucket{{island=\"{}\",le=\"+Inf\"}} {}\n", label, h.count);
    fmt::format_to(std::back_inserter(out), "isl_island_render_duration_seconds_sum{{island=\"{}\"}} {}\n", label,
                   h.sum);
    fmt::format_to(std::back_inserter(out), "isl_island_render_duration_seconds_count{{island=\"{}\"}} {}\n",
                   label, h.count);
  }
  return fmt::to_string(out);
}

}  // namespace isl::server::detail
