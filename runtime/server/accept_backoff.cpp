// Doubling pauses up to kMax; a log line for the first failure, then one per kLogEvery.
#include "server/accept_backoff.hpp"

#include <algorithm>

namespace isl::server::detail {

AcceptBackoff::Step AcceptBackoff::failed(Clock::time_point now) {
  pause_ = pause_.count() == 0 ? kFirst : std::min(pause_ * 2, kMax);
  ++since_log_;
  Step step{pause_};
  if (!logged_ || now - last_log_ >= kLogEvery) {
    step.log = true;
    step.since_log = since_log_;
    since_log_ = 0;
    last_log_ = now;
    logged_ = true;
  }
  return step;
}

}  // namespace isl::server::detail
