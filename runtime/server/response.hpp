// What the request handling side hands to a connection to write: no Beast types, so the
// static and dispatch code stays independent of the stream.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "isl/detail/headers.hpp"

namespace isl::server::detail {

// The metrics label of a request: what answered it.
enum class RequestKind { static_file, island, page, route, internal };
inline constexpr int kRequestKinds = 5;
std::string_view kind_label(RequestKind kind);

class StreamedIslands;

struct Response {
  int status = 200;
  isl::detail::Headers headers;
  // Shared so a cached static file is written without a copy. Null: empty body.
  std::shared_ptr<const std::string> body;
  // The part of `body` to send: all of it, or the slice a Range asked for (206).
  std::size_t body_offset = 0;
  std::size_t body_length = std::string_view::npos;
  // Close the connection after this answer (the request stream cannot be trusted).
  bool close = false;
  // Set: `body` is a page whose islands follow in the same (chunked) response.
  std::shared_ptr<StreamedIslands> stream;

  std::string_view body_view() const {
    return body ? std::string_view(*body).substr(body_offset, body_length) : std::string_view{};
  }
  const std::string* header(std::string_view name) const;
  void set_header(std::string name, std::string value);
};

// A short text/plain answer ("Not Found"), with Cache-Control: no-store.
Response plain_response(int status, std::string_view text);
// The reason phrase for status; for a code without a standard one, its class
// ("Client Error" for 499).
std::string_view reason_phrase(int status);

}  // namespace isl::server::detail
