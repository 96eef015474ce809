// Static files from dist/: types, caching, conditional requests, encodings, paths, 404s,
// traversal attempts.
#include <gtest/gtest.h>

#include "server/static_files.hpp"
#include "test_support.hpp"

namespace isl::server::test {
namespace {

class StaticTest : public ::testing::Test {
 protected:
  Site site;
  RunningServer server{test_options(site.dist)};
  std::uint16_t port() const { return server.port(); }
};

TEST_F(StaticTest, ContentTypes) {
  const std::map<std::string, std::string> expected{
      {"/index.html", "text/html; charset=utf-8"},
      {"/style.css", "text/css; charset=utf-8"},
      {"/app.js", "text/javascript; charset=utf-8"},
      {"/mod.mjs", "text/javascript; charset=utf-8"},
      {"/data.json", "application/json; charset=utf-8"},
      {"/logo.svg", "image/svg+xml; charset=utf-8"},
      {"/img.png", "image/png"},
      {"/photo.jpg", "image/jpeg"},
      {"/anim.gif", "image/gif"},
      {"/pic.webp", "image/webp"},
      {"/pic.avif", "image/avif"},
      {"/favicon.ico", "image/x-icon"},
      {"/robots.txt", "text/plain; charset=utf-8"},
      {"/feed.xml", "application/xml; charset=utf-8"},
      {"/module.wasm", "application/wasm"},
      {"/font.woff", "font/woff"},
      {"/font.woff2", "font/woff2"},
      {"/doc.pdf", "application/pdf"},
      {"/app.js.map", "application/json; charset=utf-8"},
      {"/blob.bin", "application/octet-stream"},
      {"/archive.tar.gz", "application/gzip"},
  };
  Client c(port());
  for (const auto& [path, type] : expected) {
    ASSERT_TRUE(c.send(get_request(path)));
    const auto r = c.read_response();
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 200) << path;
    EXPECT_EQ(r->header("Content-Type"), type) << path;
    EXPECT_EQ(r->header("X-Content-Type-Options"), "nosniff") << path;
  }
  const auto png = fetch(port(), "/img.png");
  ASSERT_TRUE(png);
  EXPECT_EQ(png->body, std::string("\x89PNG\r\n\x1a\n", 8));
  EXPECT_EQ(png->header("Content-Length"), "8");
  EXPECT_FALSE(png->header("Date").empty());
}

TEST_F(StaticTest, EtagLastModifiedAnd304) {
  const auto r = fetch(port(), "/style.css");
  ASSERT_TRUE(r);
  const std::string etag = r->header("ETag");
  const std::string last_modified = r->header("Last-Modified");
  ASSERT_GE(etag.size(), 3u);
  EXPECT_EQ(etag.front(), '"');
  EXPECT_EQ(etag.back(), '"');
  ASSERT_FALSE(last_modified.empty());

  const auto same = fetch(port(), "/style.css", "If-None-Match: " + etag + "\r\n");
  ASSERT_TRUE(same);
  EXPECT_EQ(same->status, 304);
  EXPECT_TRUE(same->body.empty());
  EXPECT_EQ(same->header("ETag"), etag);
  EXPECT_EQ(same->header("Cache-Control"), "public, max-age=3600");

  const auto listed = fetch(port(), "/style.css", "If-None-Match: \"nope\", W/" + etag + "\r\n");
  ASSERT_TRUE(listed);
  EXPECT_EQ(listed->status, 304);

  const auto other = fetch(port(), "/style.css", "If-None-Match: \"nope\"\r\n");
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 200);
  EXPECT_EQ(other->body, "body{}");

  const auto since = fetch(port(), "/style.css", "If-Modified-Since: " + last_modified + "\r\n");
  ASSERT_TRUE(since);
  EXPECT_EQ(since->status, 304);

  const auto old = fetch(port(), "/style.css", "If-Modified-Since: Thu, 01 Jan 1970 00:00:00 GMT\r\n");
  ASSERT_TRUE(old);
  EXPECT_EQ(old->status, 200);

  // Different content, different tag.
  const auto js = fetch(port(), "/app.js");
  ASSERT_TRUE(js);
  EXPECT_NE(js->header("ETag"), etag);
}

TEST_F(StaticTest, HeadSendsHeadersOnly) {
  Client c(port());
  ASSERT_TRUE(c.send(get_request("/index.html", "", "HEAD")));
  const auto head = c.read_response(true);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->header("Content-Length"), "13");
  EXPECT_EQ(head->header("Content-Type"), "text/html; charset=utf-8");
  // No body followed: the next answer on the connection starts right away.
  ASSERT_TRUE(c.send(get_request("/robots.txt")));
  const auto next = c.read_response();
  ASSERT_TRUE(next);
  EXPECT_EQ(next->body, "User-agent: *");
}

