// Response helpers shared by the static, internal and dynamic answers.
#include "server/response.hpp"
#include "isl/detail/headers.hpp"

#include <cstddef>

namespace isl::server::detail {

std::string_view kind_label(RequestKind kind) {
  switch (kind) {
    case RequestKind::static_file: return "static";
    case RequestKind::island: return "island";
    case RequestKind::page: return "page";
    case RequestKind::route: return "route";
    case RequestKind::internal: return "internal";
  }
  return "static";
}

const std::string* Response::header(std::string_view name) const { return isl::detail::find_header(headers, name); }

void Response::set_header(std::string name, std::string value) {
  isl::detail::set_header(headers, std::move(name), std::move(value));
}

std::string_view reason_phrase(int status) {
  switch (status) {
    case 200: return "OK";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 418: return "I'm a teapot";
    case 503: return "Service Unavailable";
    default: break;
  }
  if (status < 200) return "Informational";
  if (status < 300) return "Success";
  if (status < 400) return "Redirection";
  if (status < 500) return "Client Error";
  return "Server Error";
}

Response plain_response(int status, std::string_view text) {
  Response r;
  r.status = status;
  r.headers.emplace_back("Content-Type", "text/plain; charset=utf-8");
  r.headers.emplace_back("Cache-Control", "no-store");
  r.body = std::make_shared<const std::string>(std::string(text) + "\n");
  return r;
}

}  // namespace isl::server::detail
