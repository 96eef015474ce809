// An island request through the island cache (docs/server.md "The island cache"): a
// stored answer is served without a render (and without the site's middleware); a stale
// one is served while a single background render refreshes it; concurrent misses for one
// key wait, for a bounded time, for the first one's render. The store is island_cache.hpp.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "server/http_types.hpp"
#include "server/response.hpp"
#include "server/shared_state.hpp"

namespace isl::server::detail {

// While alive, this request renders a key that other requests may be waiting for; they
// are woken when it ends (stored or not, or the request abandoned).
class RenderLease {
 public:
  RenderLease() = default;
  RenderLease(std::shared_ptr<IslandCache> cache, std::string key) : cache_(std::move(cache)), key_(std::move(key)) {}
  RenderLease(RenderLease&& other) noexcept = default;
  RenderLease& operator=(RenderLease&& other) noexcept;
  ~RenderLease() { release(); }
  void release();

 private:
  std::shared_ptr<IslandCache> cache_;
  std::string key_;
};

struct CacheVisit {
  std::optional<Response> answer;  // served from the cache: send this
  std::string key;
  std::uint64_t epoch = 0;
  RenderLease lease;
  std::string_view outcome;  // "hit", "stale", "coalesced"; after settle(): "miss" or "pass"
};

// Before an island render. Parameters by reference: see dispatch.hpp on GCC 12.
// `match` is the site's for `request`: a stale answer's refresh renders it again.
boost::asio::awaitable<CacheVisit> visit_island_cache(Shared& shared, const std::shared_ptr<const HttpRequest>& request,
                                                      const DynamicHandler::Match& match);

// After the render the visit asked for: stores the answer when it may be kept, wakes the
// requests waiting for it. Returns the outcome for the access log.
std::string_view settle_island_cache(Shared& shared, CacheVisit& visit, const HttpRequest& request,
                                     const Response& response);

}  // namespace isl::server::detail