TEST_F(StaticTest, RangeRequests) {
  const auto whole = fetch(port(), "/robots.txt");
  ASSERT_TRUE(whole);
  EXPECT_EQ(whole->header("Accept-Ranges"), "bytes");

  const auto first = fetch(port(), "/robots.txt", "Range: bytes=0-3\r\n");
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 206);
  EXPECT_EQ(first->body, "User");
  EXPECT_EQ(first->header("Content-Range"), "bytes 0-3/13");
  EXPECT_EQ(first->header("Content-Length"), "4");
  EXPECT_EQ(first->header("Content-Type"), "text/plain; charset=utf-8");

  const auto open_ended = fetch(port(), "/robots.txt", "Range: bytes=5-\r\n");
  ASSERT_TRUE(open_ended);
  EXPECT_EQ(open_ended->status, 206);
  EXPECT_EQ(open_ended->body, "agent: *");
  EXPECT_EQ(open_ended->header("Content-Range"), "bytes 5-12/13");

  const auto suffix = fetch(port(), "/robots.txt", "Range: bytes=-3\r\n");
  ASSERT_TRUE(suffix);
  EXPECT_EQ(suffix->body, ": *");
  const auto past_end = fetch(port(), "/robots.txt", "Range: bytes=9-999\r\n");
  ASSERT_TRUE(past_end);
  EXPECT_EQ(past_end->body, "t: *");
  EXPECT_EQ(past_end->header("Content-Range"), "bytes 9-12/13");

  const auto unsatisfiable = fetch(port(), "/robots.txt", "Range: bytes=13-20\r\n");
  ASSERT_TRUE(unsatisfiable);
  EXPECT_EQ(unsatisfiable->status, 416);
  EXPECT_EQ(unsatisfiable->header("Content-Range"), "bytes */13");
  EXPECT_TRUE(unsatisfiable->body.empty());

  // Several ranges, another unit, nonsense: the whole file.
  for (const char* ignored : {"bytes=0-1,4-5", "items=0-1", "bytes=5-2", "bytes=x-", "bytes=--1"}) {
    const auto r = fetch(port(), "/robots.txt", std::string("Range: ") + ignored + "\r\n");
    ASSERT_TRUE(r) << ignored;
    EXPECT_EQ(r->status, 200) << ignored;
    EXPECT_EQ(r->body, "User-agent: *") << ignored;
  }

  // If-Range: the range only while the validator still matches.
  const std::string etag = whole->header("ETag");
  const auto same = fetch(port(), "/robots.txt", "Range: bytes=0-3\r\nIf-Range: " + etag + "\r\n");
  ASSERT_TRUE(same);
  EXPECT_EQ(same->status, 206);
  const auto dated = fetch(port(), "/robots.txt",
                           "Range: bytes=0-3\r\nIf-Range: " + whole->header("Last-Modified") + "\r\n");
  ASSERT_TRUE(dated);
  EXPECT_EQ(dated->status, 206);
  const auto changed = fetch(port(), "/robots.txt", "Range: bytes=0-3\r\nIf-Range: \"other\"\r\n");
  ASSERT_TRUE(changed);
  EXPECT_EQ(changed->status, 200);
  EXPECT_EQ(changed->body, "User-agent: *");
}

