// Where access-log lines go: formatted on the request's thread (spdlog's pattern, the same
// line the default logger would write), appended to that thread's own buffer in memory and
// written to the file descriptor by a flusher thread every kFlushInterval, or sooner once a
// buffer holds kWakeBytes. nginx's `access_log ... buffer=` works the same way, a buffer per
// worker.
//
// Why a buffer per thread: with one buffer and its one mutex, the I/O threads took turns at
// it on every request; at tens of thousands of requests a second they collided often enough
// that the futex and the kernel's spinlock under it cost more than formatting the line
// (docs/performance.md, "Fifth round"). A thread's own buffer has its own mutex, which only
// the flusher ever takes besides it.
//
// Order: one thread's lines are in the order it wrote them; lines of different threads are
// in the order of their batches, so within one flush interval they may interleave out of
// time order (each line carries its time).
//
// Memory is bounded: a thread whose buffer reaches kMaxBytes writes it itself (the log slows
// the server down rather than drop lines). flush() and the destructor write everything, so
// Server::stop (and so SIGTERM) loses no line.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

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
  // Writes every line appended so far (by any thread) before returning.
  void flush();

 private:
  // One writing thread's lines not yet written.
  struct ThreadBuffer {
    std::mutex mutex;
    std::string lines;
    std::thread::id owner;
  };

  ThreadBuffer& buffer_of_this_thread();
  void append(std::string_view line);
  void flusher_loop();
  // Takes every buffer's lines and writes them; the caller holds write_mutex_.
  void write_all_locked(std::string& batch);
  void write_out(const std::string& bytes);

  const int fd_;
  const std::uint64_t id_;  // tells a thread's cached buffer of this writer from one of another
  std::mutex write_mutex_;  // held from taking a batch to having written it: batches stay in order
  std::mutex buffers_mutex_;
  std::vector<std::unique_ptr<ThreadBuffer>> buffers_;  // one per thread that wrote; never shrinks
  std::mutex wake_mutex_;   // wake_requested_, stop_
  std::condition_variable wake_;
  bool wake_requested_ = false;
  bool stop_ = false;
  std::thread flusher_;
};

}  // namespace isl::server::detail
