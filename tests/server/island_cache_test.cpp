// The island cache over real sockets: every rule of docs/server.md "The island cache",
// with renders counted by the handler. Cache-Control parsing is tested byte by byte first.
#include "server/cache_control.hpp"
#include "server/island_cache.hpp"

#include <gtest/gtest.h>

#include <future>
#include <mutex>
#include <vector>

#include "test_support.hpp"

namespace isl::server::test {
namespace {

using namespace std::chrono_literals;
using detail::parse_cache_control;

TEST(CacheControl, Directives) {
  const auto d = parse_cache_control("Public, MAX-AGE=60, s-maxage=\"120\", stale-while-revalidate=30, x-ext=\"a,b\"");
  EXPECT_TRUE(d.is_public);
  EXPECT_FALSE(d.is_private);
  EXPECT_EQ(d.max_age, 60s);
  EXPECT_EQ(d.s_maxage, 120s);
  EXPECT_EQ(d.stale_while_revalidate, 30s);
  EXPECT_EQ(d.shared_lifetime(), 120s);  // s-maxage wins for a shared cache

  const auto p = parse_cache_control("private=\"Set-Cookie, X-A\", no-store, no-cache, proxy-revalidate");
  EXPECT_TRUE(p.is_private);
  EXPECT_TRUE(p.no_store);
  EXPECT_TRUE(p.no_cache);
  EXPECT_TRUE(p.must_revalidate);
  EXPECT_EQ(p.shared_lifetime(), 0s);

  EXPECT_EQ(parse_cache_control("max-age=abc").max_age, 0s);  // malformed: stale at once
  EXPECT_EQ(parse_cache_control("max-age=-5").max_age, 0s);
  EXPECT_EQ(parse_cache_control("max-age=10, max-age=99").max_age, 10s);  // the first counts
  EXPECT_EQ(parse_cache_control("max-age=99999999999999999999").max_age, 2147483648s);
  EXPECT_EQ(parse_cache_control("").shared_lifetime(), 0s);
}

TEST(CacheControl, ListsAndStatuses) {
  EXPECT_EQ(detail::split_list(" a, b,,c ,"), (std::vector<std::string_view>{"a", "b", "c"}));
  EXPECT_TRUE(detail::split_list("").empty());
  for (int s : {200, 203, 204, 404, 410}) EXPECT_TRUE(detail::cacheable_status(s)) << s;
  for (int s : {201, 206, 301, 302, 308, 400, 405, 418, 500, 503}) EXPECT_FALSE(detail::cacheable_status(s)) << s;
}

// Islands whose answer a test sets by name: the Cache-Control (and other headers), status,
// and how long the render takes. The body says which render of that name it was.
class CacheHandler : public DynamicHandler {
 public:
  struct Spec {
    std::vector<std::pair<std::string, std::string>> headers;
    int status = 200;
    Ms sleep{0};
    std::size_t body_bytes = 0;  // padding, for the memory bound
  };

  void set(const std::string& name, Spec spec) {
    std::lock_guard lock(mutex_);
    specs_[name] = std::move(spec);
  }
  int renders(const std::string& name) {
    std::lock_guard lock(mutex_);
    return counts_[name];
  }

  Match resolve(const HttpRequest& request) const override {
    Match match;
    if (request.path.starts_with("/_server-islands/")) match.kind = Kind::island;
    if (request.path == "/purge") match.kind = Kind::route;
    return match;
  }

  HttpReply render(const HttpRequest& request, const Match& match) override {
    HttpReply reply;
    if (match.kind == Kind::route) {
      reply.body = std::to_string(detail::purge_tag_everywhere(request.query));
      return reply;
    }
    const std::string name = request.path.substr(request.path.rfind('/') + 1);
    Spec spec;
    int n = 0;
    {
      std::lock_guard lock(mutex_);
      spec = specs_[name];
      n = ++counts_[name];
    }
    std::this_thread::sleep_for(spec.sleep);
    reply.status = spec.status;
    reply.headers = spec.headers;
    const std::string* lang = request.header("X-Lang");
    reply.body = "render " + std::to_string(n) + " of " + name + " q=" + request.query + " body=" + request.body +
                 " lang=" + (lang ? *lang : "-") + std::string(spec.body_bytes, '.');
    return reply;
  }

