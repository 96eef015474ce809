// Plain-TCP connections, and the read-error classification shared with TLS.
#include "server/session.hpp"

#include "server/session_impl.hpp"

namespace isl::server::detail {

int read_error_status(const beast::error_code& ec, const beast::flat_buffer& buffer, std::size_t max_url_bytes,
                      bool request_line_read) {
  const auto data = buffer.cdata();
  if (ec == http::error::header_limit) {
    // A request line longer than the URL limit is the client's URL, not its headers. Once
    // Beast has the request line, the buffer starts at the fields.
    if (request_line_read) return 431;
    const std::string_view text(static_cast<const char*>(data.data()), data.size());
    const auto eol = text.find("\r\n");
    const std::size_t line = eol == std::string_view::npos ? text.size() : eol;
    return line > max_url_bytes ? 414 : 431;
  }
  if (ec == http::error::body_limit) return 413;
  // Only a chunked body's parts can overflow the read buffer (a head hits header_limit).
  if (ec == http::error::buffer_overflow) {
    return chunked_overflow_status(std::string_view(static_cast<const char*>(data.data()), data.size()));
  }
  if (ec == http::error::end_of_stream || ec == http::error::partial_message) return 0;
  // Every other HTTP parse error (bad method, target, version, field, chunk…) is a bad
  // request; transport errors (timeout, reset, TLS failures) just close.
  if (ec.category() == beast::error_code(http::error::bad_method).category()) return 400;
  return 0;
}

void start_plain_session(const std::shared_ptr<Shared>& shared, asio::ip::tcp::socket socket) {
  beast::error_code ec;
  const auto endpoint = socket.remote_endpoint(ec);
  std::string remote = ec ? std::string("-") : endpoint.address().to_string();
  socket.set_option(asio::ip::tcp::no_delay(true), ec);
  launch_session<asio::ip::tcp::socket>(shared, std::move(remote), std::move(socket));
}

}  // namespace isl::server::detail
