#include "server/response_head.hpp"

#include <boost/beast/http/status.hpp>

#include <charconv>

#include "isl/detail/ascii.hpp"
#include "server/http_date.hpp"

namespace isl::server::detail {
namespace {

namespace http = boost::beast::http;

void append_number(std::string& out, std::size_t n) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, n).ptr;
  out.append(digits, end);
}

void append_field(std::string& out, std::string_view name, std::string_view value) {
  out.append(name);
  out.append(": ");
  out.append(value);
  out.append("\r\n");
}

}  // namespace

void write_response_head(std::string& out, const Response& response, const HeadFraming& framing) {
  out.clear();
  // Room for the whole head at once: a parked connection frees `out` between requests, and
  // growing it field by field took three allocations a static answer (heaptrack).
  std::size_t size = 160;  // status line, Date, Server, Content-Length or chunked, Connection, end
  for (const auto& [name, value] : response.headers) size += name.size() + value.size() + 4;
  out.reserve(size);
  out.append(framing.version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ");
  append_number(out, static_cast<std::size_t>(response.status));
  out.push_back(' ');
  // Beast's reason phrases for the codes it knows, so that the bytes are what they were.
  const http::status known = http::int_to_status(static_cast<unsigned>(response.status));
  if (known != http::status::unknown) {
    const auto reason = http::obsolete_reason(known);
    out.append(reason.data(), reason.size());
  } else {
    out.append(reason_phrase(response.status));
  }
  out.append("\r\n");
  bool has_date = false, has_server = false;
  for (const auto& [name, value] : response.headers) {
    if (ascii::iequals(name, "Connection")) continue;
    if (framing.content_length && ascii::iequals(name, "Content-Length")) continue;
    if (framing.chunked && ascii::iequals(name, "Transfer-Encoding")) continue;
    has_date = has_date || ascii::iequals(name, "Date");
    has_server = has_server || ascii::iequals(name, "Server");
    append_field(out, name, value);
  }
  if (!has_date) append_field(out, "Date", current_http_date());
  if (!has_server) append_field(out, "Server", "isl");
  if (framing.content_length) {
    out.append("Content-Length: ");
    append_number(out, *framing.content_length);
    out.append("\r\n");
  }
  if (framing.version == 10 && framing.keep_alive) append_field(out, "Connection", "keep-alive");
  if (framing.version != 10 && !framing.keep_alive) append_field(out, "Connection", "close");
  if (framing.chunked) append_field(out, "Transfer-Encoding", "chunked");
  out.append("\r\n");
}

}  // namespace isl::server::detail