 private:
  std::mutex mutex_;
  std::map<std::string, Spec> specs_;
  std::map<std::string, int> counts_;
};

using Spec = CacheHandler::Spec;
Spec cache_control(std::string value) { return Spec{{{"Cache-Control", std::move(value)}}}; }

class IslandCacheTest : public ::testing::Test {
 protected:
  static Options options(std::size_t bytes = 64u << 20) {
    Options o = test_options();
    o.island_cache_bytes = bytes;
    o.render_threads = 8;
    return o;
  }
  std::shared_ptr<CacheHandler> handler = std::make_shared<CacheHandler>();
  std::unique_ptr<RunningServer> server = std::make_unique<RunningServer>(options(), handler);
  std::uint16_t port() const { return server->port(); }

  Reply get(const std::string& target, const std::string& headers = "") {
    auto r = fetch(port(), target, headers);
    EXPECT_TRUE(r) << target;
    return r ? *r : Reply{};
  }
  Reply post(const std::string& path, const std::string& body) {
    Client c(port());
    EXPECT_TRUE(c.send("POST " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: " +
                       "application/x-www-form-urlencoded\r\nContent-Length: " + std::to_string(body.size()) +
                       "\r\n\r\n" + body));
    auto r = c.read_response();
    EXPECT_TRUE(r) << path;
    return r ? *r : Reply{};
  }
  // The value of one metric line ("isl_island_cache_evictions_total 3" → 3).
  long metric(const std::string& name) {
    const Reply m = get("/_isl/metrics");
    const auto at = m.body.find("\n" + name + " ");
    if (at == std::string::npos) return -1;
    return std::stol(m.body.substr(at + name.size() + 2));
  }
  // `n` requests at once, each on its own connection.
  std::vector<Reply> concurrently(int n, const std::string& target) {
    std::vector<std::future<std::optional<Reply>>> pending;
    for (int i = 0; i < n; ++i) pending.push_back(std::async(std::launch::async, [&] { return fetch(port(), target); }));
    std::vector<Reply> out;
    for (auto& f : pending) {
      auto r = f.get();
      EXPECT_TRUE(r);
      if (r) out.push_back(*r);
    }
    return out;
  }
};

TEST_F(IslandCacheTest, HitHasAgeAndTheStoredAnswer) {
  handler->set("Prices", cache_control("public, max-age=60"));
  const Reply miss = get("/_server-islands/Prices?p=1&s=x");
  EXPECT_EQ(miss.status, 200);
  EXPECT_EQ(miss.body.rfind("render 1 of Prices", 0), 0u) << miss.body;
  EXPECT_FALSE(miss.has("Age"));
  const Reply hit = get("/_server-islands/Prices?p=1&s=x");
  EXPECT_EQ(hit.body, miss.body);
  EXPECT_EQ(hit.header("Age"), "0");
  EXPECT_EQ(hit.header("Cache-Control"), "public, max-age=60");
  EXPECT_EQ(hit.header("Content-Type"), "text/html; charset=utf-8");
  std::this_thread::sleep_for(1100ms);
  const Reply later = get("/_server-islands/Prices?p=1&s=x");
  EXPECT_EQ(later.header("Age"), "1");
  EXPECT_EQ(handler->renders("Prices"), 1);
  EXPECT_EQ(metric("isl_island_cache_hits_total"), 2);
  EXPECT_EQ(metric("isl_island_cache_misses_total"), 1);
  EXPECT_GT(metric("isl_island_cache_bytes"), static_cast<long>(miss.body.size()));
  EXPECT_EQ(metric("isl_island_cache_entries"), 1);
}

TEST_F(IslandCacheTest, OtherSealedDataIsAMiss) {
  handler->set("Prices", cache_control("public, max-age=60"));
  get("/_server-islands/Prices?p=1&s=x");
  EXPECT_EQ(get("/_server-islands/Prices?p=2&s=x").body.rfind("render 2", 0), 0u);
  EXPECT_EQ(get("/_server-islands/Prices?p=1&s=y").body.rfind("render 3", 0), 0u);
  EXPECT_EQ(handler->renders("Prices"), 3);
  EXPECT_EQ(metric("isl_island_cache_misses_total"), 3);
}

TEST_F(IslandCacheTest, HeadSharesTheGetAnswer) {
  handler->set("Prices", cache_control("public, max-age=60"));
  const Reply r = get("/_server-islands/Prices?p=1&s=x");
  Client c(port());
  ASSERT_TRUE(c.send(get_request("/_server-islands/Prices?p=1&s=x", "", "HEAD")));
  const auto head = c.read_response(true);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->header("Content-Length"), std::to_string(r.body.size()));
  EXPECT_EQ(head->header("Age"), "0");
  EXPECT_EQ(handler->renders("Prices"), 1);
}

TEST_F(IslandCacheTest, MaxAgeExpires) {
  handler->set("Short", cache_control("public, max-age=1"));
  get("/_server-islands/Short");
  EXPECT_EQ(get("/_server-islands/Short").body.rfind("render 1", 0), 0u);
  std::this_thread::sleep_for(1100ms);
  const Reply after = get("/_server-islands/Short");
  EXPECT_EQ(after.body.rfind("render 2", 0), 0u) << after.body;
  EXPECT_FALSE(after.has("Age"));
}

TEST_F(IslandCacheTest, SMaxageWinsOverMaxAge) {
  handler->set("Shared", cache_control("public, max-age=0, s-maxage=60"));
  get("/_server-islands/Shared");
  EXPECT_EQ(get("/_server-islands/Shared").body.rfind("render 1", 0), 0u);
  handler->set("Brief", cache_control("max-age=60, s-maxage=1"));  // s-maxage alone allows sharing
  get("/_server-islands/Brief");
  EXPECT_EQ(get("/_server-islands/Brief").body.rfind("render 1", 0), 0u);
  std::this_thread::sleep_for(1100ms);
  EXPECT_EQ(get("/_server-islands/Brief").body.rfind("render 2", 0), 0u);
}

TEST_F(IslandCacheTest, StaleWhileRevalidateServesStaleDuringOneRefresh) {
  handler->set("Swr", cache_control("public, max-age=1, stale-while-revalidate=30"));
  get("/_server-islands/Swr");
  handler->set("Swr", Spec{{{"Cache-Control", "public, max-age=1, stale-while-revalidate=30"}}, 200, 400ms});
  std::this_thread::sleep_for(1100ms);
  const auto started = std::chrono::steady_clock::now();
  const Reply stale = get("/_server-islands/Swr");
  EXPECT_LT(std::chrono::steady_clock::now() - started, 300ms);  // not waiting for the 400 ms refresh
  EXPECT_EQ(stale.body.rfind("render 1", 0), 0u) << stale.body;
  EXPECT_EQ(stale.header("Age"), "1");
  for (const Reply& r : concurrently(8, "/_server-islands/Swr")) EXPECT_EQ(r.body.rfind("render 1", 0), 0u) << r.body;
  std::string body;
  for (int i = 0; i < 100 && body.rfind("render 2", 0) != 0; ++i) {
    std::this_thread::sleep_for(20ms);
    body = get("/_server-islands/Swr").body;
  }
  EXPECT_EQ(body.rfind("render 2", 0), 0u) << body;
  EXPECT_EQ(handler->renders("Swr"), 2);  // one refresh for the nine stale answers
  EXPECT_GE(metric("isl_island_cache_requests_total{outcome=\"stale\"}"), 9);
}

TEST_F(IslandCacheTest, MustRevalidateIsNeverServedStale) {
  handler->set("Strict", cache_control("public, max-age=1, stale-while-revalidate=30, must-revalidate"));
  get("/_server-islands/Strict");
  std::this_thread::sleep_for(1100ms);
  EXPECT_EQ(get("/_server-islands/Strict").body.rfind("render 2", 0), 0u);
}

TEST_F(IslandCacheTest, ConcurrentMissesWaitForOneRender) {
  handler->set("Herd", Spec{{{"Cache-Control", "public, max-age=60"}}, 200, 300ms});
  const auto replies = concurrently(16, "/_server-islands/Herd?p=1");
  ASSERT_EQ(replies.size(), 16u);
  for (const Reply& r : replies) EXPECT_EQ(r.body.rfind("render 1", 0), 0u) << r.body;
  EXPECT_EQ(handler->renders("Herd"), 1);
  EXPECT_EQ(metric("isl_island_cache_requests_total{outcome=\"coalesced\"}"), 15);
}

TEST_F(IslandCacheTest, UncacheableIslandsAreNotSerialized) {
  handler->set("Mine", Spec{{{"Cache-Control", "private, no-store"}}, 200, 300ms});
  get("/_server-islands/Mine");  // learns that the key cannot be stored
  const auto started = std::chrono::steady_clock::now();
  const auto replies = concurrently(8, "/_server-islands/Mine");
  EXPECT_EQ(replies.size(), 8u);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 1800ms);  // one after another: 2.4 s
  EXPECT_EQ(handler->renders("Mine"), 9);
}

