// Dynamic requests: islands, pages and routes through DynamicHandler on the render pool.
#include <gtest/gtest.h>

#include <future>

#include "server/render_placement.hpp"
#include "test_support.hpp"

namespace isl::server::test {
namespace {

using Clock = std::chrono::steady_clock;

class DynamicTest : public ::testing::Test {
 protected:
  Site site;
  std::shared_ptr<TestHandler> handler = std::make_shared<TestHandler>();
  RunningServer server{test_options(site.dist), handler};
  std::uint16_t port() const { return server.port(); }
};

TEST_F(DynamicTest, IslandGetsRequestAndPrivateCacheControl) {
  const auto r = fetch(port(), "/_server-islands/Echo?p=abc&s=def", "X-Test: yes\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "island GET /_server-islands/Echo q=p=abc&s=def body= h=yes remote=127.0.0.1");
  EXPECT_EQ(r->header("Cache-Control"), "private, no-store");
  EXPECT_EQ(r->header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(r->header("Content-Length"), std::to_string(r->body.size()));
}

TEST_F(DynamicTest, IslandOwnCacheControlKept) {
  const auto r = fetch(port(), "/_server-islands/Cached");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->header("Cache-Control"), "public, max-age=60");
}

TEST_F(DynamicTest, PagesAndRoutesGetNoCacheControlAdded) {
  const auto page = fetch(port(), "/page?x=1");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_EQ(page->body.rfind("page GET /page q=x=1", 0), 0u);
  EXPECT_FALSE(page->has("Cache-Control"));
  const auto route = fetch(port(), "/route");
  ASSERT_TRUE(route);
  EXPECT_EQ(route->body.rfind("route GET", 0), 0u);
}

TEST_F(DynamicTest, HandlerStatusAndSanitisedHeaders) {
  EXPECT_EQ(fetch(port(), "/_server-islands/Teapot")->status, 418);
  Client c(port());
  ASSERT_TRUE(c.send(get_request("/_server-islands/Teapot")));
  ASSERT_FALSE(c.wait_closed(300ms));
  EXPECT_EQ(c.pending().rfind("HTTP/1.1 418 I'm a teapot\r\n", 0), 0u) << c.pending();
  const auto evil = fetch(port(), "/_server-islands/Evil");
  ASSERT_TRUE(evil);
  EXPECT_EQ(evil->status, 200);
  EXPECT_FALSE(evil->has("Set-Cookie"));
  EXPECT_FALSE(evil->has("X-Evil"));
  EXPECT_EQ(evil->header("Content-Length"), "4");
  EXPECT_EQ(evil->body, "evil");
}

TEST_F(DynamicTest, PostIslandWithBody) {
  Client c(port());
  ASSERT_TRUE(c.send("POST /_server-islands/Echo HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
                     "Content-Length: 12\r\n\r\np=1&s=sealed"));
  const auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_NE(r->body.find("island POST /_server-islands/Echo q= body=p=1&s=sealed h=-"), std::string::npos);
}

TEST_F(DynamicTest, HeadOnIslandHasLengthButNoBody) {
  Client c(port());
  ASSERT_TRUE(c.send(get_request("/_server-islands/Cached", "", "HEAD")));
  const auto head = c.read_response(true);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->header("Content-Length"), "6");
  ASSERT_TRUE(c.send(get_request("/_server-islands/Cached")));
  const auto get = c.read_response();
  ASSERT_TRUE(get);
  EXPECT_EQ(get->body, "cached");
}

TEST_F(DynamicTest, HandlerExceptionIs500WithoutItsText) {
  for (const char* target : {"/throw", "/_server-islands/Throws", "/accepts-throws"}) {
    const auto r = fetch(port(), target);
    ASSERT_TRUE(r) << target;
    EXPECT_EQ(r->status, 500) << target;
    EXPECT_EQ(r->body.find("secret"), std::string::npos) << target;
    EXPECT_EQ(r->body.find("42"), std::string::npos) << target;
  }
  // And the server carries on.
  EXPECT_EQ(fetch(port(), "/_server-islands/Echo")->status, 200);
}

TEST_F(DynamicTest, StaticFileWinsOverHandler) {
  // /index.html exists: the handler is not asked.
  const int before = handler->renders.load();
  EXPECT_EQ(fetch(port(), "/")->body, "<h1>home</h1>");
  EXPECT_EQ(handler->renders.load(), before);
}

TEST_F(DynamicTest, HandlerNotFoundPageFirst) {
  handler->custom_404 = true;
  const auto r = fetch(port(), "/missing");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(r->body, "custom 404 for /missing");
  handler->custom_404 = false;
  EXPECT_EQ(fetch(port(), "/missing")->body, "<h1>not here</h1>");
}

TEST_F(DynamicTest, SlowIslandDoesNotDelayStaticOnOneIoThread) {
  // A second server with one I/O thread: only the render pool can keep it responsive.
  Options o = test_options(site.dist);
  o.threads = 1;
  RunningServer single(o, handler);
  Client slow(single.port());
  const auto started = Clock::now();
  ASSERT_TRUE(slow.send(get_request("/_server-islands/Slow")));
  std::this_thread::sleep_for(50ms);
  const auto before_static = Clock::now();
  const auto fast = fetch(single.port(), "/style.css");
  const auto static_took = Clock::now() - before_static;
  ASSERT_TRUE(fast);
  EXPECT_EQ(fast->body, "body{}");
  EXPECT_LT(static_took, 250ms);
  const auto r = slow.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "slow done");
  EXPECT_GE(Clock::now() - started, 450ms);
}

TEST_F(DynamicTest, SlowIslandsRenderInParallel) {
  const auto started = Clock::now();
  Client a(port()), b(port()), c(port());
  for (Client* cl : {&a, &b, &c}) ASSERT_TRUE(cl->send(get_request("/_server-islands/Slow")));
  for (Client* cl : {&a, &b, &c}) {
    const auto r = cl->read_response();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->body, "slow done");
  }
  EXPECT_LT(Clock::now() - started, 1200ms);
}

