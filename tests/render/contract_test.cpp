// Where the runtime meets the contract (spec §4, §5) with the real site handler, prerender
// step and server over real sockets: cookies, the 500 page, /404 and /500 by their own
// path, redirects in prerendered pages, public/ against generated pages, dotfiles.
#include <gtest/gtest.h>

#include "isl/component.hpp"
#include "isl/site.hpp"
#include "render/state.hpp"
#include "seal/keys.hpp"
#include "server/test_support.hpp"
#include "site/prerender.hpp"
#include "site/public_copy.hpp"
#include "site/site_handler.hpp"

namespace isl {
namespace {

using server::test::Client;
using server::test::fetch;
using server::test::get_request;
using server::test::RunningServer;
using server::test::TempDir;
using namespace std::chrono_literals;

std::vector<std::string> set_cookies(const Context& ctx) {
  std::vector<std::string> out;
  for (const auto& [k, v] : detail::ContextAccess::response(ctx).headers)
    if (k == "Set-Cookie") out.push_back(v);
  return out;
}

TEST(Cookies, SeveralPerResponseWithSafeDefaults) {
  Context ctx;
  ctx.set_cookie("session", "s1", CookieOptions{.path = "/", .http_only = true});
  ctx.set_cookie("theme", "dark");
  // Every member, in the order of spec §5.
  ctx.set_cookie("all", "x",
                 CookieOptions{.path = "/shop", .max_age = 3600, .domain = "example.com", .http_only = true,
                               .secure = true, .same_site = "strict"});
  ctx.set_cookie("gone", "", CookieOptions{.max_age = -5});
  EXPECT_EQ(set_cookies(ctx), (std::vector<std::string>{
                                  "session=s1; Path=/; HttpOnly; SameSite=Lax",
                                  "theme=dark; Path=/; SameSite=Lax",
                                  "all=x; Path=/shop; Max-Age=3600; Domain=example.com; HttpOnly; Secure; SameSite=Strict",
                                  "gone=; Path=/; Max-Age=0; SameSite=Lax",
                              }));
}

TEST(Cookies, ValuesAreEncodedSoNoHeaderCanBeInjected) {
  Context ctx;
  ctx.set_cookie("v", "a b;c\r\nSet-Cookie: admin=1,\"%\\é");
  ASSERT_EQ(set_cookies(ctx).size(), 1u);
  EXPECT_EQ(set_cookies(ctx)[0], "v=a%20b%3Bc%0D%0ASet-Cookie:%20admin=1%2C%22%25%5C%C3%A9; Path=/; SameSite=Lax");
  // ctx.cookie() reads it back as it was set.
  std::vector<std::pair<std::string, std::string>> parsed;
  detail::parse_cookie_header(set_cookies(ctx)[0].substr(0, set_cookies(ctx)[0].find(';')), parsed);
  ASSERT_EQ(parsed.size(), 1u);
  EXPECT_EQ(parsed[0].second, "a b;c\r\nSet-Cookie: admin=1,\"%\\é");
}

TEST(Cookies, NamesAndAttributesThatCouldBreakTheHeaderAreRefused) {
  Context ctx;
  auto refused = [&](auto&& call, const std::string& expected) {
    try {
      call();
      ADD_FAILURE() << "not refused: " << expected;
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find(expected), std::string::npos) << e.what();
    }
  };
  refused([&] { ctx.set_cookie("", "v"); }, "the name is empty");
  refused([&] { ctx.set_cookie("a=b", "v"); }, "the name may hold");
  refused([&] { ctx.set_cookie("a\r\nX-Evil", "v"); }, "the name may hold");
  refused([&] { ctx.set_cookie("a", "v", {.path = "/; Domain=evil.com"}); }, "path may not contain");
  refused([&] { ctx.set_cookie("a", "v", {.path = "/\r\nX: y"}); }, "path may not contain");
  refused([&] { ctx.set_cookie("a", "v", {.domain = "evil.com; Secure"}); }, "domain may hold");
  refused([&] { ctx.set_cookie("a", "v", {.same_site = "Loose"}); }, "same_site is");
  refused([&] { ctx.set_cookie("a", "v", {.same_site = "None"}); }, "needs secure = true");
  EXPECT_TRUE(set_cookies(ctx).empty());
  ctx.set_cookie("a", "v", {.secure = true, .same_site = "None"});
  ctx.set_cookie("b", "v", {.same_site = ""});
  EXPECT_EQ(set_cookies(ctx), (std::vector<std::string>{"a=v; Path=/; Secure; SameSite=None", "b=v; Path=/"}));
}

TEST(Cookies, SettingOneWhilePrerenderingIsAnError) {
  Context ctx;
  detail::ContextAccess::set_prerendering(ctx, true);
  unsigned line = __LINE__ + 2;
  try {
    ctx.set_cookie("session", "s1");
    ADD_FAILURE() << "no error";
  } catch (const RequestUnavailable& e) {
    EXPECT_EQ(e.what, "ctx.set_cookie(\"session\")");
    EXPECT_EQ(e.where.line(), line);
  }
}

TEST(Headers, AppendHeaderKeepsEarlierOnesSetHeaderReplaces) {
  Context ctx;
  ctx.append_header("Link", "</a.css>; rel=preload");
  ctx.append_header("Link", "</b.js>; rel=preload");
  ctx.set_header("X-One", "1");
  ctx.set_header("x-one", "2");
  ASSERT_EQ(detail::ContextAccess::response(ctx).headers.size(), 3u);
  EXPECT_EQ(detail::ContextAccess::response(ctx).headers[0].second, "</a.css>; rel=preload");
  EXPECT_EQ(detail::ContextAccess::response(ctx).headers[1].second, "</b.js>; rel=preload");
  EXPECT_EQ(*detail::ContextAccess::response(ctx).find_header("X-One"), "2");
}

// --- a site: on-demand pages that set cookies or throw, prerendered ones that redirect ---

void render_cookies(Context& ctx, Output& out) {
  ctx.set_cookie("session", "s1", CookieOptions{.path = "/", .http_only = true});
  ctx.set_cookie("theme", "dark", CookieOptions{.path = "/"});
  out.raw("<h1>Started</h1>");
}
void render_boom(Context&, Output& out) {
  out.raw("<p>half a page</p>");
  throw std::runtime_error("database password hunter2");
}
void render_deliberate_500(Context& ctx, Output& out) {
  ctx.set_status(500);
  out.raw("<p>my own 500</p>");
}
void render_old(Context& ctx, Output& out) {
  out.raw("<p>never written</p>");
  ctx.redirect("/new?from=\"old\"&x=<1>", 301);
}
void render_plain(Context&, Output& out) { out.raw("<h1>plain</h1>"); }
void render_error_page(Context&, Output& out) { out.raw("<h1>Something broke</h1>"); }
void render_not_found_page(Context&, Output& out) { out.raw("<h1>Not here</h1>"); }

const PageDef kPages[] = {
    {"src/pages/start.isl", "/start", &render_cookies, nullptr, false, ""},
    {"src/pages/boom.isl", "/boom", &render_boom, nullptr, false, ""},
    {"src/pages/mine.isl", "/mine", &render_deliberate_500, nullptr, false, ""},
    {"src/pages/old.isl", "/old", &render_old, nullptr, true, ""},
    {"src/pages/about.isl", "/about", &render_plain, nullptr, true, ""},
    {"src/pages/500.isl", "/500", &render_error_page, nullptr, true, ""},
    {"src/pages/404.isl", "/404", &render_not_found_page, nullptr, true, ""},
};
const SiteDef kSite{kPages, std::size(kPages), nullptr, 0, nullptr, 0, nullptr};

class Contract : public ::testing::Test {
 protected:
  // Prerenders kSite (with `public_files` in public/) into dist/; the number of errors.
  int build(const std::map<std::string, std::string>& public_files = {}, const SiteDef& def = kSite) {
    for (const auto& [path, content] : public_files) root_.write("public/" + path, content);
    site::PrerenderOptions options;
    options.out_dir = dist();
    options.public_dir = root_.path() / "public";
    options.compress = false;
    testing::internal::CaptureStderr();
    testing::internal::CaptureStdout();
    const int errors = site::prerender(def, keys_, options);
    testing::internal::GetCapturedStdout();
    errors_ = testing::internal::GetCapturedStderr();
    return errors;
  }
  std::filesystem::path dist() const { return root_.path() / "dist"; }
  RunningServer serve(const SiteDef& def = kSite) {
    server::Options o = server::test::test_options(dist());
    return RunningServer(o, std::make_shared<site::SiteHandler>(def, keys_));
  }
  std::string read(const std::string& relative) const {
    std::ifstream in(dist() / relative);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }

  TempDir root_;
  seal::KeyRing keys_ = seal::KeyRing::generate();
  std::string errors_;
};

// The whole answer as sent, so that repeated headers are all seen.
std::string raw_get(std::uint16_t port, const std::string& target) {
  Client c(port);
  if (!c.send(get_request(target, "", "GET", true))) return {};
  c.wait_closed(3000ms);
  return c.pending();
}

TEST_F(Contract, AnOnDemandPageSetsTwoCookiesInOneResponse) {
  ASSERT_EQ(build(), 0) << errors_;
  auto server = serve();
  const std::string answer = raw_get(server.port(), "/start");
  EXPECT_NE(answer.find("HTTP/1.1 200 OK"), std::string::npos) << answer;
  EXPECT_NE(answer.find("\r\nSet-Cookie: session=s1; Path=/; HttpOnly; SameSite=Lax\r\n"), std::string::npos) << answer;
  EXPECT_NE(answer.find("\r\nSet-Cookie: theme=dark; Path=/; SameSite=Lax\r\n"), std::string::npos) << answer;
}

TEST_F(Contract, AThrowingOnDemandPageAnswersTheSites500Page) {
  ASSERT_EQ(build(), 0) << errors_;
  auto server = serve();
  auto r = fetch(server.port(), "/boom");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 500);
  EXPECT_EQ(r->body, "<h1>Something broke</h1>");
  EXPECT_EQ(r->header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(r->header("Cache-Control"), "no-store");
  // A page that chose status 500 itself keeps its own answer.
  r = fetch(server.port(), "/mine");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 500);
  EXPECT_NE(r->body.find("my own 500"), std::string::npos) << r->body;
}

