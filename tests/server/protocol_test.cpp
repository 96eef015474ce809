// HTTP/1.1 handling: keep-alive, pipelining, limits, malformed input, timeouts.
#include <gtest/gtest.h>

#include "test_support.hpp"

namespace isl::server::test {
namespace {

using Clock = std::chrono::steady_clock;

struct SmallSite {
  TempDir dir;
  SmallSite() {
    dir.write("index.html", "<h1>home</h1>");
    dir.write("a.txt", "A");
    dir.write("b.txt", "B");
  }
};

TEST(Protocol, KeepAliveServesSeveralRequests) {
  SmallSite site;
  RunningServer server(test_options(site.dir.path()));
  Client c(server.port());
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(c.send(get_request(i % 2 ? "/a.txt" : "/b.txt")));
    const auto r = c.read_response();
    ASSERT_TRUE(r) << i;
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->body, i % 2 ? "A" : "B");
    EXPECT_NE(lower(r->header("Connection")), "close");
  }
  ASSERT_TRUE(c.send(get_request("/a.txt", "", "GET", true)));
  const auto last = c.read_response();
  ASSERT_TRUE(last);
  EXPECT_EQ(lower(last->header("Connection")), "close");
  EXPECT_TRUE(c.wait_closed(2000ms));
}

TEST(Protocol, PipelinedRequestsAnsweredInOrder) {
  SmallSite site;
  auto handler = std::make_shared<TestHandler>();
  RunningServer server(test_options(site.dir.path()), handler);
  Client c(server.port());
  // A slow island first: the static answer behind it must still come second.
  ASSERT_TRUE(c.send(get_request("/_server-islands/Slow") + get_request("/a.txt") + get_request("/b.txt")));
  const auto first = c.read_response();
  const auto second = c.read_response();
  const auto third = c.read_response();
  ASSERT_TRUE(first && second && third);
  EXPECT_EQ(first->body, "slow done");
  EXPECT_EQ(second->body, "A");
  EXPECT_EQ(third->body, "B");
}

TEST(Protocol, Http10ClosesByDefault) {
  SmallSite site;
  RunningServer server(test_options(site.dir.path()));
  Client c(server.port());
  ASSERT_TRUE(c.send("GET /a.txt HTTP/1.0\r\n\r\n"));
  const auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "A");
  EXPECT_TRUE(c.wait_closed(2000ms));
}

TEST(Protocol, BodyOverLimitIs413) {
  SmallSite site;
  Options o = test_options(site.dir.path());
  o.max_body_bytes = 1000;
  RunningServer server(o, std::make_shared<TestHandler>());
  {
    Client c(server.port());
    ASSERT_TRUE(c.send("POST /_server-islands/Echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n"));
    const auto r = c.read_response();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 413);
    EXPECT_TRUE(c.wait_closed(3000ms));
  }
  {
    // Chunked: the limit applies to the decoded total.
    Client c(server.port());
    std::string req = "POST /_server-islands/Echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (int i = 0; i < 3; ++i) req += "1f4\r\n" + std::string(500, 'z') + "\r\n";
    req += "0\r\n\r\n";
    ASSERT_TRUE(c.send(req));
    const auto r = c.read_response();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 413);
  }
  {
    // Within the limit: echoed back.
    Client c(server.port());
    ASSERT_TRUE(c.send("POST /_server-islands/Echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"));
    const auto r = c.read_response();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_NE(r->body.find("body=hello"), std::string::npos);
  }
}

TEST(Protocol, LongUrlIs414) {
  SmallSite site;
  Options o = test_options(site.dir.path());
  o.max_url_bytes = 1024;
  o.max_header_bytes = 4096;
  RunningServer server(o);
  Client c(server.port());
  ASSERT_TRUE(c.send(get_request("/" + std::string(2000, 'a'))));
  const auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 414);
  // Longer than the whole header limit: still the URL's fault.
  Client c2(server.port());
  ASSERT_TRUE(c2.send(get_request("/" + std::string(8000, 'a'))));
  const auto r2 = c2.read_response();
  ASSERT_TRUE(r2);
  EXPECT_EQ(r2->status, 414);
}

TEST(Protocol, HeaderOverflowIs431) {
  SmallSite site;
  Options o = test_options(site.dir.path());
  o.max_header_bytes = 2048;
  RunningServer server(o);
  Client c(server.port());
  std::string headers;
  for (int i = 0; i < 100; ++i) headers += "X-Filler-" + std::to_string(i) + ": " + std::string(40, 'v') + "\r\n";
  ASSERT_TRUE(c.send(get_request("/a.txt", headers)));
  const auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 431);
  EXPECT_TRUE(c.wait_closed(3000ms));
}

TEST(Protocol, GarbageRequestLineIs400AndClose) {
  SmallSite site;
  RunningServer server(test_options(site.dir.path()));
  for (std::string garbage : {std::string("HELLO\r\n\r\n"), std::string("GET\r\n\r\n"),
                              std::string("GET / HTTP/1.1 extra\r\n\r\n"), std::string("\x16\x03\x01\x02\x00\x01\r\n\r\n"),
                              std::string("GET / FTP/1.0\r\n\r\n"), std::string("G@T / HTTP/1.1\r\n\r\n")}) {
    Client c(server.port());
    ASSERT_TRUE(c.send(garbage));
    const auto r = c.read_response();
    ASSERT_TRUE(r) << garbage;
    EXPECT_EQ(r->status, 400) << garbage;
    EXPECT_TRUE(c.wait_closed(3000ms)) << garbage;
  }
}