TEST_F(DynamicTest, HealthAndMetrics) {
  const auto health = fetch(port(), "/_isl/health");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  EXPECT_EQ(health->body, "ok");

  ASSERT_EQ(fetch(port(), "/style.css")->status, 200);
  ASSERT_EQ(fetch(port(), "/_server-islands/Echo")->status, 200);
  ASSERT_EQ(fetch(port(), "/_server-islands/Echo")->status, 200);
  ASSERT_EQ(fetch(port(), "/page")->status, 200);
  ASSERT_EQ(fetch(port(), "/throw")->status, 500);
  ASSERT_EQ(fetch(port(), "/nope")->status, 404);

  const auto m = fetch(port(), "/_isl/metrics");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->status, 200);
  EXPECT_EQ(m->header("Content-Type").rfind("text/plain; version=0.0.4", 0), 0u);
  const std::string& t = m->body;
  EXPECT_NE(t.find("# TYPE isl_http_requests_total counter"), std::string::npos) << t;
  EXPECT_NE(t.find("isl_http_requests_total{kind=\"static\",status=\"200\"} 1\n"), std::string::npos) << t;
  EXPECT_NE(t.find("isl_http_requests_total{kind=\"static\",status=\"404\"} 1\n"), std::string::npos) << t;
  EXPECT_NE(t.find("isl_http_requests_total{kind=\"island\",status=\"200\"} 2\n"), std::string::npos) << t;
  EXPECT_NE(t.find("isl_http_requests_total{kind=\"page\",status=\"200\"} 1\n"), std::string::npos) << t;
  EXPECT_NE(t.find("isl_http_requests_total{kind=\"route\",status=\"500\"} 1\n"), std::string::npos) << t;
  EXPECT_NE(t.find("isl_http_requests_total{kind=\"internal\",status=\"200\"} 1\n"), std::string::npos) << t;
  EXPECT_NE(t.find("isl_http_errors_total 1\n"), std::string::npos) << t;
  EXPECT_NE(t.find("# TYPE isl_open_connections gauge\nisl_open_connections "), std::string::npos) << t;
  EXPECT_NE(t.find("# TYPE isl_island_render_duration_seconds histogram"), std::string::npos) << t;
  EXPECT_NE(t.find("isl_island_render_duration_seconds_bucket{island=\"Echo\",le=\"+Inf\"} 2\n"), std::string::npos)
      << t;
  EXPECT_NE(t.find("isl_island_render_duration_seconds_count{island=\"Echo\"} 2\n"), std::string::npos) << t;
  EXPECT_NE(t.find("isl_island_render_duration_seconds_sum{island=\"Echo\"} "), std::string::npos) << t;
  EXPECT_EQ(fetch(port(), "/_isl/health", "Content-Length: 0\r\n", "POST")->status, 405);
}

