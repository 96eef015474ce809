// Islands in the browser's terms, over real sockets with the real site handler: the error
// slot and preloads a page carries, how an island's redirect is answered (a navigation or
// the loader's fetch), and pages that stream their islands (order, failure, redirect,
// deadline, a client that leaves mid-stream, a prerendered page).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "isl/detail/island.hpp"
#include "isl/site.hpp"
#include "isl/travel.hpp"
#include "render/state.hpp"
#include "seal/keys.hpp"
#include "server/test_support.hpp"
#include "site/site_handler.hpp"
#include "site/stream_page.hpp"

namespace isl {
namespace {

using namespace std::chrono_literals;
using server::test::Client;
using server::test::fetch;
using server::test::RunningServer;
using server::test::TempDir;

std::atomic<int> g_island_renders{0};

struct Delay {
  int ms = 0;
};
inline auto isl_fields(Delay& d) { return std::tie(d.ms); }

bool render_part(Context& ctx, Output& out, std::string_view bytes, const Slots&) {
  Delay d;
  if (!travel::decode(bytes, d)) return false;
  ++g_island_renders;
  std::this_thread::sleep_for(std::chrono::milliseconds(d.ms));
  out.raw("<p class=part data-ms=" + std::to_string(d.ms) + ">");
  out.text("part " + std::to_string(d.ms) + " for " + ctx.cookie("user").value_or("guest") + " on " + ctx.page_url());
  out.raw("</p>");
  return true;
}
bool render_fails(Context&, Output&, std::string_view, const Slots&) { throw std::runtime_error("down"); }
bool render_text(Context& ctx, Output& out, std::string_view, const Slots&) {
  ctx.set_header("Content-Type", "text/plain");
  out.raw("not html");
  return true;
}
bool render_redirects(Context& ctx, Output&, std::string_view, const Slots&) {
  ctx.redirect("https://elsewhere.example/login?a=1&b=\"2\"");
  return true;
}

// A page: one island per entry of `delays` (-1: Fails, -2: Text, -3: Redirects).
void write_islands(Context& ctx, Output& out, std::initializer_list<int> delays) {
  out.raw("<!doctype html><html><head><title>t</title>");
  detail::at_head_end(ctx, out);
  out.raw("</head><body><h1>Feed</h1>");
  auto error = [](Output& o) { o.raw("<b>sorry</b>"); };
  auto fallback = [](Output& o) { o.raw("<i>...</i>"); };
  for (int ms : delays) {
    const Slot error_slot[] = {{"error", error}, {"fallback", fallback}};
    const char* name = ms == -1 ? "Fails" : ms == -2 ? "Text" : ms == -3 ? "Redirects" : "Part";
    detail::render_island(ctx, out, name, travel::encode(Delay{std::max(ms, 0)}), Slots(error_slot));
  }
  out.raw("<p>end</p>");
  detail::at_body_end(ctx, out);
  out.raw("</body></html>");
}
void page_order(Context& ctx, Output& out) { write_islands(ctx, out, {400, 0}); }
void page_failures(Context& ctx, Output& out) { write_islands(ctx, out, {-1, -2, 0}); }
void page_redirect(Context& ctx, Output& out) { write_islands(ctx, out, {-3, 300}); }
void page_deadline(Context& ctx, Output& out) { write_islands(ctx, out, {0, 1500}); }
void page_plain(Context& ctx, Output& out) { write_islands(ctx, out, {0}); }

const PageDef kPages[] = {
    {"src/pages/order.isl", "/order", &page_order, nullptr, false, "", true},
    {"src/pages/failures.isl", "/failures", &page_failures, nullptr, false, "", true},
    {"src/pages/redirect.isl", "/redirect", &page_redirect, nullptr, false, "", true},
    {"src/pages/deadline.isl", "/deadline", &page_deadline, nullptr, false, "", true},
    {"src/pages/plain.isl", "/plain", &page_plain, nullptr, false, "", false},
    {"src/pages/prerendered.isl", "/prerendered", nullptr, nullptr, true, "", true},
};
const IslandDef kIslands[] = {{"Part", "src/components/Part.isl", &render_part},
                              {"Fails", "src/components/Fails.isl", &render_fails},
                              {"Text", "src/components/Text.isl", &render_text},
                              {"Redirects", "src/components/Redirects.isl", &render_redirects}};
const SiteDef kSite{kPages, 6, kIslands, 4, nullptr, 0, nullptr};

// The body of a chunked response; nullopt when the framing is wrong or incomplete.
std::optional<std::string> dechunk(std::string_view raw) {
  std::string body;
  for (;;) {
    const auto eol = raw.find("\r\n");
    if (eol == std::string_view::npos) return std::nullopt;
    const std::size_t size = std::stoul(std::string(raw.substr(0, eol)), nullptr, 16);
    raw.remove_prefix(eol + 2);
    if (size == 0) return raw.starts_with("\r\n") ? std::optional<std::string>(body) : std::nullopt;
    if (raw.size() < size + 2) return std::nullopt;
    body.append(raw.substr(0, size));
    raw.remove_prefix(size + 2);
  }
}

struct Raw {
  std::string head;
  std::string body;  // de-chunked
  bool complete = false;
  std::chrono::milliseconds took{};
};

Raw get_raw(std::uint16_t port, std::string_view target, std::string_view headers = "") {
  Raw r;
  const auto start = std::chrono::steady_clock::now();
  Client c(port, 5000ms);
  if (!c.send(server::test::get_request(target, headers, "GET", true))) return r;
  c.wait_closed(5000ms);
  r.took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
  const std::string& all = c.pending();
  const auto end = all.find("\r\n\r\n");
  if (end == std::string::npos) return r;
  r.head = all.substr(0, end + 2);
  auto body = dechunk(std::string_view(all).substr(end + 4));
  r.complete = body.has_value();
  if (body) r.body = *body;
  return r;
}

class Islands : public ::testing::Test {
 protected:
  Islands() { start(server::test::test_options(dist.path())); }
  void start(server::Options options) {
    running.reset();
    running = std::make_unique<RunningServer>(options, std::make_shared<site::SiteHandler>(kSite, keys));
  }
  std::uint16_t port() const { return running->port(); }
  std::string island_url(std::string_view name) {
    Context ctx;
    detail::ContextAccess::page_state(ctx).keys = &keys;
    Output out;
    detail::render_island(ctx, out, name, travel::encode(Delay{0}), Slots());
    std::string html = out.take();
    const auto b = html.find(':') + 1;
    return html.substr(b, html.find("-->") - b);
  }

