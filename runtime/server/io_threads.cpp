#include "server/io_threads.hpp"

#include <spdlog/spdlog.h>

#include <exception>

namespace isl::server::detail {

namespace asio = boost::asio;

IoThreads::IoThreads(unsigned count) {
  contexts_.reserve(count == 0 ? 1 : count);
  for (unsigned i = 0; i < (count == 0 ? 1u : count); ++i) {
    // Hint 1: one thread runs it. Other threads still post to it (the render pool does),
    // which stays locked; the thread's own posts skip the lock.
    contexts_.push_back(std::make_unique<asio::io_context>(1));
  }
}

IoThreads::~IoThreads() { stop(); }

asio::io_context& IoThreads::next() {
  return *contexts_[turn_.fetch_add(1, std::memory_order_relaxed) % contexts_.size()];
}

void IoThreads::run() {
  work_.reserve(contexts_.size());
  threads_.reserve(contexts_.size());
  for (auto& context : contexts_) {
    work_.push_back(asio::make_work_guard(*context));
    threads_.emplace_back([context = context.get()] {
      for (;;) {
        try {
          context->run();
          return;
        } catch (const std::exception& e) {
          spdlog::error("I/O thread: {}", e.what());
        } catch (...) {
          spdlog::error("I/O thread: unknown exception");
        }
      }
    });
  }
}

void IoThreads::stop() {
  work_.clear();
  for (auto& context : contexts_) context->stop();
  for (auto& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
  threads_.clear();
}

bool IoThreads::running_in_this_thread() const {
  for (const auto& context : contexts_) {
    if (context->get_executor().running_in_this_thread()) return true;
  }
  return false;
}

}  // namespace isl::server::detail
