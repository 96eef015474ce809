// Start/stop, graceful shutdown, connection limits, the access log, TLS.
#include <gtest/gtest.h>

#include <csignal>
#include <cstdio>
#include <future>

#include "test_support.hpp"

namespace isl::server::test {
namespace {

using Clock = std::chrono::steady_clock;

TEST(Lifecycle, StopLetsRequestInFlightFinish) {
  auto handler = std::make_shared<TestHandler>();
  Server server(test_options(), handler);
  server.start();
  Client c(server.port());
  ASSERT_TRUE(c.send(get_request("/_server-islands/Slow")));
  std::this_thread::sleep_for(100ms);
  const auto started = Clock::now();
  server.stop();
  const auto took = Clock::now() - started;
  EXPECT_GE(took, 300ms);   // waited for the render
  EXPECT_LT(took, 1900ms);  // and not for the grace period
  const auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "slow done");
  EXPECT_EQ(lower(r->header("Connection")), "close");
  // Nothing listens any more.
  Client after(server.port(), 500ms);
  if (after.connected()) {
    EXPECT_TRUE(after.wait_closed(500ms));
  }
}

TEST(Lifecycle, StopClosesIdleConnectionsAtOnce) {
  TempDir dir;
  dir.write("a.txt", "A");
  Options o = test_options(dir.path());
  o.idle_timeout = 10000ms;
  o.shutdown_grace = 5000ms;
  Server server(o, nullptr);
  server.start();
  Client idle(server.port());
  ASSERT_TRUE(idle.send(get_request("/a.txt")));
  ASSERT_TRUE(idle.read_response());
  Client fresh(server.port());  // connected, nothing sent yet
  std::this_thread::sleep_for(50ms);
  const auto started = Clock::now();
  server.stop();
  EXPECT_LT(Clock::now() - started, 1000ms);
  EXPECT_TRUE(idle.wait_closed(1000ms));
  EXPECT_TRUE(fresh.wait_closed(1000ms));
}

TEST(Lifecycle, GraceExpiryClosesStragglers) {
  auto handler = std::make_shared<TestHandler>();
  Options o = test_options();
  o.shutdown_grace = 100ms;
  Server server(o, handler);
  server.start();
  Client c(server.port());
  ASSERT_TRUE(c.send(get_request("/_server-islands/Slow")));
  std::this_thread::sleep_for(50ms);
  const auto started = Clock::now();
  server.stop();  // returns once the render it cannot interrupt is over
  EXPECT_LT(Clock::now() - started, 2500ms);
  c.wait_closed(1000ms);
}

// Clients keep connecting and sending while the server stops. Every connection the
// kernel completed before stop() was called (those still in the listener's queue
// included) gets its answer or a clean close (a client retries those), never a reset:
// closing the listener with connections queued, or a just-accepted connection with its
// request unread, resets them. (One whose handshake completes in the moment between the
// listener's last accept and its close is reset by the kernel; not counted.)
TEST(Lifecycle, StopNeverResetsAConnectionItTook) {
  TempDir dir;
  dir.write("a.txt", "A");
  for (int round = 0; round < 8; ++round) {
    Options o = test_options(dir.path());
    o.max_connections_per_address = 0;  // every client here is 127.0.0.1
    Server server(o, nullptr);
    server.start();
    const std::uint16_t port = server.port();
    std::atomic<bool> stopping{false};
    struct Connection {
      std::unique_ptr<Client> client;
      bool before_stop;
    };
    std::vector<Connection> connections;
    std::thread connecting([&] {
      while (connections.size() < 1500) {
        auto c = std::make_unique<Client>(port, 3000ms);
        if (!c->connected()) break;  // refused: the listener is closed
        const bool before_stop = !stopping.load();
        c->send(get_request("/a.txt", "", "GET", /*close=*/true));
        connections.push_back({std::move(c), before_stop});
      }
    });
    std::this_thread::sleep_for(20ms);
    stopping.store(true);
    server.stop();
    connecting.join();
    int answered = 0, closed = 0, reset = 0;
    for (auto& c : connections) {
      const auto end = c.client->wait_end(3000ms);
      if (c.client->pending().rfind("HTTP/1.1 200", 0) == 0) {
        ++answered;
      } else if (end == Client::Ending::reset) {
        reset += c.before_stop ? 1 : 0;
      } else {
        ++closed;
      }
    }
    EXPECT_EQ(reset, 0) << "round " << round << ": " << connections.size() << " connections, " << answered
                        << " answered, " << closed << " closed cleanly";
    EXPECT_GT(answered, 0);
  }
}

TEST(Lifecycle, StopIsIdempotentAndDestructorStops) {
  {
    Server server(test_options(), nullptr);
    server.start();
    EXPECT_NE(server.port(), 0);
    server.stop();
    server.stop();
    EXPECT_THROW(server.start(), std::logic_error);
  }
  {
    Server never_started(test_options(), nullptr);
  }
  {
    Server running(test_options(), nullptr);
    running.start();
  }  // destructor stops
}

TEST(Lifecycle, BindFailureThrows) {
  Server first(test_options(), nullptr);
  first.start();
  Options o = test_options();
  o.port = first.port();
  Server second(o, nullptr);
  EXPECT_THROW(second.start(), std::runtime_error);
}

TEST(Lifecycle, RunUntilSignalReturnsOnSigterm) {
  Server server(test_options(), nullptr);
  auto result = std::async(std::launch::async, [&] { return server.run_until_signal(); });
  // Wait until it listens, then signal the process (asio's handler takes it).
  for (int i = 0; i < 100 && server.port() == 0; ++i) std::this_thread::sleep_for(10ms);
  ASSERT_NE(server.port(), 0);
  ASSERT_EQ(fetch(server.port(), "/_isl/health")->body, "ok");
  std::raise(SIGTERM);
  ASSERT_EQ(result.wait_for(3s), std::future_status::ready);
  EXPECT_EQ(result.get(), 0);
}

TEST(Lifecycle, MaxConnectionsRefusesExtra) {
  TempDir dir;
  dir.write("a.txt", "A");
  Options o = test_options(dir.path());
  o.max_connections = 2;
  Server server(o, nullptr);
  server.start();
  auto a = std::make_unique<Client>(server.port());
  Client b(server.port());
  for (Client* c : {a.get(), &b}) {
    ASSERT_TRUE(c->send(get_request("/a.txt")));
    ASSERT_TRUE(c->read_response());
  }
  {
    Client extra(server.port());
    if (extra.connected()) {
      extra.send(get_request("/a.txt"));
      EXPECT_TRUE(extra.wait_closed(2000ms));
      if (!extra.pending().empty()) {
        EXPECT_EQ(extra.pending().rfind("HTTP/1.1 503", 0), 0u) << extra.pending();
      }
    }
  }
  a.reset();  // frees a slot
  bool served = false;
  for (int i = 0; i < 50 && !served; ++i) {
    std::this_thread::sleep_for(20ms);
    Client again(server.port());
    if (!again.send(get_request("/a.txt"))) continue;
    const auto r = again.read_response();
    served = r && r->status == 200;
  }
  EXPECT_TRUE(served);
  std::optional<Reply> m;
  for (int i = 0; i < 50; ++i) {  // slots free up as the server notices the closes
    m = fetch(server.port(), "/_isl/metrics");
    if (m && m->status == 200) break;
    std::this_thread::sleep_for(20ms);
  }
  ASSERT_TRUE(m);
  EXPECT_EQ(m->status, 200);
  EXPECT_EQ(m->body.find("isl_connections_refused_total 0"), std::string::npos) << m->body;
}

TEST(Lifecycle, AccessLogHasPathNotQuery) {
  TempDir dir;
  dir.write("a.txt", "A");
  Options o = test_options(dir.path());
  o.access_log = true;
  testing::internal::CaptureStdout();
  {
    Server server(o, nullptr);
    server.start();
    ASSERT_TRUE(fetch(server.port(), "/a.txt?token=SECRETTOKEN"));
    server.stop();
  }
  const std::string out = testing::internal::GetCapturedStdout();
  EXPECT_NE(out.find("127.0.0.1 \"GET /a.txt\" 200 1B"), std::string::npos) << out;
  EXPECT_EQ(out.find("SECRETTOKEN"), std::string::npos) << out;

  o.access_log = false;
  testing::internal::CaptureStdout();
  {
    Server server(o, nullptr);
    server.start();
    ASSERT_TRUE(fetch(server.port(), "/a.txt?quiet"));
    server.stop();
  }
  EXPECT_EQ(testing::internal::GetCapturedStdout().find("\"GET /a.txt\""), std::string::npos);
}

TEST(Tls, ServesOverHttpsWithSelfSignedCertificate) {
  TempDir dir;
  const auto cert = (dir.path() / "cert.pem").string();
  const auto key = (dir.path() / "key.pem").string();
  const std::string cmd = "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 "
                          "-subj /CN=localhost -keyout '" + key + "' -out '" + cert + "' >/dev/null 2>&1";
  if (std::system(cmd.c_str()) != 0) GTEST_SKIP() << "openssl command not available";
  dir.write("site/index.html", "<h1>secure</h1>");
  Options o = test_options(dir.path() / "site");
  o.tls_certificate = cert;
  o.tls_private_key = key;
  auto handler = std::make_shared<TestHandler>();
  Server server(o, handler);
  server.start();

  Client c(server.port());
  ASSERT_TRUE(c.start_tls());
  for (int i = 0; i < 3; ++i) {  // keep-alive over TLS
    ASSERT_TRUE(c.send(get_request("/")));
    const auto r = c.read_response();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->body, "<h1>secure</h1>");
  }
  ASSERT_TRUE(c.send(get_request("/_server-islands/Echo")));
  const auto island = c.read_response();
  ASSERT_TRUE(island);
  EXPECT_EQ(island->header("Cache-Control"), "private, no-store");

  // Plain HTTP on the TLS port is refused without harm.
  Client plain(server.port(), 1000ms);
  plain.send(get_request("/"));
  plain.wait_closed(1500ms);
  EXPECT_EQ(plain.pending().find("secure"), std::string::npos);

  // Shutdown with an idle TLS connection open.
  const auto started = Clock::now();
  server.stop();
  EXPECT_LT(Clock::now() - started, 1500ms);
}

TEST(Tls, BadCertificateFailsAtStart) {
  TempDir dir;
  dir.write("cert.pem", "not a certificate");
  dir.write("key.pem", "not a key");
  Options o = test_options();
  o.tls_certificate = (dir.path() / "cert.pem").string();
  o.tls_private_key = (dir.path() / "key.pem").string();
  Server server(o, nullptr);
  EXPECT_THROW(server.start(), std::runtime_error);
  Options half = test_options();
  half.tls_certificate = o.tls_certificate;
  Server half_server(half, nullptr);
  EXPECT_THROW(half_server.start(), std::runtime_error);
}

}  // namespace
}  // namespace isl::server::test
