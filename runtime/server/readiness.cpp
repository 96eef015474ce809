#include "server/readiness.hpp"

namespace isl::server::detail {

Response readiness_response(Readiness::State state) {
  switch (state) {
    case Readiness::State::ready:
      return plain_response(200, "ready");
    case Readiness::State::starting: {
      Response r = plain_response(503, "starting");
      r.headers.emplace_back("Retry-After", "1");
      return r;
    }
    case Readiness::State::draining:
      break;
  }
  return plain_response(503, "draining");
}

}  // namespace isl::server::detail
