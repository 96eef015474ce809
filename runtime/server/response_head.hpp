// The head of a response (status line and fields) written by isl, not by Beast's message
// and serializer: into a string the connection keeps between requests, so a keep-alive
// request allocates nothing for its head. Beast's fields allocate once per field and its
// serializer walks them again; for a static file that was a sixth of the request's user
// time (docs/performance.md, "Where the time goes"). Streamed pages use it too; their
// chunks are Beast's (server/stream_write.hpp).
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "server/response.hpp"

namespace isl::server::detail {

struct HeadFraming {
  unsigned version = 11;                      // 10 or 11
  bool keep_alive = true;                     // what the connection does after this answer
  std::optional<std::size_t> content_length;  // none: no Content-Length field (1xx, 204, 304, chunked)
  bool chunked = false;                       // Transfer-Encoding: chunked (a streamed page, HTTP/1.1)
};

// Replaces `out` with the head, as Beast writes it for the same message: the response's
// fields in their order (its own Content-Length and Connection replaced by `framing`'s),
// then Date and Server unless the response has them, Content-Length, Connection where the
// version needs one to say `keep_alive` (HTTP/1.1: "close"; HTTP/1.0: "keep-alive"), and
// Transfer-Encoding when `chunked`.
// Field names and values are already checked (no CR, LF or NUL: server/site_render.cpp).
void write_response_head(std::string& out, const Response& response, const HeadFraming& framing);

}  // namespace isl::server::detail
