// The island endpoint with the real site handler, sealing and server, over real sockets:
// every answer of docs/islands.md's table.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "isl/app.hpp"
#include "isl/component.hpp"
#include "isl/json.hpp"
#include "isl/site.hpp"
#include "render/state.hpp"
#include "seal/keys.hpp"
#include "seal/seal.hpp"
#include "server/test_support.hpp"
#include "site/site_handler.hpp"

namespace isl {
namespace {

using server::test::fetch;
using server::test::RunningServer;
using server::test::TempDir;

struct StockProps {
  std::string id;
  int max = 3;
};
inline auto isl_fields(StockProps& p) { return std::tie(p.id, p.max); }

bool render_stock(Context& ctx, Output& out, std::string_view bytes, const Slots& slots) {
  StockProps props;
  if (!travel::decode(bytes, props)) return false;
  out.raw("<p class=stock>");
  out.text(props.id + " x" + std::to_string(props.max) + " for " + ctx.cookie("user").value_or("nobody"));
  out.raw("</p>");
  if (const Slot* s = slots.find("default")) s->render(out);
  out.text(" from " + ctx.page_url());
  if (const auto* who = ctx.locals.get<std::string>("seen-by")) out.text(" seen by " + *who);
  return true;
}
bool render_throws(Context&, Output&, std::string_view, const Slots&) {
  throw std::runtime_error("secret database password in this message");
}
bool render_redirects(Context& ctx, Output& out, std::string_view, const Slots&) {
  ctx.redirect("/login");
  out.raw("never sent");
  return true;
}
bool render_cached(Context& ctx, Output& out, std::string_view, const Slots&) {
  ctx.set_header("Cache-Control", "public, max-age=60");
  ctx.set_status(418);
  out.raw("<p>teapot</p>");
  return true;
}
void configure(App& app) {
  app.use([](Context& ctx, Next next) {
    ctx.locals.set("seen-by", std::string("middleware"));
    if (ctx.header("X-Block")) return ctx.set_status(403);  // ends the request: no render
    next();
  });
  app.post("/api/echo/:id", [](Context& ctx) {
    auto body = request_json(ctx);
    if (body.is_discarded()) return json(ctx, {{"error", "not JSON"}}, 400);
    return json(ctx, {{"id", ctx.param("id")}, {"got", body}, {"by", *ctx.locals.get<std::string>("seen-by")}});
  });
}

const IslandDef kIslands[] = {{"Stock", "src/components/Stock.isl", &render_stock},
                              {"Throws", "src/components/Throws.isl", &render_throws},
                              {"Redirects", "src/components/Redirects.isl", &render_redirects},
                              {"Cached", "src/components/Cached.isl", &render_cached}};
const SiteDef kSite{nullptr, 0, kIslands, 4, nullptr, 0, &configure};

// The island URL a page would hold, made by the same code that writes placeholders.
std::string island_url(const seal::KeyRing& keys, std::string_view island, const StockProps& props,
                       std::string_view slot_html = "") {
  Context ctx;
  detail::ContextAccess::page_state(ctx).keys = &keys;
  Output out;
  auto slot = [&](Output& o) { o.raw(slot_html); };
  const Slot slots[] = {{"default", slot}};
  detail::render_island(ctx, out, island, travel::encode(props), slot_html.empty() ? Slots() : Slots(slots));
  std::string html = out.take();
  auto begin = html.find(':') + 1;
  return html.substr(begin, html.find("-->") - begin);
}

class Endpoint : public ::testing::Test {
 protected:
  Endpoint() {
    dist.write(".isl-manifest.json", "{}");
    auto options = server::test::test_options(dist.path());
    options.max_url_bytes = 4096;
    options.max_body_bytes = 8192;
    handler = std::make_shared<site::SiteHandler>(kSite, keys);
    running = std::make_unique<RunningServer>(options, handler);
  }
  std::uint16_t port() const { return running->port(); }

