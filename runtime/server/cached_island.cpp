// The island cache in the request flow: hits, stale answers and their one refresh, and
// waiting for another request's render.
#include "server/cached_island.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

#include "server/island_cache.hpp"
#include "server/site_render.hpp"

namespace isl::server::detail {

namespace asio = boost::asio;
using Found = IslandCache::Found;

namespace {

// The refresh of a stale answer: on the render pool, tied to no connection. A failed or
// uncacheable refresh drops the stale answer (no stale-if-error).
void refresh_in_background(Shared& shared, const std::shared_ptr<const HttpRequest>& request,
                           const DynamicHandler::Match& match, const std::string& key, std::uint64_t epoch) {
  asio::post(shared.render_executor, [handler = shared.handler, cache = shared.island_cache, request, match, key, epoch,
                                      &metrics = shared.metrics] {
    Rendered rendered = render_match(*handler, *request, match);
    metrics.count_render(false);
    cache->store(key, *request, reply_to_response(std::move(rendered.reply), DynamicHandler::Kind::island), epoch);
  });
}

// A stored answer found: serve it; the one request that found it stale refreshes it.
bool serve_found(Shared& shared, const std::shared_ptr<const HttpRequest>& request,
                 const DynamicHandler::Match& match, IslandCache::Lookup& found, CacheVisit& visit, bool waited) {
  auto& counters = shared.metrics.island_cache;
  switch (found.found) {
    case Found::none:
    case Found::pass: return false;
    case Found::fresh:
      (waited ? counters.coalesced : counters.hits).fetch_add(1, std::memory_order_relaxed);
      visit.outcome = waited ? "coalesced" : "hit";
      break;
    case Found::refresh: refresh_in_background(shared, request, match, visit.key, found.epoch); [[fallthrough]];
    case Found::stale:
      counters.stale.fetch_add(1, std::memory_order_relaxed);
      visit.outcome = "stale";
      break;
  }
  visit.answer = std::move(found.answer);
  return true;
}

}  // namespace

RenderLease& RenderLease::operator=(RenderLease&& other) noexcept {
  if (this != &other) {
    release();
    cache_ = std::move(other.cache_);
    key_ = std::move(other.key_);
  }
  return *this;
}

void RenderLease::release() {
  if (cache_) cache_->end_render(key_);
  cache_.reset();
}

asio::awaitable<CacheVisit> visit_island_cache(Shared& shared, const std::shared_ptr<const HttpRequest>& request,
                                               const DynamicHandler::Match& match) {
  IslandCache& cache = *shared.island_cache;
  CacheVisit visit;
  visit.key = IslandCache::key_of(*request);
  IslandCache::Lookup found = cache.lookup(visit.key, *request);
  visit.epoch = found.epoch;
  if (serve_found(shared, request, match, found, visit, false)) co_return visit;
  if (found.found == Found::pass) co_return visit;  // likely uncacheable: no one waits for it

  // The first miss renders; the others wait for it (woken on their own I/O thread), then look
  // again. Whoever still finds nothing renders on its own, without making others wait.
  auto timer = std::make_shared<asio::steady_timer>(co_await asio::this_coro::executor);
  timer->expires_after(shared.options.island_cache_wait);
  auto wake = [timer, executor = timer->get_executor()] { asio::post(executor, [timer] { timer->cancel(); }); };
  if (cache.begin_render(visit.key, std::move(wake))) {
    visit.lease = RenderLease(shared.island_cache, visit.key);
    co_return visit;
  }
  boost::system::error_code ec;
  co_await timer->async_wait(asio::redirect_error(asio::use_awaitable, ec));
  found = cache.lookup(visit.key, *request);
  visit.epoch = found.epoch;
  serve_found(shared, request, match, found, visit, true);
  co_return visit;
}

std::string_view settle_island_cache(Shared& shared, CacheVisit& visit, const HttpRequest& request,
                                     const Response& response) {
  const bool stored = shared.island_cache->store(visit.key, request, response, visit.epoch);
  visit.lease.release();
  shared.metrics.island_cache.misses.fetch_add(1, std::memory_order_relaxed);
  return stored ? "miss" : "pass";
}

}  // namespace isl::server::detail