TEST_F(IslandCacheTest, WaitIsBounded) {
  server.reset();
  Options o = options();
  o.island_cache_wait = 200ms;
  server = std::make_unique<RunningServer>(o, handler);
  handler->set("Slow", Spec{{{"Cache-Control", "public, max-age=60"}}, 200, 800ms});
  auto first = std::async(std::launch::async, [&] { return fetch(port(), "/_server-islands/Slow"); });
  std::this_thread::sleep_for(100ms);
  const auto started = std::chrono::steady_clock::now();
  const Reply second = get("/_server-islands/Slow");
  EXPECT_LT(std::chrono::steady_clock::now() - started, 1500ms);
  EXPECT_EQ(second.body.rfind("render 2", 0), 0u) << second.body;  // gave up waiting, rendered itself
  ASSERT_TRUE(first.get());
}

TEST_F(IslandCacheTest, VaryKeysOnTheNamedRequestHeaders) {
  handler->set("Lang", Spec{{{"Cache-Control", "public, max-age=60"}, {"Vary", "X-Lang"}}});
  EXPECT_EQ(get("/_server-islands/Lang", "X-Lang: en\r\n").body.rfind("render 1", 0), 0u);
  EXPECT_EQ(get("/_server-islands/Lang", "X-Lang: de\r\n").body.rfind("render 2", 0), 0u);
  EXPECT_EQ(get("/_server-islands/Lang", "x-lang: en\r\n").body.rfind("render 1", 0), 0u);
  EXPECT_EQ(get("/_server-islands/Lang").body.rfind("render 3", 0), 0u);  // absent is a value of its own
  EXPECT_EQ(get("/_server-islands/Lang", "X-Lang: de\r\nX-Other: 1\r\n").body.rfind("render 2", 0), 0u);
  EXPECT_EQ(get("/_server-islands/Lang").body.rfind("render 3", 0), 0u);
  EXPECT_EQ(handler->renders("Lang"), 3);

  handler->set("Any", Spec{{{"Cache-Control", "public, max-age=60"}, {"Vary", "*"}}});
  get("/_server-islands/Any");
  EXPECT_EQ(get("/_server-islands/Any").body.rfind("render 2", 0), 0u);
}