  seal::KeyRing keys = seal::KeyRing::generate();
  TempDir dist;
  std::shared_ptr<site::SiteHandler> handler;
  std::unique_ptr<RunningServer> running;
};

TEST_F(Endpoint, RendersWithPropsSlotsCookiesRefererAndMiddleware) {
  std::string url = island_url(keys, "Stock", {"kettle", 7}, "<em>slot</em>");
  auto r = fetch(port(), url, "Cookie: user=ada\r\nReferer: http://127.0.0.1/product/1?x=2#top\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->header("content-type"), "text/html; charset=utf-8");
  EXPECT_EQ(r->header("cache-control"), "private, no-store");
  EXPECT_EQ(r->body, "<p class=stock>kettle x7 for ada</p><em>slot</em> from /product/1?x=2 seen by middleware");
}

TEST_F(Endpoint, PostCarriesTheSameDataInTheBody) {
  std::string url = island_url(keys, "Stock", {std::string(3000, 'k'), 1});
  auto q = url.find('?');
  std::string body = url.substr(q + 1);
  server::test::Client c(port());
  ASSERT_TRUE(c.send("POST " + url.substr(0, q) + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                     "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " +
                     std::to_string(body.size()) + "\r\n\r\n" + body));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_NE(r->body.find(std::string(3000, 'k') + " x1"), std::string::npos);
}

TEST_F(Endpoint, SealedDataMayBeFormEncoded) {
  // What the render core writes needs no escaping, but a client may escape it anyway
  // (every character of the values here, with other fields around them): the same answer.
  const std::string url = island_url(keys, "Stock", {"kettle", 7});
  const auto q = url.find('?');
  std::string query;
  bool in_value = false;
  for (const char c : url.substr(q + 1)) {
    if (c == '&' || c == '=') {
      in_value = c == '=';
      query += c;
    } else {
      query += in_value ? fmt::format("%{:02X}", static_cast<unsigned char>(c)) : std::string(1, c);
    }
  }
  auto r = fetch(port(), url.substr(0, q) + "?x=1&" + query + "&p=ignored");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
  EXPECT_NE(r->body.find("kettle x7"), std::string::npos);
}

TEST_F(Endpoint, PostWithABodyThatIsNotAFormIs415) {
  std::string url = island_url(keys, "Stock", {"kettle", 1});
  auto q = url.find('?');
  std::string body = url.substr(q + 1);
  for (const std::string type : {"text/plain", "application/json", "multipart/form-data; boundary=x", ""}) {
    server::test::Client c(port());
    ASSERT_TRUE(c.send("POST " + url.substr(0, q) + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" +
                       (type.empty() ? "" : "Content-Type: " + type + "\r\n") +
                       "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body));
    auto r = c.read_response();
    ASSERT_TRUE(r) << type;
    EXPECT_EQ(r->status, 415) << type;
  }
  // The media type is case-insensitive and may carry parameters.
  server::test::Client c(port());
  ASSERT_TRUE(c.send("POST " + url.substr(0, q) + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                     "Content-Type: Application/X-WWW-Form-Urlencoded; charset=UTF-8\r\nContent-Length: " +
                     std::to_string(body.size()) + "\r\n\r\n" + body));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
}

TEST_F(Endpoint, UnknownIslandIs404) {
  std::string url = island_url(keys, "Stock", {"a", 1});
  url.replace(url.find("Stock"), 5, "Nope");
  auto r = fetch(port(), url);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
}

TEST_F(Endpoint, PayloadSealedForAnotherIslandIsRefused) {
  std::string url = island_url(keys, "Stock", {"a", 1});
  url.replace(url.find("Stock"), 5, "Cached");  // same bytes, sent to island B
  auto r = fetch(port(), url);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(r->header("content-type"), "text/plain; charset=utf-8");
  EXPECT_NE(r->body.find("bad props"), std::string::npos) << r->body;
  EXPECT_EQ(r->body.find("teapot"), std::string::npos) << "nothing rendered";
}

TEST_F(Endpoint, TamperedTruncatedMissingOrForeignSealsAre400) {
  std::string url = island_url(keys, "Stock", {"a", 1});
  auto p = url.find("?p=") + 3;
  auto s = url.find("&s=");
  std::string tampered = url;
  tampered[p + 20] = tampered[p + 20] == 'A' ? 'B' : 'A';
  std::string truncated = url.substr(0, s - 4) + url.substr(s);
  std::string no_props = url.substr(0, p - 3) + "?" + url.substr(s + 1);
  std::string no_slots = url.substr(0, s);
  std::string empty = url.substr(0, p) + url.substr(s);
  std::string swapped = url.substr(0, p) + url.substr(s + 3) + "&s=" + url.substr(p, s - p);
  seal::KeyRing other = seal::KeyRing::generate();
  std::string foreign = island_url(other, "Stock", {"a", 1});
  for (const auto& bad : {tampered, truncated, no_props, no_slots, empty, swapped, foreign}) {
    auto r = fetch(port(), bad);
    ASSERT_TRUE(r) << bad;
    EXPECT_EQ(r->status, 400) << bad;
    EXPECT_EQ(r->body.find('\n'), r->body.size() - 1) << "one line: " << r->body;
  }
}

TEST_F(Endpoint, TooLongIs414AndTooLargeIs413) {
  std::string url = island_url(keys, "Stock", {std::string(5000, 'x'), 1});
  auto r = fetch(port(), url);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 414);
  std::string big(9000, 'x');
  server::test::Client c(port());
  ASSERT_TRUE(c.send("POST /_server-islands/Stock HTTP/1.1\r\nHost: x\r\nContent-Length: 9000\r\n\r\n" + big));
  auto posted = c.read_response();
  ASSERT_TRUE(posted);
  EXPECT_EQ(posted->status, 413);
  // and the server goes on serving
  EXPECT_EQ(fetch(port(), island_url(keys, "Stock", {"a", 1}))->status, 200);
}

TEST_F(Endpoint, AThrowingIslandIs500WithoutItsMessage) {
  auto r = fetch(port(), island_url(keys, "Throws", {}));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 500);
  EXPECT_EQ(r->body.find("password"), std::string::npos);
}

TEST_F(Endpoint, RedirectAndTheIslandsOwnStatusAndHeaders) {
  // A visitor opening the island URL (a navigation) gets the real redirect; the loader's
  // own form is tested in island_stream_test.cpp.
  auto r = fetch(port(), island_url(keys, "Redirects", {}), "Sec-Fetch-Mode: navigate\r\nSec-Fetch-Dest: document\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 302);
  EXPECT_EQ(r->header("location"), "/login");
  EXPECT_EQ(r->body.find("never sent"), std::string::npos);
  auto cached = fetch(port(), island_url(keys, "Cached", {}));
  ASSERT_TRUE(cached);
  EXPECT_EQ(cached->status, 418);
  EXPECT_EQ(cached->header("cache-control"), "public, max-age=60");
}

TEST_F(Endpoint, AppRoutesWithJsonAndMiddlewareThatEndsTheRequest) {
  std::string body = R"({"n":[1,2]})";
  server::test::Client c(port());
  ASSERT_TRUE(c.send("POST /api/echo/42 HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\n"
                     "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->header("content-type"), "application/json");
  EXPECT_EQ(r->body, R"({"by":"middleware","got":{"n":[1,2]},"id":"42"})");
  server::test::Client bad(port());
  ASSERT_TRUE(bad.send("POST /api/echo/1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 3\r\n\r\n{{{"));
  EXPECT_EQ(bad.read_response()->status, 400);
  auto blocked = fetch(port(), island_url(keys, "Stock", {"a", 1}), "X-Block: 1\r\n");
  ASSERT_TRUE(blocked);
  EXPECT_EQ(blocked->status, 403);
  EXPECT_EQ(blocked->body.find("stock"), std::string::npos);
}

TEST_F(Endpoint, RotationOpensPayloadsOfTheOldKey) {
  seal::KeyRing old_keys = keys;
  std::string url = island_url(old_keys, "Stock", {"rotated", 2});
  seal::KeyRing fresh = seal::KeyRing::generate();
  seal::KeyRing both = seal::KeyRing::parse(fresh.to_text() + "," + old_keys.to_text());
  auto options = server::test::test_options(dist.path());
  RunningServer rotated(options, std::make_shared<site::SiteHandler>(kSite, both));
  auto r = fetch(rotated.port(), url);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_NE(r->body.find("rotated x2"), std::string::npos);
}

}  // namespace
}  // namespace isl
