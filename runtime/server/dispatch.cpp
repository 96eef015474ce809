// The request router, and renders: inline or handed off to the render thread pool.
#include "server/dispatch.hpp"
#include "server/island_stream.hpp"
#include "server/cached_island.hpp"
#include "server/site_render.hpp"
#include "http/island_url.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <chrono>
#include <string_view>

// GCC 12 at -O2 may inline Asio's coroutine frame allocation (aligned_alloc) into the
// ramp of dispatch() and then flag the class operator delete that frees it: a false
// positive (the pair is Asio's own, awaitable_frame_base's operator new and delete).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

namespace isl::server::detail {

namespace asio = boost::asio;
using Kind = DynamicHandler::Kind;
using Clock = std::chrono::steady_clock;

namespace {

RequestKind to_request_kind(Kind kind) {
  switch (kind) {
    case Kind::island: return RequestKind::island;
    case Kind::page: return RequestKind::page;
    case Kind::route:
    case Kind::none: break;
  }
  return RequestKind::route;
}

Response internal_error() { return plain_response(500, "Internal Server Error"); }

Response method_not_allowed(std::string allow) {
  Response r = plain_response(405, "Method Not Allowed");
  r.headers.emplace_back("Allow", std::move(allow));
  return r;
}

struct RenderResult {
  Rendered rendered;
  Clock::duration took{};
  RenderPlacement::Verdict verdict = RenderPlacement::Verdict::within_budget;
};

// On a render thread or inline. `budget` 0: the render is not judged (no placement record).
// `measure`: take the thread's usage around it, to judge a render over the budget.
RenderResult render_now(DynamicHandler& handler, const HttpRequest& request, const DynamicHandler::Match& match,
                        std::chrono::microseconds budget, bool measure) {
  RenderResult result;
  RenderPlacement::Stopwatch stopwatch(budget, measure);
  result.rendered = render_match(handler, request, match);
  result.verdict = stopwatch.stop();
  result.took = stopwatch.took();
  return result;
}

// dist/404.html or dist/500.html, with its status: also when asked for by its own path.
Response status_page(const StaticFile& page, int status, std::string cache_control) {
  Response r;
  r.status = status;
  r.headers.emplace_back("Content-Type", page.content_type);
  r.headers.emplace_back("Cache-Control", std::move(cache_control));
  r.body = page.identity.body;
  return r;
}

struct NotFoundResult {
  bool rendered = false;
  HttpReply reply;
};

asio::awaitable<Response> not_found(Shared& shared, const std::shared_ptr<const HttpRequest>& request,
                                    const StaticSite* site, RequestInfo& info) {
  if (shared.handler) {
    std::shared_ptr<DynamicHandler> handler = shared.handler;
    auto work = [handler, request]() -> asio::awaitable<NotFoundResult> {
      NotFoundResult result;
      result.rendered = render_not_found_page(*handler, *request, result.reply);
      co_return result;
    };
    NotFoundResult nf = co_await asio::co_spawn(shared.render_executor, std::move(work), asio::use_awaitable);
    if (nf.rendered) {
      if (nf.reply.status == 200) nf.reply.status = 404;
      info.kind = RequestKind::page;
      co_return reply_to_response(std::move(nf.reply), Kind::page);
    }
  }
  if (site != nullptr) {
    if (const StaticFile* page = site->not_found_page()) co_return status_page(*page, 404, "no-cache");
  }
  co_return plain_response(404, "Not Found");
}

}  // namespace

asio::awaitable<Response> dispatch(Shared& shared, const std::shared_ptr<const HttpRequest>& request,
                                   RequestInfo& info) {
  const HttpRequest& req = *request;
  const bool get_or_head = req.method == "GET" || req.method == "HEAD";

  const bool is_health = req.path == "/_isl/health";
  if (is_health || (shared.options.expose_metrics && req.path == "/_isl/metrics")) {
    info.kind = RequestKind::internal;
    if (!get_or_head) co_return method_not_allowed("GET, HEAD");
    Response r;
    r.headers.emplace_back("Cache-Control", "no-store");
    if (is_health) {
      r.headers.emplace_back("Content-Type", "text/plain; charset=utf-8");
      r.body = std::make_shared<const std::string>("ok");
    } else {
      r.headers.emplace_back("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
      r.body = std::make_shared<const std::string>(shared.metrics.render(shared.open_connections()));
    }
    co_return r;
  }

  if (req.path == "/_isl/ready") {
    info.kind = RequestKind::internal;
    if (!get_or_head) co_return method_not_allowed("GET, HEAD");
    co_return readiness_response(shared.readiness.state());
  }

  const std::shared_ptr<const StaticSite> site = shared.site();
  const StaticFile* file = site ? site->resolve(req.path) : nullptr;
  if (file != nullptr && get_or_head) {
    info.kind = RequestKind::static_file;
    if (file == site->not_found_page()) co_return status_page(*file, 404, "no-cache");
    if (file == site->error_page()) co_return status_page(*file, 500, "no-store");
    if (req.method == "GET" && shared.handler && file->content_type.starts_with("text/html") && file->identity.body) {
      // A prerendered page that streams its islands (spec §3).
      HttpReply page{{200, {{"Content-Type", file->content_type}}}, {}, nullptr};
      if (shared.handler->stream_static_page(req, *file->identity.body, page)) {
        info.kind = RequestKind::page;
        std::shared_ptr<const IslandStream> plan = page.stream;
        // Named, not in the call: see session_impl.hpp on temporaries in co_await expressions.
        const asio::any_io_executor connection = co_await asio::this_coro::executor;
        co_return streamed_response(reply_to_response(std::move(page), Kind::page), shared.handler, std::move(plan),
                                    connection, shared.render_executor, shared.options.stream_deadline);
      }
    }
    co_return static_response(*file, req);
  }

  if (shared.handler) {
    DynamicHandler::Match match;
    if (!resolve_match(*shared.handler, req, match)) {
      info.kind = RequestKind::route;
      co_return internal_error();
    }
    if (match.kind != Kind::none) {
      RenderPlacement::Entry* placed = shared.placement.find(match.key);
      const Kind kind = match.kind;
      info.kind = to_request_kind(kind);
      const bool use_cache = kind == Kind::island && shared.island_cache != nullptr;
      CacheVisit cached;
      if (use_cache) {
        cached = co_await visit_island_cache(shared, request, match);
        info.cache = cached.outcome;
        if (cached.answer) co_return std::move(*cached.answer);
      }
      RenderResult result;
      const auto budget = placed != nullptr ? shared.placement.budget() : std::chrono::microseconds(0);
      if (shared.placement.may_render_inline(placed)) {
        result = render_now(*shared.handler, req, match, budget, shared.placement.must_measure_inline(placed));
        shared.metrics.count_render(true);
      } else {
        std::shared_ptr<DynamicHandler> handler = shared.handler;
        // A named callable: see session_impl.hpp on temporaries in co_await expressions.
        auto work = [handler, request, match, budget]() -> asio::awaitable<RenderResult> {
          co_return render_now(*handler, *request, match, budget, true);
        };
        result = co_await asio::co_spawn(shared.render_executor, std::move(work), asio::use_awaitable);
        shared.metrics.count_render(false);
      }
      shared.placement.record(placed, result.verdict);
      if (kind == Kind::island) {
        if (const auto name = island_url::name_of(req.path); !name.empty()) {
          shared.metrics.observe_island(name, std::chrono::duration<double>(result.took).count());
        }
      }
      HttpReply& reply = result.rendered.reply;
      // An on-demand page that failed: the site's 500 page, never what the exception said.
      if (result.rendered.failed && kind == Kind::page && site != nullptr) {
        if (const StaticFile* page = site->error_page()) co_return status_page(*page, 500, "no-store");
      }
      if (std::shared_ptr<const IslandStream> plan = std::move(reply.stream)) {
        const asio::any_io_executor connection = co_await asio::this_coro::executor;
        co_return streamed_response(reply_to_response(std::move(reply), kind), shared.handler, std::move(plan),
                                    connection, shared.render_executor, shared.options.stream_deadline);
      }
      Response response = reply_to_response(std::move(reply), kind);
      if (use_cache) info.cache = settle_island_cache(shared, cached, req, response);
      co_return response;
    }
  }

  info.kind = RequestKind::static_file;
  if (file != nullptr) co_return method_not_allowed("GET, HEAD");
  co_return co_await not_found(shared, request, site.get(), info);
}

}  // namespace isl::server::detail
