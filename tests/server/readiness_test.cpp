// GET /_isl/ready: starting → ready → draining (SIGTERM), and the drain delay before the
// listener closes. Over real sockets.
#include <gtest/gtest.h>

#include <csignal>
#include <future>

#include "test_support.hpp"

namespace isl::server::test {
namespace {

using Clock = std::chrono::steady_clock;

TEST(Readiness, ReadyFromTheStartByDefault) {
  Server server(test_options(), nullptr);
  server.start();
  auto r = fetch(server.port(), "/_isl/ready");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "ready\n");
  EXPECT_EQ(r->header("Cache-Control"), "no-store");
}

TEST(Readiness, NotReadyUntilMarkedThenReady) {
  Options o = test_options();
  o.ready_on_start = false;
  Server server(o, nullptr);
  server.start();
  auto before = fetch(server.port(), "/_isl/ready");
  ASSERT_TRUE(before);
  EXPECT_EQ(before->status, 503);
  EXPECT_EQ(before->body, "starting\n");
  EXPECT_EQ(before->header("Retry-After"), "1");
  EXPECT_EQ(before->header("Cache-Control"), "no-store");
  // Alive all the same: health says the process answers, readiness whether it wants traffic.
  EXPECT_EQ(fetch(server.port(), "/_isl/health")->status, 200);
  server.mark_ready();
  EXPECT_EQ(fetch(server.port(), "/_isl/ready")->status, 200);
  EXPECT_EQ(fetch(server.port(), "/_isl/ready", "", "HEAD")->status, 200);
  EXPECT_EQ(fetch(server.port(), "/_isl/ready", "Content-Length: 0\r\n", "POST")->status, 405);
}

TEST(Readiness, SigtermTurnsNotReadyFirstAndClosesTheListenerAfterTheDrainDelay) {
  Options o = test_options();
  o.drain_delay = 800ms;
  Server server(o, nullptr);
  auto result = std::async(std::launch::async, [&] { return server.run_until_signal(); });
  for (int i = 0; i < 100 && server.port() == 0; ++i) std::this_thread::sleep_for(10ms);
  const std::uint16_t port = server.port();
  ASSERT_NE(port, 0);
  ASSERT_EQ(fetch(port, "/_isl/ready")->status, 200);
  // A keep-alive connection opened before the signal.
  Client kept(port);
  ASSERT_TRUE(kept.connected());

  const auto signalled = Clock::now();
  std::raise(SIGTERM);
  std::this_thread::sleep_for(100ms);
  // Draining: not ready, but still serving new connections and old ones.
  auto ready = fetch(port, "/_isl/ready");
  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->status, 503);
  EXPECT_EQ(ready->body, "draining\n");
  EXPECT_EQ(fetch(port, "/_isl/health")->status, 200);
  ASSERT_TRUE(kept.send(get_request("/_isl/health", "", "GET", false)));
  auto on_kept = kept.read_response();
  ASSERT_TRUE(on_kept);
  EXPECT_EQ(on_kept->status, 200);
  // ...with `Connection: close`, so that a pooled connection ends after a whole answer,
  // never by the close at the stop while the client may be sending on it.
  EXPECT_EQ(on_kept->header("Connection"), "close");
  EXPECT_FALSE(kept.send(get_request("/_isl/health", "", "GET", false)) && kept.read_response());
  // A new server.mark_ready() (a readiness check finishing late) does not undo draining.
  server.mark_ready();
  EXPECT_EQ(fetch(port, "/_isl/ready")->status, 503);

  ASSERT_EQ(result.wait_for(5s), std::future_status::ready);
  EXPECT_EQ(result.get(), 0);
  EXPECT_GE(Clock::now() - signalled, 800ms);
  Client after(port);
  EXPECT_FALSE(after.connected());  // the listener is closed
}

}  // namespace
}  // namespace isl::server::test