TEST_F(StaticTest, RangeIsOfTheStoredBytesNeverCompressed) {
  const auto r = fetch(port(), "/big.js", "Accept-Encoding: gzip, br\r\nRange: bytes=100-109\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 206);
  EXPECT_FALSE(r->has("Content-Encoding"));
  EXPECT_EQ(r->body, std::string(10, 'x'));
  EXPECT_EQ(r->header("Content-Range"), "bytes 100-109/4096");
  // A conditional request that matches is still a 304.
  const auto etag = fetch(port(), "/big.js")->header("ETag");
  const auto cached = fetch(port(), "/big.js", "Range: bytes=0-1\r\nIf-None-Match: " + etag + "\r\n");
  ASSERT_TRUE(cached);
  EXPECT_EQ(cached->status, 304);
}

TEST_F(StaticTest, PrecompressedVariantsByAcceptEncoding) {
  const auto gz = fetch(port(), "/big.js", "Accept-Encoding: gzip\r\n");
  ASSERT_TRUE(gz);
  EXPECT_EQ(gz->status, 200);
  EXPECT_EQ(gz->header("Content-Encoding"), "gzip");
  EXPECT_EQ(gz->body, "GZIP-BYTES");
  EXPECT_EQ(gz->header("Vary"), "Accept-Encoding");
  EXPECT_EQ(gz->header("Content-Type"), "text/javascript; charset=utf-8");

  const auto br = fetch(port(), "/big.js", "Accept-Encoding: gzip, deflate, br\r\n");
  ASSERT_TRUE(br);
  EXPECT_EQ(br->header("Content-Encoding"), "br");
  EXPECT_EQ(br->body, "BROTLI-BYTES");
  EXPECT_NE(br->header("ETag"), gz->header("ETag"));

  const auto prefer_gzip = fetch(port(), "/big.js", "Accept-Encoding: br;q=0.4, gzip;q=0.8\r\n");
  ASSERT_TRUE(prefer_gzip);
  EXPECT_EQ(prefer_gzip->header("Content-Encoding"), "gzip");

  const auto none = fetch(port(), "/big.js");
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->has("Content-Encoding"));
  EXPECT_EQ(none->body, site.big_js);
  EXPECT_EQ(none->header("Vary"), "Accept-Encoding");

  const auto refused = fetch(port(), "/big.js", "Accept-Encoding: gzip;q=0, br;q=0\r\n");
  ASSERT_TRUE(refused);
  EXPECT_FALSE(refused->has("Content-Encoding"));

  // The siblings are not files of their own.
  EXPECT_EQ(fetch(port(), "/big.js.gz")->status, 404);
  EXPECT_EQ(fetch(port(), "/big.js.br")->status, 404);
  // A .gz with no uncompressed sibling is an ordinary file.
  EXPECT_EQ(fetch(port(), "/archive.tar.gz")->body, "TARGZ");

  // A 304 for the encoded representation the client holds.
  const auto cond = fetch(port(), "/big.js", "Accept-Encoding: gzip\r\nIf-None-Match: " + gz->header("ETag") + "\r\n");
  ASSERT_TRUE(cond);
  EXPECT_EQ(cond->status, 304);
}

TEST(StaticCompression, TextFilesWithoutSiblingAreGzippedAtLoad) {
  TempDir dir;
  std::string css;
  for (int i = 0; i < 200; ++i) css += ".rule-" + std::to_string(i) + " { color: red; }\n";
  dir.write("site.css", css);
  dir.write("small.css", "a{}");
  dir.write("pic.png", std::string(4000, 'p'));
  RunningServer server(test_options(dir.path()));
  const auto gz = fetch(server.port(), "/site.css", "Accept-Encoding: gzip\r\n");
  ASSERT_TRUE(gz);
  EXPECT_EQ(gz->header("Content-Encoding"), "gzip");
  EXPECT_LT(gz->body.size(), css.size());
  ASSERT_GE(gz->body.size(), 2u);
  EXPECT_EQ(static_cast<unsigned char>(gz->body[0]), 0x1f);
  EXPECT_FALSE(fetch(server.port(), "/small.css", "Accept-Encoding: gzip\r\n")->has("Content-Encoding"));
  EXPECT_FALSE(fetch(server.port(), "/pic.png", "Accept-Encoding: gzip\r\n")->has("Content-Encoding"));
}

