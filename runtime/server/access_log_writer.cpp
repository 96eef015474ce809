#include "server/access_log_writer.hpp"

#include <spdlog/details/log_msg.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cerrno>

namespace isl::server::detail {

namespace {

// Per thread: spdlog's formatter caches the current second, so it is not shared.
struct LineFormatter {
  spdlog::pattern_formatter formatter;  // the default logger's pattern
  std::string message;
  spdlog::memory_buf_t line;
};

}  // namespace

AccessLogWriter::AccessLogWriter(int fd) : fd_(fd), flusher_([this] { flusher_loop(); }) {}

AccessLogWriter::~AccessLogWriter() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_one();
  flusher_.join();
  flush();
}

void AccessLogWriter::write(const AccessRecord& record) {
  if (!spdlog::default_logger_raw()->should_log(spdlog::level::info)) return;
  // isl dev's pages poll this ten times a second: their answers would bury every other line.
  if (record.status == 200 && record.path == "/_isl/dev") return;
  thread_local LineFormatter f;
  f.message.clear();
  append_access_message(record, f.message);
  const spdlog::details::log_msg msg(spdlog::string_view_t{}, spdlog::level::info, f.message);
  f.line.clear();
  f.formatter.format(msg, f.line);
  append(std::string_view(f.line.data(), f.line.size()));
}

void AccessLogWriter::append(std::string_view line) {
  bool wake = false;
  bool full = false;
  {
    std::lock_guard lock(mutex_);
    const std::size_t before = pending_.size();
    pending_.append(line);
    wake = before < kWakeBytes && pending_.size() >= kWakeBytes;
    full = pending_.size() >= kMaxBytes;
  }
  if (full) {
    flush();  // the flusher fell behind (a slow pipe): wait for it rather than grow or drop
  } else if (wake) {
    wake_.notify_one();
  }
}

void AccessLogWriter::flush() {
  std::lock_guard write_lock(write_mutex_);
  std::string batch;
  {
    std::lock_guard lock(mutex_);
    batch.swap(pending_);
  }
  write_out(batch);
}

void AccessLogWriter::flusher_loop() {
  std::string batch;
  std::unique_lock lock(mutex_);
  while (!stop_) {
    wake_.wait_for(lock, kFlushInterval, [this] { return stop_ || pending_.size() >= kWakeBytes; });
    if (pending_.empty()) continue;
    lock.unlock();
    {
      std::lock_guard write_lock(write_mutex_);
      {
        std::lock_guard again(mutex_);
        batch.swap(pending_);
      }
      write_out(batch);
    }
    batch.clear();  // keeps its capacity: the next swap hands it to the request threads
    lock.lock();
  }
}

void AccessLogWriter::write_out(const std::string& bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd_, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // a closed or full log cannot stop the server; the lines are lost
    done += static_cast<std::size_t>(n);
  }
}

}  // namespace isl::server::detail