// isl_renders_total for one placement, read from /_isl/metrics; -1 when it is missing.
long renders_metric(std::uint16_t port, std::string_view placement) {
  const auto m = fetch(port, "/_isl/metrics");
  if (!m) return -1;
  const std::string needle = "isl_renders_total{placement=\"" + std::string(placement) + "\"} ";
  const auto at = m->body.find(needle);
  if (at == std::string::npos) return -1;
  return std::stol(m->body.substr(at + needle.size()));
}

TEST_F(DynamicTest, FastIslandMovesInlineAfterItsStreak) {
  const auto needed = static_cast<long>(detail::RenderPlacement::streak_needed(0));
  for (long i = 0; i < needed; ++i) ASSERT_EQ(fetch(port(), "/_server-islands/Echo")->status, 200);
  EXPECT_EQ(renders_metric(port(), "pool"), needed);
  EXPECT_EQ(renders_metric(port(), "inline"), 0);
  for (int i = 0; i < 5; ++i) {
    const auto r = fetch(port(), "/_server-islands/Echo?p=x");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->body, "island GET /_server-islands/Echo q=p=x body= h=- remote=127.0.0.1");
    EXPECT_EQ(r->header("Cache-Control"), "private, no-store");
  }
  EXPECT_EQ(renders_metric(port(), "inline"), 5);
  // The record is per key: another island starts on the pool.
  ASSERT_EQ(fetch(port(), "/_server-islands/Other")->status, 200);
  EXPECT_EQ(renders_metric(port(), "pool"), needed + 1);
}

TEST_F(DynamicTest, RenderWithoutKeyAlwaysOnPool) {
  const auto needed = static_cast<long>(detail::RenderPlacement::streak_needed(0));
  for (long i = 0; i < needed + 3; ++i) ASSERT_EQ(fetch(port(), "/_server-islands/NoKey")->status, 200);
  EXPECT_EQ(renders_metric(port(), "inline"), 0);
  EXPECT_EQ(renders_metric(port(), "pool"), needed + 3);
}

TEST_F(DynamicTest, ZeroBudgetNeverRendersInline) {
  Options o = test_options(site.dist);
  o.inline_render_budget = std::chrono::microseconds(0);
  RunningServer pooled(o, handler);
  const auto needed = static_cast<long>(detail::RenderPlacement::streak_needed(0));
  for (long i = 0; i < needed * 2; ++i) ASSERT_EQ(fetch(pooled.port(), "/_server-islands/Echo")->status, 200);
  EXPECT_EQ(renders_metric(pooled.port(), "inline"), 0);
  EXPECT_EQ(renders_metric(pooled.port(), "pool"), needed * 2);
}

