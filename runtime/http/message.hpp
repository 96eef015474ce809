// The request and the reply that cross between the HTTP server and the site: no Beast
// types, so the site side (islands, pages, middleware) and the render core do not depend
// on the transport, and no server types, so the render core does not depend on the server.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "isl/context.hpp"
#include "isl/detail/headers.hpp"

namespace isl::http {

struct Request {
  std::string method;  // "GET", "POST", "HEAD"
  std::string target;  // as sent: "/_server-islands/X?p=...&s=..."
  std::string path;    // percent-decoded path, without the query
  std::string query;   // raw query string, without '?'
  detail::Headers headers;  // names as sent
  std::string body;
  std::string remote_address;

  // Case-insensitive; the first one.
  const std::string* header(std::string_view name) const { return detail::find_header(headers, name); }
};

struct Reply;

// A page whose islands follow in its own response (spec §3, stream_islands): the server
// writes the page, renders `islands` concurrently on the render pool, and writes what
// `piece` makes of each answer as soon as it is ready (docs/server.md, "Streamed islands").
struct IslandStream {
  std::vector<Request> islands;  // in page order
  // The bytes that put island `index`'s answer in place (called on a render thread).
  std::function<std::string(std::size_t index, Reply&& answer)> piece;
  // The bytes for an island still pending at the deadline.
  std::function<std::string(std::size_t index)> timed_out;
};

// The one reply type: the head a render shaped in its Context (status, headers), and the
// body. The server checks and completes it (server/site_render.hpp) before writing it.
struct Reply : Response {
  std::string body;
  std::shared_ptr<const IslandStream> stream{};  // set: `body` is the page, its islands follow
};

}  // namespace isl::http
