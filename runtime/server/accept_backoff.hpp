// What the listener does when accept() fails (out of file descriptors, mostly): pause a
// little longer each time instead of spinning, and log a burst of failures once, not once
// per attempt.
#pragma once

#include <chrono>
#include <cstddef>

namespace isl::server::detail {

class AcceptBackoff {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr std::chrono::milliseconds kFirst{5};
  static constexpr std::chrono::milliseconds kMax{1000};
  static constexpr std::chrono::seconds kLogEvery{10};

  struct Step {
    std::chrono::milliseconds pause;
    bool log = false;            // say so now
    std::size_t since_log = 0;   // failures since the last line (for the line)
  };
  // One more failure at `now`.
  Step failed(Clock::time_point now);
  // An accept worked: the next failure starts a new burst (pause kFirst).
  void succeeded() { pause_ = std::chrono::milliseconds(0); }

 private:
  std::chrono::milliseconds pause_{0};
  Clock::time_point last_log_{};
  bool logged_ = false;
  std::size_t since_log_ = 0;
};

}  // namespace isl::server::detail
