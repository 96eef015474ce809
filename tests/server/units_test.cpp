// The server's pure helpers: path safety, Accept-Encoding, MIME types, HTTP dates,
// cache policy, reply sanitising.
#include <gtest/gtest.h>

#include <sched.h>
#include <time.h>

#include <atomic>
#include <chrono>
#include <optional>
#include <thread>

#include "http/island_url.hpp"
#include "server/byte_range.hpp"
#include "server/content_coding.hpp"
#include "server/dispatch.hpp"
#include "server/site_render.hpp"
#include "server/http_date.hpp"
#include "server/mime_types.hpp"
#include "server/path_safety.hpp"
#include "server/render_placement.hpp"
#include "server/static_files.hpp"

namespace isl::server::detail {
namespace {

TargetError split(std::string_view target, SplitTarget* out = nullptr) {
  SplitTarget s;
  const TargetError e = split_target(target, s);
  if (out) *out = s;
  return e;
}

TEST(PathSafety, SplitsAndDecodesOnce) {
  SplitTarget s;
  ASSERT_EQ(split("/a%20b/c?x=%41&y", &s), TargetError::none);
  EXPECT_EQ(s.path, "/a b/c");
  EXPECT_EQ(s.query, "x=%41&y");
  ASSERT_EQ(split("/%2541", &s), TargetError::none);
  EXPECT_EQ(s.path, "/%41");  // decoded once only
  ASSERT_EQ(split("http://example.com/x?q", &s), TargetError::none);
  EXPECT_EQ(s.path, "/x");
  EXPECT_EQ(s.query, "q");
  ASSERT_EQ(split("/a..b/.c", &s), TargetError::none);
}

TEST(PathSafety, RefusesTraversalAndOddBytes) {
  EXPECT_EQ(split("/../etc/passwd"), TargetError::forbidden);
  EXPECT_EQ(split("/a/.."), TargetError::forbidden);
  EXPECT_EQ(split("/a/./b"), TargetError::forbidden);
  EXPECT_EQ(split("/%2e%2e/secret"), TargetError::forbidden);
  EXPECT_EQ(split("/%2E%2e/secret"), TargetError::forbidden);
  EXPECT_EQ(split("/.%2e/secret"), TargetError::forbidden);
  EXPECT_EQ(split("/a%2fb"), TargetError::forbidden);
  EXPECT_EQ(split("/a%2Fb"), TargetError::forbidden);
  EXPECT_EQ(split("/a%5cb"), TargetError::forbidden);
  EXPECT_EQ(split("/a\\b"), TargetError::forbidden);
  EXPECT_EQ(split("/a%00b"), TargetError::forbidden);
  EXPECT_EQ(split("/a%0ab"), TargetError::forbidden);
  EXPECT_EQ(split("/a%zz"), TargetError::bad_encoding);
  EXPECT_EQ(split("/a%4"), TargetError::bad_encoding);
  EXPECT_EQ(split("/a%"), TargetError::bad_encoding);
  EXPECT_EQ(split("*"), TargetError::bad_form);
  EXPECT_EQ(split("relative"), TargetError::bad_form);
  EXPECT_EQ(split(""), TargetError::bad_form);
}

TEST(ContentCoding, HonoursQValues) {
  auto pick = [](const char* ae, bool gz = true, bool br = true) {
    const std::string s = ae;
    return choose_coding(&s, gz, br);
  };
  EXPECT_EQ(choose_coding(nullptr, true, true), Coding::identity);
  EXPECT_EQ(pick("gzip"), Coding::gzip);
  EXPECT_EQ(pick("gzip, deflate, br"), Coding::br);
  EXPECT_EQ(pick("gzip, deflate, br", true, false), Coding::gzip);
  EXPECT_EQ(pick("br;q=0.5, gzip"), Coding::gzip);
  EXPECT_EQ(pick("gzip;q=0"), Coding::identity);
  EXPECT_EQ(pick("gzip;q=0.0, br;q=0"), Coding::identity);
  EXPECT_EQ(pick("*"), Coding::br);
  EXPECT_EQ(pick("*;q=0.5, br;q=0", true, true), Coding::gzip);
  EXPECT_EQ(pick("identity"), Coding::identity);
  EXPECT_EQ(pick("gzip;q=0.5, identity"), Coding::identity);
  EXPECT_EQ(pick("GZIP ; Q=1"), Coding::gzip);
  EXPECT_EQ(pick(""), Coding::identity);
  EXPECT_EQ(pick("deflate"), Coding::identity);
}

TEST(ContentCoding, GzipRoundTripsThroughZlibHeader) {
  const std::string text(5000, 'a');
  const auto gz = gzip_compress(text);
  ASSERT_TRUE(gz.has_value());
  ASSERT_GT(gz->size(), 10u);
  EXPECT_LT(gz->size(), text.size());
  EXPECT_EQ(static_cast<unsigned char>((*gz)[0]), 0x1f);
  EXPECT_EQ(static_cast<unsigned char>((*gz)[1]), 0x8b);
}

TEST(MimeTypes, CommonTypes) {
  EXPECT_EQ(content_type_for("a.html"), "text/html; charset=utf-8");
  EXPECT_EQ(content_type_for("/x/a.CSS"), "text/css; charset=utf-8");
  EXPECT_EQ(content_type_for("a.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(content_type_for("a.mjs"), "text/javascript; charset=utf-8");
  EXPECT_EQ(content_type_for("a.json"), "application/json; charset=utf-8");
  EXPECT_EQ(content_type_for("a.svg"), "image/svg+xml; charset=utf-8");
  EXPECT_EQ(content_type_for("a.png"), "image/png");
  EXPECT_EQ(content_type_for("a.woff2"), "font/woff2");
  EXPECT_EQ(content_type_for("a.wasm"), "application/wasm");
  EXPECT_EQ(content_type_for("README"), "application/octet-stream");
  EXPECT_EQ(content_type_for("a."), "application/octet-stream");
  EXPECT_TRUE(is_compressible("text/css; charset=utf-8"));
  EXPECT_TRUE(is_compressible("application/wasm"));
  EXPECT_FALSE(is_compressible("image/png"));
}

TEST(HttpDate, FormatsAndParses) {
  EXPECT_EQ(format_http_date(784111777), "Sun, 06 Nov 1994 08:49:37 GMT");
  EXPECT_EQ(format_http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
  EXPECT_EQ(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), 784111777);
  EXPECT_EQ(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"), std::nullopt);
  EXPECT_EQ(parse_http_date("Sun, 06 Xyz 1994 08:49:37 GMT"), std::nullopt);
  EXPECT_EQ(parse_http_date("garbage"), std::nullopt);
  const auto now = current_http_date();
  EXPECT_EQ(now.size(), 29u);
  EXPECT_TRUE(parse_http_date(now).has_value());
}

TEST(CachePolicy, ByPath) {
  EXPECT_EQ(cache_control_for("/index.html"), "public, max-age=0, must-revalidate");
  EXPECT_EQ(cache_control_for("/_isl/loader.js"), "public, max-age=31536000, immutable");
  EXPECT_EQ(cache_control_for("/assets/app.3f2a91bc.css"), "public, max-age=31536000, immutable");
  EXPECT_EQ(cache_control_for("/assets/chunk-9ab3c2d1e0.js"), "public, max-age=31536000, immutable");
  EXPECT_EQ(cache_control_for("/style.css"), "public, max-age=3600");
  EXPECT_EQ(cache_control_for("/report.20231001.pdf"), "public, max-age=3600");  // digits only: a date
  EXPECT_EQ(cache_control_for("/3f2a91bc.css"), "public, max-age=3600");         // the whole name
}

TEST(ReplySanitising, DropsFramingAndInjectedHeaders) {
  HttpReply reply;
  reply.headers = {{"Content-Length", "5"},     {"Connection", "keep-alive"}, {"X-Bad", "a\r\nb: c"},
                   {"Bad Name", "v"},           {"X-Good", "yes"}};
  reply.body = "hello";
  const Response r = reply_to_response(std::move(reply), DynamicHandler::Kind::island);
  EXPECT_EQ(r.header("Content-Length"), nullptr);
  EXPECT_EQ(r.header("Connection"), nullptr);
  EXPECT_EQ(r.header("X-Bad"), nullptr);
  ASSERT_NE(r.header("X-Good"), nullptr);
  ASSERT_NE(r.header("Cache-Control"), nullptr);
  EXPECT_EQ(*r.header("Cache-Control"), "private, no-store");
  ASSERT_NE(r.header("content-type"), nullptr);

  HttpReply page;
  page.body = "p";
  EXPECT_EQ(reply_to_response(std::move(page), DynamicHandler::Kind::page).header("Cache-Control"), nullptr);
  HttpReply bad;
  bad.status = 1000;
  EXPECT_EQ(reply_to_response(std::move(bad), DynamicHandler::Kind::page).status, 500);
}

TEST(ReplyDefaults, EachKindGetsItsContentTypeAndAnIslandIsPrivate) {
  HttpReply route;
  route.body = "r";
  const Response r = reply_to_response(std::move(route), DynamicHandler::Kind::route);
  ASSERT_NE(r.header("Content-Type"), nullptr);
  EXPECT_EQ(*r.header("Content-Type"), "text/plain; charset=utf-8");
  EXPECT_EQ(r.header("Cache-Control"), nullptr);

  HttpReply island;  // an empty body too: a redirect's
  island.status = 302;
  island.headers = {{"Location", "/login"}};
  const Response i = reply_to_response(std::move(island), DynamicHandler::Kind::island);
  ASSERT_NE(i.header("Content-Type"), nullptr);
  EXPECT_EQ(*i.header("Content-Type"), "text/html; charset=utf-8");
  ASSERT_NE(i.header("cache-control"), nullptr);
  EXPECT_EQ(*i.header("cache-control"), "private, no-store");

  // What the site set stays; a field the checks dropped gets its default.
  HttpReply own;
  own.headers = {{"content-type", "application/json"}, {"Cache-Control", "public\r\nX: y"}};
  const Response o = reply_to_response(std::move(own), DynamicHandler::Kind::island);
  EXPECT_EQ(*o.header("Content-Type"), "application/json");
  EXPECT_EQ(*o.header("Cache-Control"), "private, no-store");
}

TEST(ReplyDefaults, AFailedRenderIsAPlain500) {
  const HttpReply failed = failed_reply();
  EXPECT_EQ(failed.status, 500);
  EXPECT_EQ(failed.body, "Internal Server Error\n");
  ASSERT_NE(failed.find_header("Cache-Control"), nullptr);
  EXPECT_EQ(*failed.find_header("Cache-Control"), "no-store");
}

TEST(IslandUrl, WhatIsBuiltIsReadBack) {
  const std::string url = island_url::build("Stock", "PROPS-1", "SLOTS_2");
  EXPECT_EQ(url, "/_server-islands/Stock?p=PROPS-1&s=SLOTS_2");
  const auto q = url.find('?');
  EXPECT_TRUE(island_url::is_island_path(url.substr(0, q)));
  EXPECT_EQ(island_url::name_of(url.substr(0, q)), "Stock");
  EXPECT_EQ(island_url::name_of("/_server-islandsX"), "");
  EXPECT_EQ(island_url::name_of("/about"), "");
  // The first p and the first s, in any order and among other fields.
  const island_url::Sealed sealed = island_url::sealed_fields("s=S1&x=1&&p=P1&p=P2&s=S2");
  ASSERT_TRUE(sealed.props);
  ASSERT_TRUE(sealed.slots);
  EXPECT_EQ(*sealed.props, "P1");
  EXPECT_EQ(*sealed.slots, "S1");
  EXPECT_FALSE(island_url::sealed_fields("p=P").slots);
  EXPECT_FALSE(island_url::sealed_fields("").props);
  // As sent: a value is not decoded here, and a field without '=' is empty.
  EXPECT_EQ(*island_url::sealed_fields("p=a%2Bb&s").props, "a%2Bb");
  EXPECT_EQ(*island_url::sealed_fields("p=a%2Bb&s").slots, "");
  EXPECT_FALSE(island_url::sealed_fields("pp=1&sx=2").props);
}

TEST(RenderPlacement, StreakDoublesWithEachDemotionUpToACap) {
  EXPECT_EQ(RenderPlacement::streak_needed(0), 16u);
  EXPECT_EQ(RenderPlacement::streak_needed(1), 32u);
  EXPECT_EQ(RenderPlacement::streak_needed(10), 16384u);
  EXPECT_EQ(RenderPlacement::streak_needed(1000), 16384u);
}

TEST(RenderPlacement, PromotesAfterStreakAndDemotesOnOneSlowRender) {
  using namespace std::chrono_literals;
  using enum RenderPlacement::Verdict;
  RenderPlacement placement(1000us);
  auto* entry = placement.find("Stock");
  ASSERT_NE(entry, nullptr);
  EXPECT_EQ(placement.find("Stock"), entry);
  EXPECT_EQ(placement.find(""), nullptr);
  for (int i = 0; i < 15; ++i) placement.record(entry, within_budget);
  EXPECT_FALSE(placement.may_render_inline(entry));
  placement.record(entry, preempted);  // over the budget, but only for want of a CPU
  EXPECT_TRUE(placement.may_render_inline(entry));
  placement.record(entry, slow);
  EXPECT_FALSE(placement.may_render_inline(entry));
  // A slow render in the streak starts it over.
  for (int i = 0; i < 31; ++i) placement.record(entry, within_budget);
  placement.record(entry, slow);
  for (int i = 0; i < 31; ++i) placement.record(entry, within_budget);
  EXPECT_FALSE(placement.may_render_inline(entry));
  placement.record(entry, within_budget);
  EXPECT_TRUE(placement.may_render_inline(entry));
  EXPECT_FALSE(placement.may_render_inline(nullptr));
}

TEST(RenderPlacement, UnexplainedRenderIsJudgedByTheNextOneOverBudget) {
  using namespace std::chrono_literals;
  using enum RenderPlacement::Verdict;
  RenderPlacement placement(1000us);
  auto* entry = placement.find("Stock");
  for (int i = 0; i < 16; ++i) placement.record(entry, within_budget);
  ASSERT_TRUE(placement.may_render_inline(entry));
  EXPECT_FALSE(placement.must_measure_inline(entry));  // inline renders are not measured...

  // ...until one is over the budget: it stays inline, and its key is measured from then on,
  // however many renders within the budget follow.
  placement.record(entry, unexplained);
  EXPECT_TRUE(placement.may_render_inline(entry));
  EXPECT_TRUE(placement.must_measure_inline(entry));
  for (int i = 0; i < 100; ++i) placement.record(entry, within_budget);
  EXPECT_TRUE(placement.must_measure_inline(entry));
  // The next one over the budget decides: only preempted, so unmeasured again...
  placement.record(entry, preempted);
  EXPECT_TRUE(placement.may_render_inline(entry));
  EXPECT_FALSE(placement.must_measure_inline(entry));
  // ...or very slow: back to the pool, and a fresh start when it comes back.
  placement.record(entry, unexplained);
  placement.record(entry, very_slow);
  EXPECT_FALSE(placement.may_render_inline(entry));
  EXPECT_FALSE(placement.must_measure_inline(entry));

  // Two unexplained ones in a row (another thread's, started before the first was
  // recorded) count as slow.
  for (int i = 0; i < 32; ++i) placement.record(entry, within_budget);
  ASSERT_TRUE(placement.may_render_inline(entry));
  placement.record(entry, unexplained);
  placement.record(entry, unexplained);
  EXPECT_FALSE(placement.may_render_inline(entry));
  EXPECT_FALSE(placement.must_measure_inline(nullptr));
}

TEST(RenderPlacement, AKeyLongWithinTheBudgetIsForgivenOneSlowRender) {
  using namespace std::chrono_literals;
  using enum RenderPlacement::Verdict;
  RenderPlacement placement(1000us);
  auto* entry = placement.find("Rows");
  for (std::uint32_t i = 0; i < RenderPlacement::kForgivenEvery + 16; ++i) placement.record(entry, within_budget);
  ASSERT_TRUE(placement.may_render_inline(entry));
  // A stall (a lock whose holder was preempted) after a long run of fast renders: forgiven,
  // and the key measured until its next render over the budget is judged...
  placement.record(entry, slow);
  EXPECT_TRUE(placement.may_render_inline(entry));
  EXPECT_TRUE(placement.must_measure_inline(entry));
  for (int i = 0; i < 10; ++i) placement.record(entry, within_budget);
  EXPECT_TRUE(placement.must_measure_inline(entry));
  // ...which, slow again so soon, sends it back.
  placement.record(entry, slow);
  EXPECT_FALSE(placement.may_render_inline(entry));
  EXPECT_FALSE(placement.must_measure_inline(entry));

  // A forgiven render counts within the streak back (32 after one demotion).
  for (std::uint32_t i = 0; i < RenderPlacement::kForgivenEvery; ++i) placement.record(entry, within_budget);
  ASSERT_TRUE(placement.may_render_inline(entry));
  placement.record(entry, preempted);  // only waited for a CPU: no probation
  EXPECT_FALSE(placement.must_measure_inline(entry));
  // A very slow render is never forgiven, however fast the key was before.
  for (int i = 0; i < 1000; ++i) placement.record(entry, within_budget);
  placement.record(entry, very_slow);
  EXPECT_FALSE(placement.may_render_inline(entry));
  // Nor is a slow one that comes before kForgivenEvery renders since the last slow one.
  for (std::uint32_t i = 0; i < RenderPlacement::streak_needed(2); ++i) placement.record(entry, within_budget);
  ASSERT_TRUE(placement.may_render_inline(entry));
  ASSERT_GE(RenderPlacement::streak_needed(2), RenderPlacement::kForgivenEvery);
  placement.record(entry, slow);
  EXPECT_TRUE(placement.may_render_inline(entry));  // 64 since the very slow one: forgiven
  for (std::uint32_t i = 0; i + 1 < RenderPlacement::kForgivenEvery; ++i) placement.record(entry, within_budget);
  placement.record(entry, slow);
  EXPECT_FALSE(placement.may_render_inline(entry));
}

TEST(RenderPlacement, SlowMeansTheRenderItselfTookLongerThanTheBudget) {
  using namespace std::chrono_literals;
  using Usage = RenderPlacement::ThreadUsage;
  using Duration = RenderPlacement::Duration;
  const Usage before{Duration(10ms)};
  // Within the budget by the clock: never slow, whatever the thread did.
  EXPECT_FALSE(RenderPlacement::is_slow(1000us, 900us, before, Usage{Duration(10ms)}));
  // Over it by the clock, but not once the wait for a CPU is taken off: preempted.
  EXPECT_FALSE(RenderPlacement::is_slow(1000us, 5ms, before, Usage{Duration(14500us)}));
  EXPECT_FALSE(RenderPlacement::is_slow(1000us, 5ms, before, Usage{Duration(14ms)}));
  // Over it even then: it computed or blocked (a sleep, a socket, a long lock wait) too long.
  EXPECT_TRUE(RenderPlacement::is_slow(1000us, 5ms, before, Usage{Duration(13ms)}));
  EXPECT_TRUE(RenderPlacement::is_slow(1000us, 5ms, before, Usage{Duration(10ms)}));
}

TEST(RenderPlacement, WithoutTheRunDelaySlowMeansBlockedOrBusy) {
  using namespace std::chrono_literals;
  using Usage = RenderPlacement::ThreadUsage;
  const Usage before{std::nullopt, 10ms, 5};
  EXPECT_FALSE(RenderPlacement::is_slow(1000us, 900us, before, Usage{std::nullopt, 10ms, 9}));
  EXPECT_FALSE(RenderPlacement::is_slow(1000us, 1000us, before, Usage{std::nullopt, 20ms, 5}));
  // Over it: slow when it gave up the CPU (blocked) or used more than the budget (busy)...
  EXPECT_TRUE(RenderPlacement::is_slow(1000us, 5ms, before, Usage{std::nullopt, 10ms, 6}));
  EXPECT_TRUE(RenderPlacement::is_slow(1000us, 5ms, before, Usage{std::nullopt, 10ms + 1500us, 5}));
  // ...but not when it only waited for a CPU (preempted on a busy machine).
  EXPECT_FALSE(RenderPlacement::is_slow(1000us, 5ms, before, Usage{std::nullopt, 10ms + 50us, 5}));
  // One side without the run delay: the fallback rule.
  EXPECT_TRUE(RenderPlacement::is_slow(1000us, 5ms, Usage{RenderPlacement::Duration(0)}, Usage{std::nullopt, 10ms, 6}));
}

namespace {

// Spins until the calling thread has used `cpu` of its own CPU time.
void spin_for_cpu(std::chrono::microseconds cpu) {
  const auto used = [] {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return std::chrono::seconds(t.tv_sec) + std::chrono::nanoseconds(t.tv_nsec);
  };
  const auto until = used() + cpu;
  while (used() < until) {
  }
}

}  // namespace

TEST(RenderPlacement, ThreadUsageTellsASleepFromAWaitForTheCpu) {
  using namespace std::chrono_literals;
  using Usage = RenderPlacement::ThreadUsage;
  // A sleep is the render's own time: slow (long enough that no wait for a CPU after it,
  // on a loaded machine, makes up the difference).
  const Usage a = Usage::now();
  const auto slept_from = std::chrono::steady_clock::now();
  std::this_thread::sleep_for(20ms);
  const Usage b = Usage::now();
  EXPECT_TRUE(RenderPlacement::is_slow(1000us, std::chrono::steady_clock::now() - slept_from, a, b));

  // A brief wait (as for a lock another thread holds), then 8 ms of work while another
  // thread wants the same CPU: over a 10 ms budget by the clock (about 16 ms), within it
  // without the wait for the CPU. Only the run delay tells it from a blocked render.
  if (!a.waited_for_cpu) GTEST_SKIP() << "this kernel keeps no run delay (CONFIG_SCHED_INFO)";
  const int cpu = sched_getcpu();
  cpu_set_t one{};
  CPU_SET(cpu, &one);
  cpu_set_t all{};
  ASSERT_EQ(sched_getaffinity(0, sizeof all, &all), 0);
  if (cpu < 0 || sched_setaffinity(0, sizeof one, &one) != 0) GTEST_SKIP() << "cannot pin this thread to a CPU";
  std::atomic<bool> stop{false};
  std::atomic<bool> spinning{false};
  std::thread rival([&] {
    sched_setaffinity(0, sizeof one, &one);
    spinning = true;
    while (!stop) {
    }
  });
  while (!spinning) std::this_thread::yield();
  const Usage c = Usage::now();
  const auto from = std::chrono::steady_clock::now();
  std::this_thread::sleep_for(200us);
  spin_for_cpu(8ms);
  const auto wall = std::chrono::steady_clock::now() - from;
  const Usage d = Usage::now();
  stop = true;
  rival.join();
  sched_setaffinity(0, sizeof all, &all);
  if (wall <= 10ms) GTEST_SKIP() << "the rival thread never took the CPU";
  EXPECT_FALSE(RenderPlacement::is_slow(10000us, wall, c, d)) << "wall " << wall.count() << " ns";
}

TEST(RenderPlacement, StopwatchJudgesWhatTheRenderDid) {
  using namespace std::chrono_literals;
  using Verdict = RenderPlacement::Verdict;
  const auto judge_sleep = [](std::chrono::microseconds budget, bool measure, std::chrono::microseconds sleep) {
    RenderPlacement::Stopwatch stopwatch(budget, measure);
    if (sleep.count() > 0) std::this_thread::sleep_for(sleep);
    const Verdict verdict = stopwatch.stop();
    if (sleep.count() > 0) {
      EXPECT_GE(stopwatch.took(), sleep);
    }
    return verdict;
  };
  // A render that blocked past the budget: slow when measured (very slow past 8 × the
  // budget), unexplained when not. The sleeps leave room for a wait for a CPU after them.
  EXPECT_EQ(judge_sleep(2000us, true, 12ms), Verdict::slow);
  EXPECT_EQ(judge_sleep(2000us, true, 40ms), Verdict::very_slow);
  EXPECT_EQ(judge_sleep(1000us, false, 3ms), Verdict::unexplained);
  // Budget 0 means not judged, however long it took.
  EXPECT_EQ(judge_sleep(0us, true, 3ms), Verdict::within_budget);
  // Within a generous budget: nothing to explain, measured or not.
  EXPECT_EQ(judge_sleep(10s, true, 0us), Verdict::within_budget);
  EXPECT_EQ(judge_sleep(10s, false, 0us), Verdict::within_budget);
}

TEST(RenderPlacement, ZeroBudgetAndFullTableMeanThePool) {
  using namespace std::chrono_literals;
  RenderPlacement off(0us);
  EXPECT_EQ(off.find("Stock"), nullptr);
  RenderPlacement placement(1000us);
  for (std::size_t i = 0; i < RenderPlacement::kMaxKeys; ++i) {
    ASSERT_NE(placement.find("k" + std::to_string(i)), nullptr);
  }
  EXPECT_EQ(placement.find("one-too-many"), nullptr);
  EXPECT_NE(placement.find("k0"), nullptr);
}

TEST(ByteRange, ParsesTheThreeForms) {
  ByteRange r;
  EXPECT_EQ(parse_byte_range("bytes=0-99", 1000, r), RangeRequest::satisfiable);
  EXPECT_EQ(r.first, 0u);
  EXPECT_EQ(r.length, 100u);
  EXPECT_EQ(parse_byte_range(" BYTES = 900- ", 1000, r), RangeRequest::whole);  // space inside the unit
  EXPECT_EQ(parse_byte_range("bytes= 900-", 1000, r), RangeRequest::satisfiable);
  EXPECT_EQ(r.first, 900u);
  EXPECT_EQ(r.length, 100u);
  EXPECT_EQ(parse_byte_range("bytes=-10", 1000, r), RangeRequest::satisfiable);
  EXPECT_EQ(r.first, 990u);
  EXPECT_EQ(r.length, 10u);
  EXPECT_EQ(parse_byte_range("bytes=-5000", 1000, r), RangeRequest::satisfiable);
  EXPECT_EQ(r.first, 0u);
  EXPECT_EQ(r.length, 1000u);
  EXPECT_EQ(parse_byte_range("bytes=999-999", 1000, r), RangeRequest::satisfiable);
  EXPECT_EQ(r.length, 1u);
}

TEST(ByteRange, UnsatisfiableAndIgnored) {
  ByteRange r;
  EXPECT_EQ(parse_byte_range("bytes=1000-", 1000, r), RangeRequest::unsatisfiable);
  EXPECT_EQ(parse_byte_range("bytes=-0", 1000, r), RangeRequest::unsatisfiable);
  EXPECT_EQ(parse_byte_range("bytes=0-", 0, r), RangeRequest::unsatisfiable);
  for (const char* h : {"", "bytes", "bytes=", "bytes=-", "bytes=a-b", "bytes=1-2,3-4", "bytes=5-1", "bytes=+1-2",
                        "bytes=1--2", "lines=1-2", "bytes=99999999999999999999999-"}) {
    EXPECT_EQ(parse_byte_range(h, 1000, r), RangeRequest::whole) << h;
  }
}

}  // namespace
}  // namespace isl::server::detail
