// Where access-log lines go: formatted on the request's thread (spdlog's pattern, the same
// line the default logger would write), appended to one buffer in memory and written to the
// file descriptor by a flusher thread every kFlushInterval or once kWakeBytes are waiting.
// A line per request written and flushed at once cost a quarter of the server's throughput
// (docs/performance.md). Memory is bounded: a request that finds kMaxBytes waiting writes
// them itself (the log slows the server down rather than drop lines). flush() and the
// destructor write everything, so Server::stop (and so SIGTERM) loses no line.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "server/access_log.hpp"

namespace isl::server::detail {

class AccessLogWriter {
 public:
  static constexpr std::chrono::milliseconds kFlushInterval{100};
  static constexpr std::size_t kWakeBytes = 64 * 1024;
  static constexpr std::size_t kMaxBytes = 1024 * 1024;

  explicit AccessLogWriter(int fd);
  ~AccessLogWriter();
  AccessLogWriter(const AccessLogWriter&) = delete;
  AccessLogWriter& operator=(const AccessLogWriter&) = delete;

  // At spdlog's info level: nothing when the default logger's level is above it.
  void write(const AccessRecord& record);
  // Writes every line appended so far before returning.
  void flush();

 private:
  void append(std::string_view line);
  void flusher_loop();
  void write_out(const std::string& bytes);

  const int fd_;
  std::mutex write_mutex_;  // held from taking a batch to having written it: batches stay in order
  std::mutex mutex_;        // pending_, stop_
  std::condition_variable wake_;
  std::string pending_;
  bool stop_ = false;
  std::thread flusher_;
};

}  // namespace isl::server::detail
