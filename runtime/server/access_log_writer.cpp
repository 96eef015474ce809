#include "server/access_log_writer.hpp"

#include <spdlog/details/log_msg.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>

namespace isl::server::detail {

namespace {

// Per thread: spdlog's formatter caches the current second, so it is not shared.
struct LineFormatter {
  spdlog::pattern_formatter formatter;  // the default logger's pattern
  std::string message;
  spdlog::memory_buf_t line;
};

std::uint64_t next_writer_id() {
  static std::atomic<std::uint64_t> last{0};
  return ++last;
}

}  // namespace

AccessLogWriter::AccessLogWriter(int fd) : fd_(fd), id_(next_writer_id()), flusher_([this] { flusher_loop(); }) {}

AccessLogWriter::~AccessLogWriter() {
  {
    std::lock_guard lock(wake_mutex_);
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

AccessLogWriter::ThreadBuffer& AccessLogWriter::buffer_of_this_thread() {
  // The server has one writer; a thread remembers its buffer of the last writer it used.
  struct Cached {
    std::uint64_t writer = 0;
    ThreadBuffer* buffer = nullptr;
  };
  thread_local Cached cached;
  if (cached.writer == id_) return *cached.buffer;
  const auto me = std::this_thread::get_id();
  std::lock_guard lock(buffers_mutex_);
  ThreadBuffer* found = nullptr;
  for (const auto& b : buffers_) {
    if (b->owner == me) found = b.get();
  }
  if (found == nullptr) {
    buffers_.push_back(std::make_unique<ThreadBuffer>());
    found = buffers_.back().get();
    found->owner = me;
  }
  cached = {id_, found};
  return *found;
}

void AccessLogWriter::append(std::string_view line) {
  ThreadBuffer& buffer = buffer_of_this_thread();
  bool wake = false;
  bool full = false;
  {
    std::lock_guard lock(buffer.mutex);
    const std::size_t before = buffer.lines.size();
    buffer.lines.append(line);
    wake = before < kWakeBytes && buffer.lines.size() >= kWakeBytes;
    full = buffer.lines.size() >= kMaxBytes;
  }
  if (full) {
    flush();  // the flusher fell behind (a slow pipe): wait for it rather than grow or drop
  } else if (wake) {
    {
      std::lock_guard lock(wake_mutex_);
      wake_requested_ = true;
    }
    wake_.notify_one();
  }
}

void AccessLogWriter::flush() {
  std::lock_guard write_lock(write_mutex_);
  std::string batch;
  write_all_locked(batch);
}

void AccessLogWriter::write_all_locked(std::string& batch) {
  std::lock_guard lock(buffers_mutex_);
  for (const auto& buffer : buffers_) {
    {
      std::lock_guard taking(buffer->mutex);
      if (buffer->lines.empty()) continue;
      batch.swap(buffer->lines);  // the thread gets the batch's old storage to fill next
    }
    write_out(batch);
    batch.clear();
  }
}

void AccessLogWriter::flusher_loop() {
  std::string batch;
  std::unique_lock lock(wake_mutex_);
  while (!stop_) {
    wake_.wait_for(lock, kFlushInterval, [this] { return stop_ || wake_requested_; });
    wake_requested_ = false;
    lock.unlock();
    {
      std::lock_guard write_lock(write_mutex_);
      write_all_locked(batch);
    }
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