TEST_F(Contract, WithoutA500PageTheAnswerIsPlainAndNeverTheExceptionsText) {
  const PageDef pages[] = {kPages[1]};
  const SiteDef site{pages, 1, nullptr, 0, nullptr, 0, nullptr};
  ASSERT_EQ(build({}, site), 0) << errors_;
  auto server = serve(site);
  auto r = fetch(server.port(), "/boom");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 500);
  EXPECT_EQ(r->header("Content-Type"), "text/plain; charset=utf-8");
  EXPECT_EQ(r->body.find("hunter2"), std::string::npos) << r->body;
  EXPECT_EQ(r->body.find("half a page"), std::string::npos) << r->body;
}

TEST_F(Contract, The404And500PagesAnswerWithTheirStatusAtTheirOwnPath) {
  ASSERT_EQ(build(), 0) << errors_;
  EXPECT_EQ(read("404.html"), "<h1>Not here</h1>");
  EXPECT_EQ(read("500.html"), "<h1>Something broke</h1>");
  auto server = serve();
  for (const char* path : {"/404", "/404.html", "/nowhere"}) {
    auto r = fetch(server.port(), path);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 404) << path;
    EXPECT_EQ(r->body, "<h1>Not here</h1>") << path;
  }
  for (const char* path : {"/500", "/500.html"}) {
    auto r = fetch(server.port(), path);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 500) << path;
    EXPECT_EQ(r->body, "<h1>Something broke</h1>") << path;
  }
  auto about = fetch(server.port(), "/about");
  ASSERT_TRUE(about);
  EXPECT_EQ(about->status, 200);
}

