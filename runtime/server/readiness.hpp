// Whether this instance wants traffic, for GET /_isl/ready (a load balancer's probe):
// starting (the site's checks have not passed yet), ready, or draining (SIGTERM received:
// the listener closes after Options::drain_delay). /_isl/health, by contrast, only says
// the process answers.
#pragma once

#include <atomic>

#include "server/response.hpp"

namespace isl::server::detail {

class Readiness {
 public:
  enum class State { starting, ready, draining };
  explicit Readiness(bool ready) : state_(ready ? State::ready : State::starting) {}

  // starting → ready; a draining server stays draining.
  void mark_ready() {
    State expected = State::starting;
    state_.compare_exchange_strong(expected, State::ready);
  }
  void mark_draining() { state_.store(State::draining); }
  State state() const { return state_.load(); }

 private:
  std::atomic<State> state_;
};

// 200 "ready", or 503 "starting" / "draining" (with Retry-After), never cached.
Response readiness_response(Readiness::State state);

}  // namespace isl::server::detail
