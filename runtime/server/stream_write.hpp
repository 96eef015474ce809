// Writing a streamed page (server/island_stream.hpp) to a connection: the header, the
// page at once, then each island's piece as soon as it is ready, one chunk each (HTTP/1.1;
// an HTTP/1.0 client gets the pieces raw and the connection closes after them).
#pragma once

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <chrono>
#include <cstddef>
#include <string>

#include "server/connection_deadline.hpp"
#include "server/island_stream.hpp"

namespace isl::server::detail {

struct StreamWritten {
  bool ok = false;        // false: the client went away (or a write timed out)
  std::size_t bytes = 0;  // body bytes written
};

// `head` is the answer's head (server/response_head.hpp), framed `chunked` for HTTP/1.1 or
// to close for HTTP/1.0; `page` the page's HTML.
template <class Stream>
boost::asio::awaitable<StreamWritten> write_streamed(Stream& stream, ConnectionDeadline& deadline,
                                                     std::string_view head, bool chunked, std::string_view page,
                                                     StreamedIslands& islands, std::chrono::milliseconds write_timeout) {
  namespace asio = boost::asio;
  namespace http = boost::beast::http;
  StreamWritten result;
  boost::beast::error_code ec;
  deadline.expires_after(write_timeout);
  co_await asio::async_write(stream, asio::buffer(head), asio::redirect_error(asio::use_awaitable, ec));
  if (ec) {
    islands.abandon();
    co_return result;
  }
  std::string piece(page);
  bool done = islands.island_count() == 0;
  for (;;) {
    if (!piece.empty()) {
      deadline.expires_after(write_timeout);
      if (chunked) {
        // Named: see session_impl.hpp on temporaries in co_await expressions.
        const auto chunk = http::make_chunk(asio::buffer(piece));
        co_await asio::async_write(stream, chunk, asio::redirect_error(asio::use_awaitable, ec));
      } else {
        co_await asio::async_write(stream, asio::buffer(piece), asio::redirect_error(asio::use_awaitable, ec));
      }
      if (ec) {
        islands.abandon();
        co_return result;
      }
      result.bytes += piece.size();
    }
    if (done) break;
    deadline.none();  // the islands have a deadline of their own
    piece = co_await islands.next(done);
  }
  if (chunked) {
    deadline.expires_after(write_timeout);
    const auto last = http::make_chunk_last();
    co_await asio::async_write(stream, last, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return result;
  }
  result.ok = true;
  co_return result;
}

}  // namespace isl::server::detail