TEST_F(Contract, APrerenderedRedirectIsAPageThatMovesAndARealRedirectFromTheServer) {
  ASSERT_EQ(build(), 0) << errors_;
  const std::string page = read("old/index.html");
  EXPECT_EQ(page.find("never written"), std::string::npos) << page;
  const std::string to = "/new?from=&quot;old&quot;&amp;x=&lt;1&gt;";
  EXPECT_NE(page.find("<meta http-equiv=\"refresh\" content=\"0;url=" + to + "\">"), std::string::npos) << page;
  EXPECT_NE(page.find("<a href=\"" + to + "\">"), std::string::npos) << page;
  EXPECT_EQ(read(".isl-redirects"), "301\t/old/index.html\t/new?from=\"old\"&x=<1>\n");
  auto server = serve();
  for (const char* path : {"/old", "/old/", "/old/index.html"}) {
    auto r = fetch(server.port(), path);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 301) << path;
    EXPECT_EQ(r->header("Location"), "/new?from=\"old\"&x=<1>") << path;
  }
  auto hidden = fetch(server.port(), "/.isl-redirects");
  ASSERT_TRUE(hidden);
  EXPECT_EQ(hidden->status, 404);
}

TEST_F(Contract, APublicFileOnTheSamePathAsAGeneratedPageIsAnErrorNamingBoth) {
  EXPECT_EQ(build({{"about/index.html", "mine"}, {"about.html", "mine too"}, {"404.html", "x"}, {"ok.txt", "ok"}}), 3);
  EXPECT_NE(errors_.find("public/about/index.html: error: this file is on the same path as a page the build "
                         "writes: src/pages/about.isl (/about)"),
            std::string::npos)
      << errors_;
  EXPECT_NE(errors_.find("public/about.html: error: this file is on the same path as a page the build writes: "
                         "src/pages/about.isl (/about)"),
            std::string::npos)
      << errors_;
  EXPECT_NE(errors_.find("public/404.html: error: this file is on the same path as a page the build writes: "
                         "src/pages/404.isl (/404)"),
            std::string::npos)
      << errors_;
  EXPECT_EQ(read("about/index.html"), "<h1>plain</h1>");
}

TEST_F(Contract, DotfilesOfPublicAreNotCopiedExceptWellKnown) {
  ASSERT_EQ(build({{".well-known/security.txt", "Contact: a@b.c"},
                   {".well-known/acme-challenge/tok", "tok.key"},
                   {".htaccess", "secret"},
                   {".git/config", "secret"},
                   {"img/.DS_Store", "junk"},
                   {"img/logo.svg", "<svg/>"},
                   {"sub/.well-known/x", "no"}}),
            0)
      << errors_;
  EXPECT_TRUE(std::filesystem::exists(dist() / ".well-known/security.txt"));
  EXPECT_TRUE(std::filesystem::exists(dist() / "img/logo.svg"));
  for (const char* p : {".htaccess", ".git/config", "img/.DS_Store", "sub/.well-known/x"})
    EXPECT_FALSE(std::filesystem::exists(dist() / p)) << p;
  auto server = serve();
  auto r = fetch(server.port(), "/.well-known/security.txt");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "Contact: a@b.c");
  r = fetch(server.port(), "/.well-known/acme-challenge/tok");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "tok.key");
  EXPECT_EQ(fetch(server.port(), "/.htaccess")->status, 404);
}

TEST(PublicCopy, WhichPathsAreCopied) {
  EXPECT_TRUE(site::is_copied_public_path("robots.txt"));
  EXPECT_TRUE(site::is_copied_public_path(".well-known/security.txt"));
  EXPECT_TRUE(site::is_copied_public_path("a.b/c.d"));
  EXPECT_TRUE(site::is_copied_public_path(".well-known"));
  EXPECT_FALSE(site::is_copied_public_path(".env"));
  EXPECT_FALSE(site::is_copied_public_path(".well-known/.secret"));
  EXPECT_FALSE(site::is_copied_public_path("a/.well-known/x"));
}

}  // namespace
}  // namespace isl