TEST_F(DynamicTest, IslandThatTurnsSlowGoesBackToThePool) {
  // One I/O thread: while a render runs inline on it, nothing else is served.
  Options o = test_options(site.dist);
  o.threads = 1;
  RunningServer single(o, handler);
  const auto needed = static_cast<long>(detail::RenderPlacement::streak_needed(0));
  for (long i = 0; i < needed; ++i) ASSERT_EQ(fetch(single.port(), "/_server-islands/Flaky")->status, 200);
  ASSERT_EQ(fetch(single.port(), "/_server-islands/Flaky")->status, 200);
  ASSERT_EQ(renders_metric(single.port(), "inline"), 1);

  // It turns slow: the first slow render still runs inline (it was fast until now) and,
  // not measured, makes its key measured; the second, measured, is found slow and sends
  // it back; every later one runs on the pool.
  handler->flaky_sleep_ms = 300;
  ASSERT_EQ(fetch(single.port(), "/_server-islands/Flaky")->body, "flaky done");
  EXPECT_EQ(renders_metric(single.port(), "inline"), 2);
  ASSERT_EQ(fetch(single.port(), "/_server-islands/Flaky")->body, "flaky done");
  EXPECT_EQ(renders_metric(single.port(), "inline"), 3);

  Client slow(single.port());
  ASSERT_TRUE(slow.send(get_request("/_server-islands/Flaky")));
  std::this_thread::sleep_for(50ms);
  const auto before_static = Clock::now();
  const auto fast = fetch(single.port(), "/style.css");
  EXPECT_LT(Clock::now() - before_static, 200ms);
  ASSERT_TRUE(fast);
  EXPECT_EQ(fast->body, "body{}");
  const auto r = slow.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "flaky done");
  EXPECT_EQ(renders_metric(single.port(), "inline"), 3);

  // Fast again: back inline only after a longer streak than the first time.
  handler->flaky_sleep_ms = 0;
  const auto needed_again = static_cast<long>(detail::RenderPlacement::streak_needed(1));
  ASSERT_GT(needed_again, needed);
  for (long i = 0; i < needed_again; ++i) ASSERT_EQ(fetch(single.port(), "/_server-islands/Flaky")->status, 200);
  EXPECT_EQ(renders_metric(single.port(), "inline"), 3);
  ASSERT_EQ(fetch(single.port(), "/_server-islands/Flaky")->status, 200);
  EXPECT_EQ(renders_metric(single.port(), "inline"), 4);
}

TEST_F(DynamicTest, IslandLongFastIsForgivenOneStallButNotTwo) {
  // A 5 ms budget and 15 ms stalls: over the budget, within 8 × it, whatever the machine's
  // wait for a CPU adds.
  Options o = test_options(site.dist);
  o.threads = 1;
  o.inline_render_budget = std::chrono::milliseconds(5);
  RunningServer single(o, handler);
  const long fast = static_cast<long>(detail::RenderPlacement::kForgivenEvery + detail::RenderPlacement::streak_needed(0));
  for (long i = 0; i < fast; ++i) ASSERT_EQ(fetch(single.port(), "/_server-islands/Flaky")->status, 200);
  const long inline_before = renders_metric(single.port(), "inline");
  ASSERT_GE(inline_before, fast - static_cast<long>(detail::RenderPlacement::streak_needed(0)));

  // One stall, seen twice (the first, not measured, makes the second measured): forgiven.
  handler->flaky_sleep_ms = 15;
  for (int i = 0; i < 2; ++i) ASSERT_EQ(fetch(single.port(), "/_server-islands/Flaky")->body, "flaky done");
  handler->flaky_sleep_ms = 0;
  for (int i = 0; i < 3; ++i) ASSERT_EQ(fetch(single.port(), "/_server-islands/Flaky")->status, 200);
  EXPECT_EQ(renders_metric(single.port(), "inline"), inline_before + 5);

  // A second stall so soon is not: it sends the island back to the pool.
  handler->flaky_sleep_ms = 15;
  ASSERT_EQ(fetch(single.port(), "/_server-islands/Flaky")->body, "flaky done");
  handler->flaky_sleep_ms = 0;
  for (int i = 0; i < 3; ++i) ASSERT_EQ(fetch(single.port(), "/_server-islands/Flaky")->status, 200);
  EXPECT_EQ(renders_metric(single.port(), "inline"), inline_before + 6);
}

}  // namespace
}  // namespace isl::server::test
