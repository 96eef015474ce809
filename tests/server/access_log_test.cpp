// The access log is buffered and written off the request path (server/access_log_writer.hpp):
// every answered request still has its line, after load, at Server::stop and at SIGTERM.
#include "server/access_log_writer.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <future>
#include <sstream>
#include <thread>
#include <vector>

#include "test_support.hpp"

namespace isl::server::test {
namespace {

std::size_t count_of(const std::string& text, std::string_view needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + needle.size())) ++n;
  return n;
}

// `per_connection` keep-alive requests on each of `connections` connections at once.
void load(std::uint16_t port, int connections, int per_connection) {
  std::vector<std::thread> clients;
  for (int c = 0; c < connections; ++c) {
    clients.emplace_back([port, per_connection] {
      Client client(port);
      for (int i = 0; i < per_connection; ++i) {
        ASSERT_TRUE(client.send(get_request("/a.txt")));
        const auto r = client.read_response();
        ASSERT_TRUE(r);
        ASSERT_EQ(r->status, 200);
      }
    });
  }
  for (auto& t : clients) t.join();
}

// A server of one file, /a.txt, with its access log on.
Options logged_options(TempDir& dir) {
  dir.write("a.txt", "A");
  Options o = test_options(dir.path());
  o.access_log = true;
  return o;
}

TEST(AccessLog, EveryLineWrittenOnceOverManyBuffersFromManyThreads) {
  // More than kMaxBytes in all, so that request threads also write when the buffer is full.
  TempDir dir;
  const auto path = dir.path() / "access.log";
  std::FILE* file = std::fopen(path.c_str(), "w");
  ASSERT_NE(file, nullptr);
  constexpr int kThreads = 4;
  constexpr int kLines = 6000;  // per thread; ~70 bytes a line: ~1.7 MB
  {
    detail::AccessLogWriter writer(fileno(file));
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&writer, t] {
        const std::string path = "/t" + std::to_string(t);
        for (int i = 0; i < kLines; ++i) {
          writer.write(detail::AccessRecord{"127.0.0.1", "GET", path, 200, 1, {}, {}});
        }
      });
    }
    for (auto& t : threads) t.join();
  }
  std::fclose(file);
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  const std::string log = text.str();
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_EQ(count_of(log, "\"GET /t" + std::to_string(t) + "\" 200 1B"), static_cast<std::size_t>(kLines));
  }
  // Whole lines only: each starts with spdlog's time and level.
  EXPECT_EQ(count_of(log, "\n"), static_cast<std::size_t>(kThreads * kLines));
  EXPECT_EQ(count_of(log, "] [info] 127.0.0.1 \"GET /t"), static_cast<std::size_t>(kThreads * kLines));
}

TEST(AccessLog, AThreadsFewLinesAreWrittenWithinAFlushIntervalWithoutAFlush) {
  // Each thread fills a buffer of its own: the flusher must take the lines of threads that
  // wrote a little and stopped, not only of one whose buffer filled up.
  TempDir dir;
  const auto path = dir.path() / "access.log";
  std::FILE* file = std::fopen(path.c_str(), "w");
  ASSERT_NE(file, nullptr);
  auto read_log = [&path] {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  };
  {
    detail::AccessLogWriter writer(fileno(file));
    for (int t = 0; t < 3; ++t) {
      std::thread([&writer, t] {
        writer.write(detail::AccessRecord{"127.0.0.1", "GET", "/few" + std::to_string(t), 200, 1, {}, {}});
      }).join();
    }
    // Far more than one interval: a loaded machine may run the flusher late.
    const auto until = std::chrono::steady_clock::now() + 50 * detail::AccessLogWriter::kFlushInterval;
    std::string log;
    while (std::chrono::steady_clock::now() < until && count_of(log = read_log(), "\"GET /few") < 3) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    for (int t = 0; t < 3; ++t) EXPECT_EQ(count_of(log, "\"GET /few" + std::to_string(t) + "\" 200 1B"), 1u) << log;
  }
  std::fclose(file);
}

TEST(AccessLog, EveryRequestUnderLoadIsLoggedByStop) {
  TempDir dir;
  const Options o = logged_options(dir);
  testing::internal::CaptureStdout();
  Server server(o, nullptr);
  server.start();
  load(server.port(), 4, 300);
  server.stop();
  // Read before the server is destroyed: stop() itself has written every line.
  const std::string out = testing::internal::GetCapturedStdout();
  EXPECT_EQ(count_of(out, "127.0.0.1 \"GET /a.txt\" 200 1B"), 1200u);
}

TEST(AccessLog, EveryRequestIsLoggedAtSigterm) {
  TempDir dir;
  const Options o = logged_options(dir);
  testing::internal::CaptureStdout();
  Server server(o, nullptr);
  auto result = std::async(std::launch::async, [&] { return server.run_until_signal(); });
  for (int i = 0; i < 100 && server.port() == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  ASSERT_NE(server.port(), 0);
  load(server.port(), 3, 300);
  std::raise(SIGTERM);
  ASSERT_EQ(result.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  EXPECT_EQ(result.get(), 0);
  const std::string out = testing::internal::GetCapturedStdout();
  EXPECT_EQ(count_of(out, "127.0.0.1 \"GET /a.txt\" 200 1B"), 900u);
}

}  // namespace
}  // namespace isl::server::test
