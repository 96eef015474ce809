#include "site/island_redirect.hpp"

#include <algorithm>
#include <string_view>
#include <vector>

#include "isl/detail/ascii.hpp"
#include "isl/html.hpp"

namespace isl::site {
namespace {

using ascii::iequals;

constexpr std::string_view kRedirectHeader = "X-Isl-Redirect";

bool is_navigation(const http::Request& request) {
  const std::string* mode = request.header("Sec-Fetch-Mode");
  const std::string* dest = request.header("Sec-Fetch-Dest");
  return (mode && iequals(*mode, "navigate")) || (dest && (iequals(*dest, "document") || iequals(*dest, "iframe")));
}

}  // namespace

const std::string* island_redirect_target(const http::Reply& reply) {
  for (const auto& [k, v] : reply.headers) {
    if (iequals(k, kRedirectHeader)) return &v;
    if (reply.status >= 300 && reply.status < 400 && iequals(k, "Location")) return &v;
  }
  return nullptr;
}

void shape_island_redirect(const http::Request& request, http::Reply& reply) {
  if (reply.status < 300 || reply.status >= 400) return;
  const std::string* location = reply.find_header("Location");
  if (!location) return;
  // A copy: adding a header below may move the others.
  const std::string target = *location;
  // Caches keep the two forms apart.
  if (std::string* vary = detail::find_header(reply.headers, "Vary")) *vary += ", Sec-Fetch-Mode";
  else reply.headers.emplace_back("Vary", "Sec-Fetch-Mode");
  if (is_navigation(request)) return;

  std::erase_if(reply.headers, [](const auto& h) {
    return iequals(h.first, "Location") || iequals(h.first, "Content-Type") || iequals(h.first, "Content-Length");
  });
  reply.status = 200;
  reply.headers.emplace_back(std::string(kRedirectHeader), target);
  reply.headers.emplace_back("Content-Type", "text/html; charset=utf-8");
  std::string escaped;
  escape_html_append(escaped, target);
  reply.body = "<!doctype html><meta http-equiv=\"refresh\" content=\"0; url=" + escaped + "\"><a href=\"" + escaped +
               "\">" + escaped + "</a>\n";
}

}  // namespace isl::site
