#include <gtest/gtest.h>

#include <limits>

#include "isl/app.hpp"
#include "isl/component.hpp"
#include "render/state.hpp"
#include "seal/keys.hpp"
#include "seal/seal.hpp"
#include "site/routes.hpp"

namespace shop {
struct Money {
  long cents;
};
inline void isl_write(isl::Output& out, const Money& m) { out.text("$" + std::to_string(m.cents / 100) + "<"); }

struct Point {
  int x = 0;
  std::string label;
  std::vector<std::optional<long long>> extra;
  bool operator==(const Point&) const = default;
};
inline auto isl_fields(Point& p) { return std::tie(p.x, p.label, p.extra); }
}  // namespace shop

namespace isl {
namespace {

std::string written(auto&& value) {
  Output out;
  write(out, value);
  return out.take();
}

TEST(Escape, TheFiveCharactersAndNothingElse) {
  EXPECT_EQ(escape_html(R"(<a href="x">Tom & 'Jerry'</a> ✓)"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt; ✓");
  EXPECT_EQ(escape_html(""), "");
  EXPECT_EQ(escape_html("plain"), "plain");
  EXPECT_EQ(escape_html(std::string("a\0b", 3)), std::string("a\0b", 3));
}

TEST(Write, EveryKindOfValue) {
  EXPECT_EQ(written(std::string("<b>")), "&lt;b&gt;");
  EXPECT_EQ(written("x & y"), "x &amp; y");
  EXPECT_EQ(written(std::string_view("'")), "&#39;");
  EXPECT_EQ(written(3), "3");
  EXPECT_EQ(written(-7), "-7");
  EXPECT_EQ(written(2.5), "2.5");
  EXPECT_EQ(written(1e21), "1e+21");
  EXPECT_EQ(written(0.1), "0.1");
  EXPECT_EQ(written(std::numeric_limits<long long>::min()), "-9223372036854775808");
  EXPECT_EQ(written(9007199254740993ULL), "9007199254740993");
  EXPECT_EQ(written(true), "true");
  EXPECT_EQ(written('<'), "&lt;");
  EXPECT_EQ(written(std::optional<std::string>()), "");
  EXPECT_EQ(written(std::optional<std::string>("&")), "&amp;");
  EXPECT_EQ(written(Html("<em>raw</em>")), "<em>raw</em>");
  EXPECT_EQ(written(shop::Money{1234}), "$12&lt;");
}

TEST(Write, Attributes) {
  Output out;
  write_attr(out, " checked", true);
  write_attr(out, " disabled", false);
  write_attr(out, " title", std::optional<std::string>());
  write_attr(out, " alt", std::optional<std::string>("\"q\""));
  write_attr(out, " data-n", 42);
  write_attr(out, " class", "a b");
  EXPECT_EQ(out.view(), R"( checked alt="&quot;q&quot;" data-n="42" class="a b")");
}

TEST(Travel, EveryPropTypeRoundTrips) {
  using Props = std::tuple<std::string, int, double, bool, std::optional<std::string>, std::vector<std::string>,
                           std::map<std::string, int>, long long, unsigned long long, std::int8_t, float>;
  struct Holder {
    Props p;
  };
  std::string text = "Zoë ✓ 日本 🚀 \0 end";
  std::vector<std::string> tags = {"a", "b & c", ""};
  std::map<std::string, int> scores = {{"x", 1}, {"y", -2}};
  auto check = [](auto value) {
    using T = decltype(value);
    T back{};
    ASSERT_TRUE(travel::decode(travel::encode(value), back));
    EXPECT_EQ(back, value);
  };
  check(text);
  check(-3);
  check(0.25);
  check(1e21);
  check(-0.0);
  check(true);
  check(std::optional<std::string>());
  check(std::optional<std::string>("n"));
  check(tags);
  check(scores);
  check(std::numeric_limits<long long>::min());
  check(std::numeric_limits<long long>::max());
  check(9007199254740993LL);
  check(std::numeric_limits<unsigned long long>::max());
  check(std::int8_t{-128});
  check(3.5f);
  check(std::vector<std::map<std::string, std::vector<std::optional<int>>>>{{{"k", {1, std::nullopt, 3}}}, {}});
  check(shop::Point{-5, "p", {std::nullopt, 7LL}});
}

TEST(Travel, MalformedInputIsRefusedNotTrusted) {
  std::string encoded = travel::encode(std::vector<std::string>{"abc", "def"});
  std::vector<std::string> back;
  for (std::size_t n = 0; n < encoded.size(); ++n)
    EXPECT_FALSE(travel::decode(std::string_view(encoded).substr(0, n), back)) << n;
  EXPECT_FALSE(travel::decode(encoded + "x", back));
  // A count larger than the input could hold is refused before any allocation.
  std::string huge;
  travel::Writer(huge).varint(1ULL << 60);
  EXPECT_FALSE(travel::decode(huge, back));
  // Out of range for the target type.
  std::int8_t small = 0;
  EXPECT_FALSE(travel::decode(travel::encode(300), small));
  bool flag = false;
  EXPECT_FALSE(travel::decode(travel::encode(2u), flag));
}

TEST(Slots, HasSlotFollowsTheComponentBeingRendered) {
  Context ctx;
  auto body = [](Output& out) { out.raw("body"); };
  const Slot outer_slots[] = {{"default", body}, {"footer", body}};
  const Slot inner_slots[] = {{"header", body}};
  const Slots outer_list(outer_slots);
  const Slots inner_list(inner_slots);
  {
    SlotScope outer(ctx, outer_list);
    EXPECT_TRUE(ctx.has_slot("footer"));
    {
      SlotScope inner(ctx, inner_list);
      EXPECT_FALSE(ctx.has_slot("footer"));
      EXPECT_TRUE(ctx.has_slot("header"));
    }
    EXPECT_TRUE(ctx.has_slot("footer"));
  }
  EXPECT_FALSE(ctx.has_slot("footer"));
  Output out;
  Slots(outer_slots).find("footer")->render(out);
  std::string html = "<p>pre-rendered</p>";
  SlotFn::from_html(html)(out);
  EXPECT_EQ(out.view(), "body<p>pre-rendered</p>");
}

TEST(Context, RequestValuesAreRefusedWhilePrerendering) {
  Context ctx;
  detail::ContextAccess::set_prerendering(ctx, true);
  bool thrown = false;
  unsigned line = __LINE__ + 2;
  try {
    (void)ctx.cookie("session");
  } catch (const RequestUnavailable& e) {
    thrown = true;
    EXPECT_EQ(e.what, "ctx.cookie(\"session\")");
    EXPECT_EQ(e.where.line(), line) << "the error names the template line that asked";
  }
  EXPECT_TRUE(thrown);
  EXPECT_THROW((void)ctx.header("Accept"), RequestUnavailable);
  EXPECT_THROW((void)ctx.query("q"), RequestUnavailable);
  EXPECT_NO_THROW((void)ctx.param("id"));
}

TEST(Context, ResponseShaping) {
  Context ctx;
  ctx.set_header("Cache-Control", "a");
  ctx.set_header("cache-control", "b");
  ASSERT_EQ(detail::ContextAccess::response(ctx).headers.size(), 1u);
  EXPECT_EQ(*detail::ContextAccess::response(ctx).find_header("CACHE-CONTROL"), "b");
  ctx.redirect("/login");
  EXPECT_EQ(detail::ContextAccess::response(ctx).status, 302);
  EXPECT_EQ(*detail::ContextAccess::response(ctx).find_header("Location"), "/login");
}

TEST(Locals, TypedAccess) {
  Locals locals;
  locals.set("user", std::string("ada"));
  ASSERT_NE(locals.get<std::string>("user"), nullptr);
  EXPECT_EQ(*locals.get<std::string>("user"), "ada");
  EXPECT_EQ(locals.get<int>("user"), nullptr);
  EXPECT_EQ(locals.get<std::string>("nobody"), nullptr);
}

TEST(Middleware, RunsInOrderAndCanStopTheChain) {
  App app;
  std::string trace;
  app.use([&](Context&, Next next) {
    trace += "a";
    next();
    trace += "A";
  });
  app.use([&](Context& ctx, Next next) {
    trace += "b";
    if (!ctx.locals.contains("stop")) next();
  });
  Context ctx;
  app.run(ctx, [&] { trace += "render"; });
  EXPECT_EQ(trace, "abrenderA");
  trace.clear();
  Context stopped;
  stopped.locals.set("stop", true);
  app.run(stopped, [&] { trace += "render"; });
  EXPECT_EQ(trace, "abA");
}

TEST(Query, FormDecoding) {
  auto q = detail::parse_query("name=%3CAnn%3E&x=a+b&flag&bad=%zz&=v");
  ASSERT_GE(q.size(), 4u);
  EXPECT_EQ(q[0].second, "<Ann>");
  EXPECT_EQ(q[1].second, "a b");
  EXPECT_EQ(q[2].first, "flag");
  EXPECT_EQ(q[3].second, "%zz");
  std::vector<std::pair<std::string, std::string>> cookies;
  detail::parse_cookie_header("a=1; session=\"x y\";  userId=2;broken", cookies);
  ASSERT_EQ(cookies.size(), 3u);
  EXPECT_EQ(cookies[1].second, "x y");
  EXPECT_EQ(cookies[2].first, "userId");
}

TEST(Routes, MatchFillAndOutputFiles) {
  site::RoutePattern product("/product/[id]");
  auto m = product.match("/product/42");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->at("id"), "42");
  EXPECT_FALSE(product.match("/product"));
  EXPECT_FALSE(product.match("/product/1/2"));
  EXPECT_EQ(product.fill({{"id", "7"}}), "/product/7");
  EXPECT_THROW(product.fill({{"id", "../x"}}), std::invalid_argument);
  EXPECT_THROW(product.fill({{"id", ".."}}), std::invalid_argument);
  EXPECT_THROW(product.fill({}), std::invalid_argument);
  site::RoutePattern rest("/docs/[...path]");
  EXPECT_EQ(rest.match("/docs/a/b")->at("path"), "a/b");
  EXPECT_THROW(rest.fill({{"path", "a/../../etc"}}), std::invalid_argument);
  EXPECT_GT(site::RoutePattern("/blog/new").specificity(), site::RoutePattern("/blog/[slug]").specificity());
  EXPECT_EQ(site::output_file_for("/"), "index.html");
  EXPECT_EQ(site::output_file_for("/about"), "about/index.html");
  EXPECT_EQ(site::output_file_for("/404"), "404.html");
}

TEST(Island, PlaceholderHoldsFallbackAndSealedData) {
  seal::KeyRing keys = seal::KeyRing::generate();
  Context ctx;
  detail::ContextAccess::page_state(ctx).keys = &keys;
  Output out;
  auto fallback = [](Output& o) { o.raw("<p>Loading…</p>"); };
  auto body = [](Output& o) { o.raw("<em>slot</em>"); };
  const Slot slots[] = {{"default", body}, {"fallback", fallback}};
  detail::render_island(ctx, out, "Stock", travel::encode(std::string("42")), Slots(slots));
  std::string html = out.take();
  EXPECT_EQ(html.rfind("<!--isl-island:/_server-islands/Stock?p=", 0), 0u) << html;
  EXPECT_NE(html.find("--><p>Loading…</p><!--/isl-island-->"), std::string::npos) << html;
  EXPECT_EQ(html.find("slot"), std::string::npos) << "slot content travels sealed, never in clear";
  auto p = html.find("?p=") + 3;
  auto amp = html.find("&s=");
  auto end = html.find("-->");
  auto opened = seal::open(keys, "Stock", seal::Purpose::props, html.substr(p, amp - p));
  ASSERT_TRUE(opened.plaintext) << opened.error;
  std::string props;
  ASSERT_TRUE(travel::decode(*opened.plaintext, props));
  EXPECT_EQ(props, "42");
  auto slots_opened = seal::open(keys, "Stock", seal::Purpose::slots, html.substr(amp + 3, end - amp - 3));
  ASSERT_TRUE(slots_opened.plaintext);
  std::map<std::string, std::string> slot_html;
  ASSERT_TRUE(travel::decode(*slots_opened.plaintext, slot_html));
  EXPECT_EQ(slot_html.at("default"), "<em>slot</em>");
  EXPECT_EQ(slot_html.count("fallback"), 0u);

  // The same island with the same data: the same URL (stable, cacheable).
  Output again;
  detail::render_island(ctx, again, "Stock", travel::encode(std::string("42")), Slots(slots));
  EXPECT_EQ(again.view(), html);
  // The loader is written once, at the end of the body or page.
  Output page;
  detail::at_body_end(ctx, page);
  detail::at_body_end(ctx, page);
  EXPECT_EQ(page.view(), detail::island_loader_script());
  EXPECT_LE(detail::island_loader_script().size(), 3072u) << "the loader's size budget (docs/islands.md)";
}

TEST(Page, StylesheetGoesAfterTheDoctypeWhenThereIsNoHead) {
  Context ctx;
  detail::ContextAccess::page_state(ctx).stylesheet = "/_isl/css/x.css";
  Output out;
  out.raw("<!doctype html><p>hi</p>");
  detail::finish_page(ctx, out);
  EXPECT_EQ(out.view(), "<!doctype html><link rel=\"stylesheet\" href=\"/_isl/css/x.css\"><p>hi</p>");
}

TEST(Page, ScriptsOncePerPage) {
  Context ctx;
  Output out;
  detail::write_script_once(ctx, out, "<script>a()</script>");
  detail::write_script_once(ctx, out, "<script>a()</script>");
  detail::write_script_once(ctx, out, "<script>b()</script>");
  EXPECT_EQ(out.view(), "<script>a()</script><script>b()</script>");
}

}  // namespace
}  // namespace isl
