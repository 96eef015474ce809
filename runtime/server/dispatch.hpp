// Routing one parsed request: built-in endpoints, static files, the dynamic handler (on
// the render pool), then the 404 answer. Independent of the connection's stream type.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <memory>

#include "server/http_types.hpp"
#include "server/response.hpp"
#include "server/shared_state.hpp"

namespace isl::server::detail {

struct RequestInfo {
  RequestKind kind = RequestKind::static_file;
  std::string_view cache;  // an island's cache outcome for the access log ("hit", "miss", ...); "" otherwise
};

// Runs on the connection's I/O thread; resumes there after a render. Never throws for a
// handler failure (that becomes a 500: server/site_render.hpp).
// Parameters are references: the caller awaits, so they outlive the call, and GCC 12
// mishandles by-value parameters with destructors of a coroutine called in co_await.
boost::asio::awaitable<Response> dispatch(Shared& shared, const std::shared_ptr<const HttpRequest>& request,
                                          RequestInfo& info);

}  // namespace isl::server::detail