TEST(Protocol, UnsupportedMethods) {
  SmallSite site;
  RunningServer server(test_options(site.dir.path()));
  Client c(server.port());
  ASSERT_TRUE(c.send(get_request("/a.txt", "", "DELETE")));
  const auto del = c.read_response();
  ASSERT_TRUE(del);
  EXPECT_EQ(del->status, 405);
  EXPECT_EQ(del->header("Allow"), "GET, HEAD, POST");
  // No body, so the connection stays usable.
  ASSERT_TRUE(c.send(get_request("/a.txt", "", "BREW")));
  const auto brew = c.read_response();
  ASSERT_TRUE(brew);
  EXPECT_EQ(brew->status, 501);
  ASSERT_TRUE(c.send(get_request("/a.txt")));
  EXPECT_EQ(c.read_response()->body, "A");
}

TEST(Protocol, ExpectContinue) {
  auto handler = std::make_shared<TestHandler>();
  RunningServer server(test_options(), handler);
  Client c(server.port());
  ASSERT_TRUE(c.send("POST /route HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n"));
  // The interim answer arrives before we send the body.
  ASSERT_TRUE(c.wait_closed(300ms) == false);
  EXPECT_NE(c.pending().find("HTTP/1.1 100 Continue"), std::string::npos);
  ASSERT_TRUE(c.send("abc"));
  const auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_NE(r->body.find("body=abc"), std::string::npos);
}

TEST(Protocol, HalfHeaderThenSilenceIsClosedAfterReadTimeout) {
  SmallSite site;
  Options o = test_options(site.dir.path());
  o.threads = 1;  // the stalled connection must not hold the only I/O thread
  o.read_timeout = 300ms;
  RunningServer server(o);
  Client slow(server.port());
  ASSERT_TRUE(slow.send("GET /a.txt HTTP/1.1\r\nHost: loc"));
  const auto started = Clock::now();

  const auto other = fetch(server.port(), "/b.txt");
  ASSERT_TRUE(other);
  EXPECT_EQ(other->body, "B");
  EXPECT_LT(Clock::now() - started, 250ms);

  EXPECT_TRUE(slow.wait_closed(3000ms));
  const auto took = Clock::now() - started;
  EXPECT_GE(took, 250ms);
  EXPECT_LT(took, 2000ms);
  EXPECT_TRUE(slow.pending().empty());
}

TEST(Protocol, SilentNewConnectionIsClosedAfterFirstByteTimeout) {
  Options o = test_options();
  o.first_byte_timeout = 300ms;
  RunningServer server(o);
  Client silent(server.port());
  const auto started = Clock::now();
  EXPECT_TRUE(silent.wait_closed(3000ms));
  EXPECT_GE(Clock::now() - started, 250ms);
}

TEST(Protocol, IdleKeepAliveClosedAfterIdleTimeout) {
  SmallSite site;
  Options o = test_options(site.dir.path());
  o.idle_timeout = 300ms;
  o.read_timeout = 5000ms;
  RunningServer server(o);
  Client c(server.port());
  ASSERT_TRUE(c.send(get_request("/a.txt")));
  ASSERT_TRUE(c.read_response());
  const auto started = Clock::now();
  EXPECT_TRUE(c.wait_closed(3000ms));
  const auto took = Clock::now() - started;
  EXPECT_GE(took, 250ms);
  EXPECT_LT(took, 2000ms);
}

TEST(Protocol, SlowBodyIsClosedAfterReadTimeout) {
  Options o = test_options();
  o.read_timeout = 300ms;
  RunningServer server(o, std::make_shared<TestHandler>());
  Client c(server.port());
  ASSERT_TRUE(c.send("POST /route HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly a part"));
  const auto started = Clock::now();
  EXPECT_TRUE(c.wait_closed(3000ms));
  EXPECT_GE(Clock::now() - started, 200ms);
}

TEST(Protocol, HostileInputNeverStopsTheServer) {
  SmallSite site;
  Options o = test_options(site.dir.path());
  o.read_timeout = 300ms;
  o.max_header_bytes = 4096;
  RunningServer server(o, std::make_shared<TestHandler>());
  const std::vector<std::string> inputs{
      "GET / HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
      "GET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
      "POST /route HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
      "POST /route HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
      "POST /route HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n",
      "GET / HTTP/1.1\r\nBad Header\r\n\r\n",
      "GET / HTTP/1.1\r\n: empty\r\n\r\n",
      "GET / HTTP/9.9\r\n\r\n",
      "GET /\xff\xfe HTTP/1.1\r\n\r\n",
      "GET / HTTP/1.1\n\n",
      "\r\n\r\n\r\n",
      std::string(10000, 'A'),
      "GET / HTTP/1.1\r\nX: " + std::string(10000, 'v') + "\r\n\r\n",
  };
  for (const auto& input : inputs) {
    Client c(server.port(), 2000ms);
    c.send(input);
    c.wait_closed(1500ms);  // an answer or a close, either is fine
  }
  std::mt19937 rng(12345);
  for (int i = 0; i < 20; ++i) {
    Client c(server.port(), 2000ms);
    std::string noise(static_cast<std::size_t>(rng() % 3000 + 1), '\0');
    for (char& ch : noise) ch = static_cast<char>(rng() & 0xff);
    if (i % 2 == 0) noise = "GET /" + noise;
    c.send(noise);
  }
  const auto health = fetch(server.port(), "/_isl/health");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  EXPECT_EQ(health->body, "ok");
}

}  // namespace
}  // namespace isl::server::test