TEST_F(IslandCacheTest, PostIslandsAreCachedByBody) {
  handler->set("Big", cache_control("public, max-age=60"));
  EXPECT_EQ(post("/_server-islands/Big", "p=1&s=a").body.rfind("render 1", 0), 0u);
  const Reply hit = post("/_server-islands/Big", "p=1&s=a");
  EXPECT_EQ(hit.body.rfind("render 1", 0), 0u) << hit.body;
  EXPECT_EQ(hit.header("Age"), "0");
  EXPECT_EQ(post("/_server-islands/Big", "p=2&s=a").body.rfind("render 2", 0), 0u);
  // The same data by GET is another request (the loader uses one or the other per URL length).
  EXPECT_EQ(get("/_server-islands/Big?p=1&s=a").body.rfind("render 3", 0), 0u);
  EXPECT_EQ(handler->renders("Big"), 3);
}

TEST_F(IslandCacheTest, NeverStored) {
  const std::map<std::string, Spec> never = {
      {"Cookie", Spec{{{"Cache-Control", "public, max-age=60"}, {"Set-Cookie", "a=1"}}}},
      {"Private", cache_control("private, max-age=60")},
      {"PrivateField", cache_control("public, private=\"X-A\", max-age=60")},
      {"NoStore", cache_control("public, max-age=60, no-store")},
      {"NoCache", cache_control("public, max-age=60, no-cache")},
      {"NotPublic", cache_control("max-age=60")},
      {"NoLifetime", cache_control("public")},
      {"Default", Spec{}},  // the server adds private, no-store
      {"Error", Spec{{{"Cache-Control", "public, max-age=60"}}, 500}},
      {"Redirect", Spec{{{"Cache-Control", "public, max-age=60"}, {"Location", "/x"}}, 302}},
      {"Created", Spec{{{"Cache-Control", "public, max-age=60"}}, 201}},
  };
  for (const auto& [name, spec] : never) {
    handler->set(name, spec);
    get("/_server-islands/" + name);
    const Reply again = get("/_server-islands/" + name);
    EXPECT_FALSE(again.has("Age")) << name;
    EXPECT_EQ(handler->renders(name), 2) << name;
  }
  EXPECT_EQ(metric("isl_island_cache_entries"), 0);
  handler->set("Gone", Spec{{{"Cache-Control", "public, max-age=60"}}, 404});
  get("/_server-islands/Gone");
  EXPECT_EQ(get("/_server-islands/Gone").status, 404);
  EXPECT_EQ(handler->renders("Gone"), 1);  // a chosen 404 with explicit freshness is kept
}