  seal::KeyRing keys = seal::KeyRing::generate();
  TempDir dist;
  std::unique_ptr<RunningServer> running;
};

TEST_F(Islands, ThePageCarriesTheErrorSlotHiddenAndPreloadsItsGetIslandsInTheHead) {
  auto r = fetch(port(), "/plain");
  ASSERT_TRUE(r);
  const std::string& html = r->body;
  const auto head_end = html.find("</head>");
  const auto preload = html.find("<link rel=\"preload\" as=\"fetch\" crossorigin href=\"/_server-islands/Part?p=");
  ASSERT_NE(preload, std::string::npos) << html;
  EXPECT_LT(preload, head_end);
  // The preload's URL is exactly the placeholder's: the loader's fetch uses its answer.
  const auto url_begin = html.find("href=\"", preload) + 6;
  const std::string url = html.substr(url_begin, html.find('"', url_begin) - url_begin);
  EXPECT_NE(html.find("<!--isl-island:" + url + "--><template data-isl-error><b>sorry</b></template><i>...</i>"
                      "<!--/isl-island-->"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("isl:island-"), std::string::npos) << "the loader";
}

TEST_F(Islands, APreloadIsOnlyAnnouncedForAnIslandTheLoaderWillGet) {
  Context ctx;
  detail::ContextAccess::page_state(ctx).keys = &keys;
  Output out;
  out.raw("<head>");
  detail::at_head_end(ctx, out);
  out.raw("</head>");
  detail::render_island(ctx, out, "Part", travel::encode(std::string(3000, 'x')), Slots());  // a POST island
  detail::render_island(ctx, out, "Part", travel::encode(Delay{1}), Slots());
  detail::finish_page(ctx, out);
  const std::string html = out.take();
  EXPECT_EQ(html.find("rel=\"preload\""), html.rfind("rel=\"preload\"")) << "one preload: " << html;
}

TEST_F(Islands, ARedirectIsRealForANavigationAndAHeaderForTheLoader) {
  const std::string url = island_url("Redirects");
  auto nav = fetch(port(), url, "Sec-Fetch-Mode: navigate\r\nSec-Fetch-Dest: document\r\n");
  ASSERT_TRUE(nav);
  EXPECT_EQ(nav->status, 302);
  EXPECT_EQ(nav->header("location"), "https://elsewhere.example/login?a=1&b=\"2\"");
  EXPECT_NE(nav->header("vary").find("Sec-Fetch-Mode"), std::string::npos);
  // The loader's fetch, a preload (both cors mode), and a browser that sends no Sec-Fetch-*.
  for (std::string_view headers : {"Sec-Fetch-Mode: cors\r\nSec-Fetch-Dest: empty\r\n", ""}) {
    auto r = fetch(port(), url, headers);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200) << headers;
    EXPECT_FALSE(r->has("location")) << "a fetch would follow it";
    EXPECT_EQ(r->header("x-isl-redirect"), "https://elsewhere.example/login?a=1&b=\"2\"");
    EXPECT_EQ(r->header("content-type"), "text/html; charset=utf-8");
    EXPECT_EQ(r->header("cache-control"), "private, no-store");
    EXPECT_NE(r->body.find("http-equiv=\"refresh\" content=\"0; url=https://elsewhere.example/login?a=1&amp;b=&quot;2&quot;\""),
              std::string::npos)
        << r->body;
  }
}

TEST_F(Islands, AStreamedPageGoesOutAtOnceAndItsIslandsFollowAsTheyAreReady) {
  Client c(port(), 5000ms);
  ASSERT_TRUE(c.send(server::test::get_request("/order", "Cookie: user=ada\r\n", "GET", true)));
  // The slow island takes 400 ms: the page, fallbacks included, is there well before.
  EXPECT_FALSE(c.wait_closed(200ms));
  const std::string early = c.pending();
  EXPECT_NE(early.find("<h1>Feed</h1>"), std::string::npos) << early;
  EXPECT_NE(early.find("<!--isl-stream:/_server-islands/Part?p="), std::string::npos) << early;
  EXPECT_EQ(early.find("<!--isl-island:"), std::string::npos) << "no placeholder is fetched";
  EXPECT_EQ(early.find("rel=\"preload\""), std::string::npos) << "no island request at all";
  EXPECT_EQ(early.find("part 400"), std::string::npos) << "the slow island is not ready yet";
  EXPECT_TRUE(c.wait_closed(3000ms));
  const std::string all = c.pending();
  const auto end = all.find("\r\n\r\n");
  const std::string head = server::test::lower(all.substr(0, end));
  EXPECT_NE(head.find("transfer-encoding: chunked"), std::string::npos) << head;
  EXPECT_EQ(head.find("content-length"), std::string::npos) << head;
  EXPECT_NE(head.find("cache-control: private, no-store"), std::string::npos) << head;
  EXPECT_NE(head.find("x-accel-buffering: no"), std::string::npos) << head;
  EXPECT_EQ(head.find("content-encoding"), std::string::npos) << "streamed pages are not compressed";
  auto body = dechunk(std::string_view(all).substr(end + 4));
  ASSERT_TRUE(body) << "well-formed chunked framing";
  // Each island's answer, with the page request's cookie and the page as its page_url().
  const auto fast = body->find("isl._s(1,200,\"\\u003cp class=part data-ms=0>part 0 for ada on /order");
  const auto slow = body->find("isl._s(0,200,\"\\u003cp class=part data-ms=400>part 400 for ada on /order");
  ASSERT_NE(fast, std::string::npos) << *body;
  ASSERT_NE(slow, std::string::npos) << *body;
  EXPECT_LT(fast, slow) << "as soon as ready, not in page order (the loader puts them in place)";
  EXPECT_LT(body->find("</html>"), fast);
}

TEST_F(Islands, StreamedFailuresAndRedirectsFollowTheFetchedRules) {
  Raw failures = get_raw(port(), "/failures");
  ASSERT_TRUE(failures.complete);
  EXPECT_NE(failures.body.find("<script>isl._s(0,500)</script>"), std::string::npos) << failures.body;
  EXPECT_NE(failures.body.find("<script>isl._s(1,200)</script>"), std::string::npos) << "not HTML: failed";
  EXPECT_NE(failures.body.find("isl._s(2,200,\""), std::string::npos);
  EXPECT_EQ(failures.body.find("down"), std::string::npos) << "no exception text";
  Raw redirect = get_raw(port(), "/redirect");
  ASSERT_TRUE(redirect.complete);
  EXPECT_NE(redirect.body.find("<script>isl._r(\"https://elsewhere.example/login?a=1&b=\\\"2\\\"\")</script>"),
            std::string::npos)
      << redirect.body;
  EXPECT_EQ(redirect.head.find("elsewhere"), std::string::npos) << "its status and headers are not applied";
}

TEST_F(Islands, TheDeadlineEndsTheResponse) {
  auto options = server::test::test_options(dist.path());
  options.stream_deadline = 300ms;
  start(options);
  Raw r = get_raw(port(), "/deadline");
  ASSERT_TRUE(r.complete) << "the response ends properly";
  EXPECT_LT(r.took, 1200ms) << "not waiting for the 1.5 s island";
  EXPECT_NE(r.body.find("isl._s(0,200,\""), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("<script>isl._s(1,504)</script>"), std::string::npos) << r.body;
  // The connection stays usable and the server healthy while the late render finishes.
  EXPECT_EQ(fetch(port(), "/_isl/health")->status, 200);
}

TEST_F(Islands, AClientThatLeavesMidStreamStopsNothingElse) {
  for (int i = 0; i < 5; ++i) {
    Client c(port(), 2000ms);
    ASSERT_TRUE(c.send(server::test::get_request("/order", "", "GET", true)));
    EXPECT_FALSE(c.wait_closed(100ms));
    EXPECT_NE(c.pending().find("<h1>Feed</h1>"), std::string::npos);
  }  // each closes with the slow island still rendering
  std::this_thread::sleep_for(600ms);
  EXPECT_EQ(fetch(port(), "/_isl/health")->status, 200);
  Raw r = get_raw(port(), "/order");
  EXPECT_TRUE(r.complete);
  EXPECT_NE(r.body.find("isl._s(0,200,"), std::string::npos);
}

TEST_F(Islands, APrerenderedPageStreamsFromItsFileAndHeadStaysStatic) {
  // What the build writes for the page: markers and a preload, as for any page.
  Context ctx;
  detail::ContextAccess::page_state(ctx).keys = &keys;
  Output out;
  page_plain(ctx, out);
  detail::finish_page(ctx, out);
  dist.write("prerendered/index.html", out.view());
  dist.write("other/index.html", out.view());
  start(server::test::test_options(dist.path()));
  Raw r = get_raw(port(), "/prerendered", "Cookie: user=bo\r\n");
  ASSERT_TRUE(r.complete);
  EXPECT_NE(server::test::lower(r.head).find("cache-control: private, no-store"), std::string::npos) << r.head;
  EXPECT_EQ(r.body.find("rel=\"preload\""), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("<!--isl-stream:"), std::string::npos);
  EXPECT_NE(r.body.find("part 0 for bo on /prerendered"), std::string::npos) << r.body;
  // The same HTML at a path that is not a streaming page is the file, as built.
  auto plain = fetch(port(), "/other/");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->body, out.view());
}

TEST(JsString, SafeInsideAScript) {
  EXPECT_EQ(site::js_string("a\"b\\c\n</script><!--\x01"), "\"a\\\"b\\\\c\\n\\u003c/script>\\u003c!--\\u0001\"");
  EXPECT_EQ(site::js_string("\xe2\x80\xa8"), "\"\\u2028\"");
  EXPECT_EQ(site::js_string("é"), "\"é\"");
}

}  // namespace
}  // namespace isl
