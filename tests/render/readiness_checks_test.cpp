// App::ready_when: the site's checks decide when GET /_isl/ready turns 200; a failing check
// is retried until it passes. A real server on 127.0.0.1.
#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>

#include "isl/app.hpp"
#include "server/test_support.hpp"
#include "site/readiness_checks.hpp"

namespace isl::site {
namespace {

using namespace std::chrono_literals;
using server::test::fetch;

int ready_status(std::uint16_t port) {
  auto r = fetch(port, "/_isl/ready");
  return r ? r->status : 0;
}

TEST(ReadinessChecks, ReadyOnlyOnceEveryCheckPassedRetryingFailures) {
  std::atomic<int> calls{0};
  std::atomic<bool> database_up{false};
  App app;
  app.ready_when([] {});
  app.ready_when([&] {
    ++calls;
    if (!database_up) throw std::runtime_error("cannot connect to the database");
  });
  server::Options o = server::test::test_options();
  o.ready_on_start = app.ready_checks().empty();
  server::Server server(o, nullptr);
  server.start();
  ReadinessChecks checks(app, server);

  std::this_thread::sleep_for(600ms);
  EXPECT_EQ(ready_status(server.port()), 503);
  EXPECT_GE(calls.load(), 2);  // retried, not given up

  database_up = true;
  int status = 0;
  for (int i = 0; i < 40 && (status = ready_status(server.port())) != 200; ++i) std::this_thread::sleep_for(50ms);
  EXPECT_EQ(status, 200);
  const int settled = calls.load();
  std::this_thread::sleep_for(400ms);
  EXPECT_EQ(calls.load(), settled);  // passed once: no more checking
}

TEST(ReadinessChecks, DestructorStopsAFailingCheckLoop) {
  App app;
  app.ready_when([] { throw std::runtime_error("never"); });
  server::Options o = server::test::test_options();
  o.ready_on_start = false;
  server::Server server(o, nullptr);
  server.start();
  const auto start = std::chrono::steady_clock::now();
  { ReadinessChecks checks(app, server); }
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
  EXPECT_EQ(ready_status(server.port()), 503);
}

}  // namespace
}  // namespace isl::site
