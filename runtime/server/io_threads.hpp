// The server's I/O threads: one io_context each, run by that thread alone.
//
// A connection is given one context when it is accepted and lives there until it closes.
// Everything it does (its coroutine, its timer, a render's completion, a shutdown call
// posted to it) then runs on one thread, in order, with no strand: a single-threaded
// io_context already runs its handlers one at a time. That saves the strand each
// connection had (about 0.3 KiB, and a dispatch through it for every handler) and lets
// the scheduler keep a thread's own posts in a queue no other thread locks. Connections
// are handed out in turn; nginx's workers share theirs out no more evenly.
#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

namespace isl::server::detail {

class IoThreads {
 public:
  explicit IoThreads(unsigned count);
  ~IoThreads();
  IoThreads(const IoThreads&) = delete;
  IoThreads& operator=(const IoThreads&) = delete;

  unsigned size() const { return static_cast<unsigned>(contexts_.size()); }
  // The first context: the listener's and the signals'.
  boost::asio::io_context& first() { return *contexts_.front(); }
  // The context for a new connection: each in turn.
  boost::asio::io_context& next();

  // Starts one thread per context; each runs until stop(). A handler that throws is
  // logged and its thread goes on.
  void run();
  // Stops every context and joins the threads. Handlers not yet run are dropped (and what
  // they own destroyed when the contexts are).
  void stop();
  // Whether the calling thread is one of these threads.
  bool running_in_this_thread() const;

 private:
  using WorkGuard = boost::asio::executor_work_guard<boost::asio::io_context::executor_type>;

  std::vector<std::unique_ptr<boost::asio::io_context>> contexts_;
  std::vector<WorkGuard> work_;
  std::vector<std::thread> threads_;
  std::atomic<unsigned> turn_{0};
};

}  // namespace isl::server::detail
