// Message framing under attack (RFC 9112 §6, §7): every part of a chunked body is bounded,
// a request whose length is in doubt is refused and the connection closed, and nothing
// after such a request is ever served as a request of its own (smuggling).
#include <gtest/gtest.h>

#include "test_support.hpp"

namespace isl::server::test {
namespace {

using Clock = std::chrono::steady_clock;

// An island that counts how often a smuggled request reached it.
class SmuggleHandler : public TestHandler {
 public:
  std::atomic<int> smuggled{0};
  HttpReply render(const HttpRequest& request, const Match& match) override {
    if (request.path.find("Smuggled") != std::string::npos) ++smuggled;
    return TestHandler::render(request, match);
  }
};

Options framing_options() {
  Options o = test_options();
  o.max_header_bytes = 8192;
  o.read_timeout = 3000ms;  // longer than any wait below: an answer must not come from it
  return o;
}

constexpr std::size_t kFloodBytes = 4u << 20;  // far beyond every bound

// --- Finding 1: chunked framing is bounded -------------------------------------------

struct Endless {
  std::string name;
  std::string head;   // the request up to where the endless part starts
  std::string piece;  // repeated forever
  int status;         // the answer expected
};

TEST(Framing, EndlessPartsOfAChunkedBodyAreBoundedAndAnswered) {
  const std::string post = "POST /_server-islands/Echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
  const std::vector<Endless> cases{
      {"trailer field", post + "1\r\na\r\n0\r\nX-Trail: ", std::string(4096, 'v'), 431},
      {"many trailer fields", post + "1\r\na\r\n0\r\n", "X-T: " + std::string(90, 'v') + "\r\n", 431},
      {"chunk extension", post + "1;", "name=value;", 400},
      {"last-chunk extension", post + "1\r\na\r\n0;", "e=" + std::string(1000, 'q') + ";", 400},
      {"chunk-size line", post, std::string(4096, '0'), 400},
      {"many small extensions", post, "1;e=" + std::string(200, 'x') + "\r\na\r\n", 400},
  };
  auto handler = std::make_shared<TestHandler>();
  RunningServer server(framing_options(), handler);
  for (const auto& c : cases) {
    Client client(server.port(), 3000ms);
    const auto started = Clock::now();
    const std::size_t sent = client.stream_until_answer(c.head, c.piece, kFloodBytes);
    // Refused long before the input ends, and before the read timeout.
    EXPECT_LT(sent, kFloodBytes) << c.name;
    const auto r = client.read_response();
    ASSERT_TRUE(r) << c.name << ": no answer after " << sent << " bytes";
    EXPECT_EQ(r->status, c.status) << c.name;
    EXPECT_EQ(lower(r->header("Connection")), "close") << c.name;
    EXPECT_TRUE(client.wait_closed(3000ms)) << c.name;
    EXPECT_LT(Clock::now() - started, 2500ms) << c.name;
  }
  EXPECT_EQ(fetch(server.port(), "/_isl/health")->body, "ok");
}

TEST(Framing, TrailerFieldsNeverBecomeHeaders) {
  RunningServer server(framing_options(), std::make_shared<TestHandler>());
  Client c(server.port());
  ASSERT_TRUE(c.send("POST /_server-islands/Echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                     "5\r\nhello\r\n0\r\nX-Test: from-trailer\r\n\r\n"));
  const auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_NE(r->body.find("body=hello h=- "), std::string::npos) << r->body;
}

TEST(Framing, ChunkedBodyWithExtensionsAndTrailerWithinBoundsIsServed) {
  RunningServer server(framing_options(), std::make_shared<TestHandler>());
  Client c(server.port());
  ASSERT_TRUE(c.send("POST /_server-islands/Echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                     "3;name=value\r\nabc\r\n2;q=\"quoted\"\r\nde\r\n0\r\nX-Checksum: 1\r\n\r\n"));
  const auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_NE(r->body.find("body=abcde "), std::string::npos) << r->body;
  // And the connection stays usable.
  ASSERT_TRUE(c.send(get_request("/_isl/health")));
  const auto again = c.read_response();
  ASSERT_TRUE(again);
  EXPECT_EQ(again->body, "ok");
}

// --- Finding 2: a request whose length is in doubt is refused and closed -----------------

struct Doubtful {
  std::string name;
  std::string head;  // header fields after the request line, each ending in CRLF
  int status;
  std::string version = "HTTP/1.1";
};

TEST(Framing, RequestsWhoseLengthIsInDoubtAreRefusedAndNothingIsSmuggled) {
  const std::vector<Doubtful> cases{
      {"unknown coding only", "Transfer-Encoding: xchunked\r\n", 400},
      {"identity", "Transfer-Encoding: identity\r\n", 400},
      {"chunked not last", "Transfer-Encoding: chunked, identity\r\n", 400},
      {"chunked twice in a list", "Transfer-Encoding: chunked, chunked\r\n", 400},
      {"chunked twice in two fields", "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n", 400},
      {"empty coding", "Transfer-Encoding: \r\n", 400},
      {"unknown coding before chunked", "Transfer-Encoding: gzip, chunked\r\n", 501},
      {"unknown coding in a field before chunked", "Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n", 501},
      {"chunked then length", "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n", 400},
      {"length then chunked", "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n", 400},
      {"unknown coding and length", "Transfer-Encoding: xchunked\r\nContent-Length: 5\r\n", 400},
      {"length list", "Content-Length: 5, 5\r\n", 400},
      {"length twice", "Content-Length: 5\r\nContent-Length: 5\r\n", 400},
      {"two lengths", "Content-Length: 5\r\nContent-Length: 6\r\n", 400},
      {"length list of two", "Content-Length: 5,6\r\n", 400},
      {"plus sign", "Content-Length: +5\r\n", 400},
      {"minus sign", "Content-Length: -5\r\n", 400},
      {"hexadecimal", "Content-Length: 0x5\r\n", 400},
      {"empty length", "Content-Length: \r\n", 400},
      {"huge length", "Content-Length: 99999999999999999999999\r\n", 400},
      {"space before colon", "Transfer-Encoding : chunked\r\n", 400},
      {"HTTP/1.0 with chunked", "Transfer-Encoding: chunked\r\n", 400, "HTTP/1.0"},
      {"HTTP/1.0 with chunked and length", "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n", 400, "HTTP/1.0"},
  };
  auto handler = std::make_shared<SmuggleHandler>();
  RunningServer server(framing_options(), handler);
  // What each request carries: a chunked body that hides a whole second request.
  const std::string smuggled = "GET /_server-islands/Smuggled HTTP/1.1\r\nHost: x\r\n\r\n";
  const std::string body = "0\r\n\r\n" + smuggled;
  for (const auto& c : cases) {
    Client client(server.port(), 2000ms);
    ASSERT_TRUE(client.send("POST /_server-islands/Echo " + c.version + "\r\nHost: x\r\n" + c.head + "\r\n" + body))
        << c.name;
    const auto r = client.read_response();
    ASSERT_TRUE(r) << c.name;
    EXPECT_EQ(r->status, c.status) << c.name;
    // HTTP/1.0 closes by default: no header needed.
    if (c.version == "HTTP/1.1") {
      EXPECT_EQ(lower(r->header("Connection")), "close") << c.name;
    }
    EXPECT_TRUE(client.wait_closed(2500ms)) << c.name;
    EXPECT_EQ(client.pending().find("HTTP/1."), std::string::npos) << c.name << ": a second answer";
  }
  EXPECT_EQ(handler->smuggled.load(), 0);
  EXPECT_EQ(fetch(server.port(), "/_isl/health")->body, "ok");
}

TEST(Framing, WellFramedBodiesAreStillServed) {
  auto handler = std::make_shared<TestHandler>();
  RunningServer server(framing_options(), handler);
  for (const std::string head : {"Content-Length: 5\r\n\r\nhello", "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
                                 "Transfer-Encoding: Chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
                                 "Content-Length:    5   \r\n\r\nhello"}) {
    Client c(server.port());
    ASSERT_TRUE(c.send("POST /_server-islands/Echo HTTP/1.1\r\nHost: x\r\n" + head));
    const auto r = c.read_response();
    ASSERT_TRUE(r) << head;
    EXPECT_EQ(r->status, 200) << head;
    EXPECT_NE(r->body.find("body=hello "), std::string::npos) << head;
  }
  // HTTP/1.0 with a length: served, and closed as 1.0 does by default.
  Client c(server.port());
  ASSERT_TRUE(c.send("POST /_server-islands/Echo HTTP/1.0\r\nContent-Length: 2\r\n\r\nhi"));
  const auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
}

// --- Finding 6: the rest of the request head ------------------------------------------

TEST(Framing, HostIsRequiredOnceInHttp11) {
  RunningServer server(framing_options(), std::make_shared<TestHandler>());
  for (const std::string req : {"GET /_isl/health HTTP/1.1\r\n\r\n",
                                "GET /_isl/health HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
                                "GET /_isl/health HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n"}) {
    Client c(server.port());
    ASSERT_TRUE(c.send(req));
    const auto r = c.read_response();
    ASSERT_TRUE(r) << req;
    EXPECT_EQ(r->status, 400) << req;
    EXPECT_TRUE(c.wait_closed(2500ms)) << req;
  }
  // HTTP/1.0 needs none.
  Client c(server.port());
  ASSERT_TRUE(c.send("GET /_isl/health HTTP/1.0\r\n\r\n"));
  const auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
}

TEST(Framing, OneLongHeaderLineIs431) {
  Options o = framing_options();
  o.max_header_bytes = 16 * 1024;
  o.max_url_bytes = 8 * 1024;
  RunningServer server(o);
  // Longer than the URL limit but within the head's: an ordinary request (404 here).
  for (std::size_t size : {9000u, 12000u}) {
    Client c(server.port());
    ASSERT_TRUE(c.send("GET / HTTP/1.1\r\nHost: x\r\nX-Long: " + std::string(size, 'v') + "\r\n\r\n"));
    const auto r = c.read_response();
    ASSERT_TRUE(r) << size;
    EXPECT_EQ(r->status, 404) << size;
  }
  // Over the head's limit: the fields' fault (431), not the URL's (414), whether the line
  // ends or not.
  for (const std::string& tail : {std::string("\r\n\r\n"), std::string()}) {
    for (std::size_t size : {20000u, 70000u}) {
      Client c(server.port());
      ASSERT_TRUE(c.send("GET / HTTP/1.1\r\nHost: x\r\nX-Long: " + std::string(size, 'v') + tail));
      const auto r = c.read_response();
      ASSERT_TRUE(r) << size;
      EXPECT_EQ(r->status, 431) << size;
    }
  }
}

// The head's limit is on the whole head, however it is cut into fields and reads: Beast
// checks its header_limit against each read's bytes only, so fields it has parsed in one
// read did not count against the next one (a 20 KiB head of small fields was served).
TEST(Framing, ManySmallFieldsOverTheHeadLimitAre431) {
  Options o = framing_options();
  o.max_header_bytes = 16 * 1024;
  RunningServer server(o);
  const auto small_fields = [](int count) {
    std::string fields;
    for (int i = 0; i < count; ++i) fields += "X-" + std::to_string(i) + ": v\r\n";
    return fields;
  };
  const std::string fields = small_fields(2000);  // ~20 KiB
  for (const std::size_t piece : {std::size_t{0}, std::size_t{1000}}) {
    Client c(server.port());
    const std::string request = "GET / HTTP/1.1\r\nHost: x\r\n" + fields + "\r\n";
    if (piece == 0) {
      ASSERT_TRUE(c.send(request));
    } else {
      // In small writes, so that the server reads the head in many parts.
      for (std::size_t at = 0; at < request.size(); at += piece) {
        if (!c.send(std::string_view(request).substr(at, piece))) break;
        std::this_thread::sleep_for(1ms);
      }
    }
    const auto r = c.read_response();
    ASSERT_TRUE(r) << piece;
    EXPECT_EQ(r->status, 431) << piece;
    EXPECT_TRUE(c.wait_closed(3000ms)) << piece;
  }
  // Just within the limit: served.
  Client c(server.port());
  ASSERT_TRUE(c.send("GET / HTTP/1.1\r\nHost: x\r\n" + small_fields(1400) + "\r\n"));  // ~14 KiB
  const auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
}

TEST(Framing, BinaryWithoutLineEndIsAnsweredAtOnce) {
  RunningServer server(framing_options());
  std::mt19937 rng(7);
  std::string noise(4096, '\0');
  for (char& ch : noise) ch = static_cast<char>(rng() & 0xff);
  for (char& ch : noise) {
    if (ch == '\n' || ch == '\r') ch = 'x';
  }
  noise[0] = '\x01';
  for (const std::string& input :
       {noise, "GET /\x01" + noise, "GET / HTTP/1.1\r\nHost: x\r\nX: \x01" + noise,
        "GET / HTTP/1.1\r\nHost: x\r\n" + std::string(1000, 'a') + "\x7f", std::string(4096, 'A'),
        std::string("GET / XTTP/1.1"), std::string("GET / HTTP/x"), std::string("GET / HTTP/1.1 "),
        std::string("GET / HTTP/1.1\r\nHost: x\r\nX: y\rz")}) {
    Client c(server.port());
    const auto started = Clock::now();
    ASSERT_TRUE(c.send(input));
    const auto r = c.read_response();
    ASSERT_TRUE(r) << input.substr(0, 40);
    EXPECT_EQ(r->status, 400) << input.substr(0, 40);
    EXPECT_LT(Clock::now() - started, 1000ms) << input.substr(0, 40);
  }
}

TEST(Framing, LeadingEmptyLinesAndSplitRequestsAreFine) {
  RunningServer server(framing_options());
  Client c(server.port());
  // RFC 9112 §2.2: empty lines before a request line are ignored.
  ASSERT_TRUE(c.send("\r\nGET /_isl/health HTTP/1.1\r\nHost: x\r\n\r\n"));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  // A request that arrives byte by byte is read whole.
  for (char ch : get_request("/_isl/health")) {
    ASSERT_TRUE(c.send(std::string_view(&ch, 1)));
    std::this_thread::sleep_for(1ms);
  }
  r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "ok");
  // Two empty lines are still a client's; only empty lines are not HTTP: answered at once,
  // not held until the read timeout.
  ASSERT_TRUE(c.send("\r\n\r\nGET /_isl/health HTTP/1.1\r\nHost: x\r\n\r\n"));
  r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "ok");
  Client only_empty(server.port());
  const auto started = Clock::now();
  ASSERT_TRUE(only_empty.send("\r\n\r\n\r\n\r\n"));
  const auto refused = only_empty.read_response();
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 400);
  EXPECT_LT(Clock::now() - started, 1000ms);
}

}  // namespace
}  // namespace isl::server::test