TEST_F(StaticTest, CacheControlByKind) {
  EXPECT_EQ(fetch(port(), "/")->header("Cache-Control"), "public, max-age=0, must-revalidate");
  EXPECT_EQ(fetch(port(), "/app.3f2a91bc.css")->header("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(fetch(port(), "/_isl/loader.js")->header("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(fetch(port(), "/style.css")->header("Cache-Control"), "public, max-age=3600");
}

TEST_F(StaticTest, DirectoryIndexesAndHtmlExtension) {
  EXPECT_EQ(fetch(port(), "/")->body, "<h1>home</h1>");
  EXPECT_EQ(fetch(port(), "/index.html")->body, "<h1>home</h1>");
  EXPECT_EQ(fetch(port(), "/about")->body, "<h1>about</h1>");
  EXPECT_EQ(fetch(port(), "/about/")->body, "<h1>about</h1>");
  EXPECT_EQ(fetch(port(), "/contact")->body, "<h1>contact</h1>");
  EXPECT_EQ(fetch(port(), "/about?x=1")->body, "<h1>about</h1>");
  EXPECT_EQ(fetch(port(), "/my%20file.txt")->body, "spaced");
  EXPECT_EQ(fetch(port(), "/.well-known/security.txt")->body, "Contact: x");
  EXPECT_EQ(fetch(port(), "/link-in.txt")->body, "User-agent: *");
}

TEST_F(StaticTest, NotFoundUsesDist404Page) {
  const auto r = fetch(port(), "/nope");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(r->body, "<h1>not here</h1>");
  EXPECT_EQ(r->header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(fetch(port(), "/contact/")->status, 404);
}

TEST(StaticNotFound, PlainWithout404Page) {
  TempDir dir;
  dir.write("index.html", "x");
  RunningServer server(test_options(dir.path()));
  const auto r = fetch(server.port(), "/missing");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(r->header("Content-Type"), "text/plain; charset=utf-8");
  EXPECT_NE(r->body.find("Not Found"), std::string::npos);
}

TEST_F(StaticTest, PostToStaticFileIs405) {
  const auto r = fetch(port(), "/style.css", "Content-Length: 0\r\n", "POST");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 405);
  EXPECT_EQ(r->header("Allow"), "GET, HEAD");
}

TEST_F(StaticTest, TraversalAndHiddenFilesNeverServed) {
  const std::vector<std::string> targets{
      "/../secret.txt",        "/%2e%2e/secret.txt",     "/%2E%2E/secret.txt", "/.%2e/secret.txt",
      "/about/../../secret.txt", "/about/%2e%2e/%2e%2e/secret.txt", "/..%2fsecret.txt", "/%2f..%2fsecret.txt",
      "/..%5csecret.txt",      "/..\\secret.txt",        "/%00",               "/index.html%00.txt",
      "/%zz",                  "/.isl-manifest.json",    "/.hidden/file.txt",  "/link-out.txt",
      "/rootlink/secret.txt",  "//secret.txt",           "/./index.html",
  };
  for (const auto& target : targets) {
    Client c(port());
    ASSERT_TRUE(c.send("GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
    const auto r = c.read_response();
    ASSERT_TRUE(r) << target;
    EXPECT_TRUE(r->status == 400 || r->status == 404) << target << " → " << r->status;
    EXPECT_EQ(r->body.find("TOPSECRET"), std::string::npos) << target;
    EXPECT_EQ(r->body.find("MANIFEST"), std::string::npos) << target;
    EXPECT_EQ(r->body.find("HIDDEN"), std::string::npos) << target;
  }
  EXPECT_EQ(fetch(port(), "/%2e%2e/secret.txt")->status, 400);
  EXPECT_EQ(fetch(port(), "/a%2fb")->status, 400);
  EXPECT_EQ(fetch(port(), "/%zz")->status, 400);
  EXPECT_EQ(fetch(port(), "/.isl-manifest.json")->status, 404);
  // A raw NUL in the request line is a malformed request.
  Client c(port());
  ASSERT_TRUE(c.send(std::string("GET /index.html\0 HTTP/1.1\r\nHost: x\r\n\r\n", 38)));
  const auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
}

TEST(StaticReload, PicksUpNewFiles) {
  TempDir dir;
  dir.write("a.txt", "one");
  RunningServer server(test_options(dir.path()));
  EXPECT_EQ(fetch(server.port(), "/b.txt")->status, 404);
  dir.write("b.txt", "two");
  dir.write("a.txt", "uno");
  server.server().reload();
  EXPECT_EQ(fetch(server.port(), "/b.txt")->body, "two");
  EXPECT_EQ(fetch(server.port(), "/a.txt")->body, "uno");
}

TEST(StaticResolve, NamesTheFileOfEachPathForm) {
  TempDir dir;
  dir.write("index.html", "home");
  dir.write("a/index.html", "a dir");
  dir.write("b.html", "b page");
  dir.write("c", "c file");
  // A path longer than the resolver's stack buffer (256 bytes) takes the heap.
  const std::string deep = std::string(120, 'x') + "/" + std::string(120, 'y') + "/" + std::string(40, 'z');
  dir.write(deep + "/index.html", "deep dir");
  dir.write(deep + ".html", "deep page");
  const auto site = detail::StaticSite::load(dir.path());
  const auto body = [&](std::string_view path) -> std::string {
    const detail::StaticFile* f = site->resolve(path);
    return f != nullptr ? *f->identity.body : "(none)";
  };
  EXPECT_EQ(body("/"), "home");
  EXPECT_EQ(body("/a/"), "a dir");
  EXPECT_EQ(body("/a"), "a dir");
  EXPECT_EQ(body("/b"), "b page");
  EXPECT_EQ(body("/c"), "c file");
  EXPECT_EQ(body("/" + deep), "deep dir");
  EXPECT_EQ(body("/" + deep + "/"), "deep dir");
  EXPECT_EQ(body("/" + deep.substr(0, 241)), "(none)");
  EXPECT_EQ(body("/" + std::string(300, 'q')), "(none)");
  EXPECT_EQ(body("/_server-islands/PriceTable"), "(none)");
  EXPECT_EQ(body("no-slash"), "(none)");
  EXPECT_EQ(body(""), "(none)");
}

TEST(StaticStart, MissingDistThrows) {
  Options o = test_options("/nonexistent/isl-dist");
  Server server(o, nullptr);
  EXPECT_THROW(server.start(), std::runtime_error);
}

}  // namespace
}  // namespace isl::server::test
