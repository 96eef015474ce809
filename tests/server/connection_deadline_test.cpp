// A connection's one timer: an operation pending past its deadline, or started after it,
// fails as a timeout; a deadline moved later, or earlier, is the one that holds. Real
// sockets on 127.0.0.1, a real io_context.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
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

// A connected pair on 127.0.0.1: `server`, watched by `deadline` (started, its owner
// alive), and `client`; one read at a time on the server side.
class ConnectionDeadlineTest : public ::testing::Test {
 protected:
  struct ReadResult {
    boost::system::error_code ec;  // as the deadline classifies it
    Clock::duration after{};
  };

  ConnectionDeadlineTest() {
    tcp::acceptor acceptor(ioc, tcp::endpoint(asio::ip::address_v4::loopback(), 0));
    client.connect(acceptor.local_endpoint());
    acceptor.accept(server);
    deadline.start(owner);
  }

  void start_read() {
    read.reset();
    const auto began = Clock::now();
    server.async_read_some(asio::buffer(buf), [this, began](const boost::system::error_code& ec, std::size_t) {
      read = ReadResult{deadline.classify(ec), Clock::now() - began};
    });
  }

  // Runs the io_context until the read has ended, for at most `most` (the deadline's timer
  // always has a wait pending, so run() itself would not return).
  void run_until_read(Clock::duration most) {
    const auto until = Clock::now() + most;
    ioc.restart();
    while (!read && Clock::now() < until) ioc.run_one_until(until);
  }

  void run_for(Clock::duration d) {
    ioc.restart();
    ioc.run_for(d);
  }

  void client_sends() { asio::write(client, asio::buffer("x", 1)); }

  asio::io_context ioc;
  tcp::socket server{ioc};
  tcp::socket client{ioc};
  std::shared_ptr<int> owner = std::make_shared<int>(0);
  ConnectionDeadline deadline{server};
  std::array<char, 16> buf{};
  std::optional<ReadResult> read;
};

TEST_F(ConnectionDeadlineTest, AReadPendingPastTheDeadlineIsATimeout) {
  deadline.expires_after(150ms);
  start_read();
  run_until_read(3s);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->ec, boost::beast::error::timeout);
  EXPECT_TRUE(deadline.expired());
  EXPECT_GE(read->after, 140ms);
  EXPECT_LT(read->after, 1500ms);
}

TEST_F(ConnectionDeadlineTest, ADeadlinePassedBetweenOperationsFailsTheNextOne) {
  // As when a read completed just before the deadline and its handler then starts the next.
  deadline.expires_after(50ms);
  run_for(300ms);
  EXPECT_TRUE(deadline.expired());
  client_sends();
  start_read();
  run_until_read(500ms);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->ec, boost::beast::error::timeout);
}

TEST_F(ConnectionDeadlineTest, NoDeadlineLetsAnOperationWait) {
  deadline.expires_after(50ms);
  deadline.none();
  start_read();
  run_for(400ms);
  EXPECT_FALSE(read) << "a read without a deadline ended";
  client_sends();
  run_until_read(500ms);
  ASSERT_TRUE(read);
  EXPECT_FALSE(read->ec);
}

TEST_F(ConnectionDeadlineTest, ADeadlineMovedLaterHolds) {
  deadline.expires_after(100ms);  // the timer waits for this one...
  deadline.expires_after(600ms);  // ...then finds the deadline later and waits again
  start_read();
  run_until_read(3s);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->ec, boost::beast::error::timeout);
  EXPECT_GE(read->after, 550ms);
}

TEST_F(ConnectionDeadlineTest, ADeadlineMovedEarlierHolds) {
  deadline.expires_after(5s);
  deadline.expires_after(100ms);
  start_read();
  run_until_read(3s);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->ec, boost::beast::error::timeout);
  EXPECT_LT(read->after, 1500ms);
}

TEST_F(ConnectionDeadlineTest, AReadThatEndsInTimeIsNotATimeoutAndACancelIsNot) {
  deadline.expires_after(2s);
  start_read();
  client_sends();
  run_until_read(500ms);
  ASSERT_TRUE(read);
  EXPECT_FALSE(read->ec);
  EXPECT_FALSE(deadline.expired());
  // A cancel from elsewhere (shutdown) stays operation_aborted.
  start_read();
  server.cancel();
  run_until_read(500ms);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->ec, asio::error::operation_aborted);
}

TEST_F(ConnectionDeadlineTest, GoneOwnerStopsTheTimerFromActing) {
  deadline.expires_after(50ms);
  owner.reset();  // the connection ended: its timer must not close anything now
  server.async_read_some(asio::buffer(buf), [this](const boost::system::error_code& ec, std::size_t) {
    read = ReadResult{ec, {}};
  });
  run_for(300ms);
  EXPECT_FALSE(read) << "the read was ended by a deadline whose owner had gone";
  client_sends();
  run_until_read(500ms);
  ASSERT_TRUE(read);
  EXPECT_FALSE(read->ec);
}

}  // namespace
}  // namespace isl::server::detail