TEST_F(IslandCacheTest, RefreshThatCannotBeStoredDropsTheStaleAnswer) {
  handler->set("Flip", cache_control("public, max-age=1, stale-while-revalidate=30"));
  get("/_server-islands/Flip");
  std::this_thread::sleep_for(1100ms);
  handler->set("Flip", cache_control("private, no-store"));
  EXPECT_EQ(get("/_server-islands/Flip").body.rfind("render 1", 0), 0u);  // stale; the refresh says private
  for (int i = 0; i < 100 && handler->renders("Flip") < 2; ++i) std::this_thread::sleep_for(20ms);
  std::this_thread::sleep_for(50ms);
  const Reply after = get("/_server-islands/Flip");
  EXPECT_EQ(after.body.rfind("render 3", 0), 0u) << after.body;
  EXPECT_FALSE(after.has("Age"));
}

TEST_F(IslandCacheTest, PurgeByTagDropsEveryTaggedAnswer) {
  handler->set("A", Spec{{{"Cache-Control", "public, max-age=60"}, {"Cache-Tag", "prices"}}});
  handler->set("B", Spec{{{"Cache-Control", "public, max-age=60"}, {"Cache-Tag", "stock, prices"}}});
  handler->set("C", Spec{{{"Cache-Control", "public, max-age=60"}, {"Cache-Tag", "stock"}}});
  for (const char* n : {"A", "B", "C"}) get(std::string("/_server-islands/") + n + "?p=1");
  get("/_server-islands/A?p=2");
  const Reply hit = get("/_server-islands/B?p=1");
  EXPECT_EQ(hit.header("Cache-Tag"), "stock, prices");
  EXPECT_EQ(hit.header("Age"), "0");
  EXPECT_EQ(get("/purge?prices").body, "3");
  EXPECT_EQ(get("/_server-islands/A?p=1").body.rfind("render 3", 0), 0u);
  EXPECT_EQ(get("/_server-islands/B?p=1").body.rfind("render 2", 0), 0u);
  EXPECT_EQ(get("/_server-islands/C?p=1").body.rfind("render 1", 0), 0u);
  EXPECT_EQ(metric("isl_island_cache_purged_total"), 3);
}

