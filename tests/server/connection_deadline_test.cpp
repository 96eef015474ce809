// A connection's one timer: an operation pending past its deadline is cancelled and reads
// as a timeout; a deadline moved later, or earlier, is the one that holds. Real sockets on
// 127.0.0.1, a real io_context.
#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/error.hpp>

#include <array>
#include <chrono>
#include <memory>
#include <optional>

#include "server/connection_deadline.hpp"

namespace isl::server::detail {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// A connected pair: `server` (watched by a deadline) and `client`.
struct Pair {
  asio::io_context ioc;
  tcp::socket server{ioc};
  tcp::socket client{ioc};
  Pair() {
    tcp::acceptor acceptor(ioc, tcp::endpoint(asio::ip::address_v4::loopback(), 0));
    client.connect(acceptor.local_endpoint());
    acceptor.accept(server);
  }
};

struct ReadResult {
  boost::system::error_code ec;
  Clock::duration after{};
};

// Runs the io_context until the read has ended, for at most `most` (the deadline's timer
// always has a wait pending, so run() itself would not return).
void run_until_read(asio::io_context& ioc, const std::optional<ReadResult>& read, Clock::duration most) {
  const auto until = Clock::now() + most;
  ioc.restart();
  while (!read && Clock::now() < until) ioc.run_one_until(until);
}

// Starts one read on the server side; `deadline` classifies its error.
void start_read(Pair& p, ConnectionDeadline& deadline, std::array<char, 16>& into, std::optional<ReadResult>& out) {
  const auto began = Clock::now();
  p.server.async_read_some(asio::buffer(into), [&, began](const boost::system::error_code& ec, std::size_t) {
    out = ReadResult{deadline.classify(ec), Clock::now() - began};
  });
}

TEST(ConnectionDeadline, AReadPendingPastTheDeadlineIsATimeout) {
  Pair p;
  auto owner = std::make_shared<int>(0);
  ConnectionDeadline deadline(p.server);
  deadline.start(owner);
  deadline.expires_after(150ms);
  std::array<char, 16> buf{};
  std::optional<ReadResult> read;
  start_read(p, deadline, buf, read);
  run_until_read(p.ioc, read, 3s);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->ec, boost::beast::error::timeout);
  EXPECT_TRUE(deadline.expired());
  EXPECT_GE(read->after, 140ms);
  EXPECT_LT(read->after, 1500ms);
}

TEST(ConnectionDeadline, ADeadlinePassedBetweenOperationsFailsTheNextOne) {
  // As when a read completed just before the deadline and its handler then starts the next.
  Pair p;
  auto owner = std::make_shared<int>(0);
  ConnectionDeadline deadline(p.server);
  deadline.start(owner);
  deadline.expires_after(50ms);
  p.ioc.run_for(300ms);
  EXPECT_TRUE(deadline.expired());
  std::array<char, 16> buf{};
  std::optional<ReadResult> read;
  asio::write(p.client, asio::buffer("x", 1));
  start_read(p, deadline, buf, read);
  run_until_read(p.ioc, read, 500ms);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->ec, boost::beast::error::timeout);
}

TEST(ConnectionDeadline, NoDeadlineLetsAnOperationWait) {
  Pair p;
  auto owner = std::make_shared<int>(0);
  ConnectionDeadline deadline(p.server);
  deadline.start(owner);
  deadline.expires_after(50ms);
  deadline.none();
  std::array<char, 16> buf{};
  std::optional<ReadResult> read;
  start_read(p, deadline, buf, read);
  p.ioc.run_for(400ms);
  EXPECT_FALSE(read) << "a read without a deadline ended";
  asio::write(p.client, asio::buffer("x", 1));
  run_until_read(p.ioc, read, 500ms);
  ASSERT_TRUE(read);
  EXPECT_FALSE(read->ec);
}

TEST(ConnectionDeadline, ADeadlineMovedLaterHolds) {
  Pair p;
  auto owner = std::make_shared<int>(0);
  ConnectionDeadline deadline(p.server);
  deadline.start(owner);
  deadline.expires_after(100ms);  // the timer waits for this one...
  deadline.expires_after(600ms);  // ...then finds the deadline later and waits again
  std::array<char, 16> buf{};
  std::optional<ReadResult> read;
  start_read(p, deadline, buf, read);
  run_until_read(p.ioc, read, 3s);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->ec, boost::beast::error::timeout);
  EXPECT_GE(read->after, 550ms);
}

TEST(ConnectionDeadline, ADeadlineMovedEarlierHolds) {
  Pair p;
  auto owner = std::make_shared<int>(0);
  ConnectionDeadline deadline(p.server);
  deadline.start(owner);
  deadline.expires_after(5s);
  deadline.expires_after(100ms);
  std::array<char, 16> buf{};
  std::optional<ReadResult> read;
  start_read(p, deadline, buf, read);
  run_until_read(p.ioc, read, 3s);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->ec, boost::beast::error::timeout);
  EXPECT_LT(read->after, 1500ms);
}

TEST(ConnectionDeadline, AReadThatEndsInTimeIsNotATimeoutAndACancelIsNot) {
  Pair p;
  auto owner = std::make_shared<int>(0);
  ConnectionDeadline deadline(p.server);
  deadline.start(owner);
  deadline.expires_after(2s);
  std::array<char, 16> buf{};
  std::optional<ReadResult> read;
  start_read(p, deadline, buf, read);
  asio::write(p.client, asio::buffer("x", 1));
  run_until_read(p.ioc, read, 500ms);
  ASSERT_TRUE(read);
  EXPECT_FALSE(read->ec);
  EXPECT_FALSE(deadline.expired());
  // A cancel from elsewhere (shutdown) stays operation_aborted.
  read.reset();
  start_read(p, deadline, buf, read);
  p.server.cancel();
  run_until_read(p.ioc, read, 500ms);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->ec, asio::error::operation_aborted);
}

TEST(ConnectionDeadline, GoneOwnerStopsTheTimerFromActing) {
  Pair p;
  std::optional<ReadResult> read;
  std::array<char, 16> buf{};
  {
    auto owner = std::make_shared<int>(0);
    auto deadline = std::make_unique<ConnectionDeadline>(p.server);
    deadline->start(owner);
    deadline->expires_after(50ms);
    owner.reset();  // the connection ended: its timer must not cancel anything now
    p.server.async_read_some(asio::buffer(buf), [&](const boost::system::error_code& ec, std::size_t) {
      read = ReadResult{ec, {}};
    });
    p.ioc.run_for(300ms);
    EXPECT_FALSE(read) << "the read was cancelled by a deadline whose owner had gone";
  }
  asio::write(p.client, asio::buffer("x", 1));
  run_until_read(p.ioc, read, 500ms);
  ASSERT_TRUE(read);
  EXPECT_FALSE(read->ec);
}

}  // namespace
}  // namespace isl::server::detail
