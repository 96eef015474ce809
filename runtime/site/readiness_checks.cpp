#include "site/readiness_checks.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <exception>
#include <string>

namespace isl::site {

namespace {
constexpr auto kRetry = std::chrono::milliseconds(250);
}

ReadinessChecks::ReadinessChecks(const App& app, server::Server& server)
    : app_(app), server_(server), thread_([this] { run(); }) {}

ReadinessChecks::~ReadinessChecks() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void ReadinessChecks::run() {
  const auto started = std::chrono::steady_clock::now();
  std::string last_error;
  for (;;) {
    std::string error;
    try {
      for (const auto& check : app_.ready_checks()) check();
    } catch (const std::exception& e) {
      error = e.what();
    } catch (...) {
      error = "unknown exception";
    }
    if (error.empty()) {
      server_.mark_ready();
      const auto ms =
          std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
      spdlog::info("ready ({} ms after listening)", ms);
      return;
    }
    // Once per distinct reason: a database that is down for a minute is one line, not 240.
    if (error != last_error) spdlog::warn("not ready yet: {} (retrying every {} ms)", error, kRetry.count());
    last_error = error;
    std::unique_lock lock(mutex_);
    if (cv_.wait_for(lock, kRetry, [this] { return stop_; })) return;
  }
}

}  // namespace isl::site