TEST_F(IslandCacheTest, PurgeDuringARenderKeepsItsAnswerOut) {
  handler->set("Slow", Spec{{{"Cache-Control", "public, max-age=60"}, {"Cache-Tag", "t"}}, 200, 400ms});
  auto first = std::async(std::launch::async, [&] { return fetch(port(), "/_server-islands/Slow"); });
  std::this_thread::sleep_for(150ms);
  get("/purge?t");
  ASSERT_TRUE(first.get());
  EXPECT_EQ(get("/_server-islands/Slow").body.rfind("render 2", 0), 0u);
}

TEST_F(IslandCacheTest, MemoryBoundEvictsLeastRecentlyUsed) {
  server.reset();
  server = std::make_unique<RunningServer>(options(64 * 1024), handler);
  handler->set("Pad", Spec{{{"Cache-Control", "public, max-age=60"}}, 200, 0ms, 4000});
  for (int i = 0; i < 12; ++i) get("/_server-islands/Pad?p=" + std::to_string(i));
  EXPECT_EQ(metric("isl_island_cache_evictions_total"), 0);
  EXPECT_EQ(get("/_server-islands/Pad?p=0").header("Age"), "0");  // used: now the most recent
  for (int i = 12; i < 18; ++i) get("/_server-islands/Pad?p=" + std::to_string(i));
  EXPECT_GT(metric("isl_island_cache_evictions_total"), 0);
  const int renders = handler->renders("Pad");
  EXPECT_EQ(get("/_server-islands/Pad?p=0").header("Age"), "0");  // stored first, used since: kept
  EXPECT_FALSE(get("/_server-islands/Pad?p=1").has("Age"));       // least recently used: evicted
  EXPECT_EQ(handler->renders("Pad"), renders + 1);
  for (int i = 18; i < 40; ++i) get("/_server-islands/Pad?p=" + std::to_string(i));
  EXPECT_GT(metric("isl_island_cache_evictions_total"), 20);
  EXPECT_LE(metric("isl_island_cache_bytes"), 64 * 1024);
  EXPECT_LE(metric("isl_island_cache_entries"), 15);
  // One answer over an eighth of the bound is not stored at all.
  handler->set("Huge", Spec{{{"Cache-Control", "public, max-age=60"}}, 200, 0ms, 9000});
  get("/_server-islands/Huge");
  EXPECT_FALSE(get("/_server-islands/Huge").has("Age"));
}

TEST_F(IslandCacheTest, OffWhenTheBoundIsZero) {
  server.reset();
  server = std::make_unique<RunningServer>(options(0), handler);
  handler->set("Prices", cache_control("public, max-age=60"));
  get("/_server-islands/Prices");
  EXPECT_FALSE(get("/_server-islands/Prices").has("Age"));
  EXPECT_EQ(handler->renders("Prices"), 2);
}

TEST_F(IslandCacheTest, AccessLogNamesTheOutcome) {
  server.reset();
  Options o = options();
  o.access_log = true;
  handler->set("Prices", cache_control("public, max-age=60"));
  testing::internal::CaptureStdout();
  {
    RunningServer logged(o, handler);
    ASSERT_TRUE(fetch(logged.port(), "/_server-islands/Prices"));
    ASSERT_TRUE(fetch(logged.port(), "/_server-islands/Prices"));
    logged.server().stop();
  }
  const std::string out = testing::internal::GetCapturedStdout();
  EXPECT_NE(out.find("\"GET /_server-islands/Prices\" 200"), std::string::npos) << out;
  EXPECT_NE(out.find("ms cache=miss"), std::string::npos) << out;
  EXPECT_NE(out.find("ms cache=hit"), std::string::npos) << out;
}

}  // namespace
}  // namespace isl::server::test
