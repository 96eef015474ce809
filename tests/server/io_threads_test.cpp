// IoThreads: one io_context a thread, connections handed out in turn.
#include "server/io_threads.hpp"

#include <boost/asio/post.hpp>
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <set>
#include <thread>

namespace {

using isl::server::detail::IoThreads;
namespace asio = boost::asio;

// Which thread runs work posted to `context`, and whether IoThreads sees it as one of its own.
std::pair<std::thread::id, bool> runner_of(asio::io_context& context, const IoThreads& io) {
  std::promise<std::pair<std::thread::id, bool>> ran;
  asio::post(context, [&] { ran.set_value({std::this_thread::get_id(), io.running_in_this_thread()}); });
  auto future = ran.get_future();
  if (future.wait_for(std::chrono::seconds(5)) != std::future_status::ready) {
    ADD_FAILURE() << "posted work did not run within 5 s";
    return {};
  }
  return future.get();
}

TEST(IoThreads, EachContextIsRunByAThreadOfItsOwn) {
  IoThreads io(3);
  io.run();
  std::set<std::thread::id> runners;
  std::set<asio::io_context*> contexts;
  for (int i = 0; i < 3; ++i) {
    asio::io_context& context = io.next();
    contexts.insert(&context);
    for (int again = 0; again < 4; ++again) {
      const auto [id, own] = runner_of(context, io);
      EXPECT_TRUE(own);
      EXPECT_NE(id, std::this_thread::get_id());
      runners.insert(id);
    }
  }
  // Three new connections go to three contexts, and each context keeps its one thread.
  EXPECT_EQ(contexts.size(), 3u);
  EXPECT_EQ(runners.size(), 3u);
  EXPECT_FALSE(io.running_in_this_thread());
}

TEST(IoThreads, ConnectionsAreHandedOutInTurn) {
  IoThreads io(2);
  asio::io_context* a = &io.next();
  asio::io_context* b = &io.next();
  EXPECT_NE(a, b);
  EXPECT_EQ(&io.next(), a);
  EXPECT_EQ(&io.next(), b);
  EXPECT_EQ(&io.first(), a);
}

TEST(IoThreads, ZeroThreadsMeansOne) {
  IoThreads io(0);
  EXPECT_EQ(io.size(), 1u);
}

TEST(IoThreads, AThrowingHandlerIsLoggedAndItsThreadGoesOn) {
  IoThreads io(1);
  io.run();
  asio::post(io.first(), [] { throw std::runtime_error("a handler's failure"); });
  const auto [id, own] = runner_of(io.first(), io);
  EXPECT_TRUE(own);
}

TEST(IoThreads, StopJoinsAndCanBeCalledTwice) {
  IoThreads io(2);
  io.run();
  io.stop();
  io.stop();
  std::promise<void> ran;
  asio::post(io.first(), [&] { ran.set_value(); });
  EXPECT_EQ(ran.get_future().wait_for(std::chrono::milliseconds(200)), std::future_status::timeout);
}

}  // namespace
