#include "site/island_redirect.hpp"

#include <algorithm>
#include <string_view>
#include <vector>

#include "ascii.hpp"
#include "isl/html.hpp"

namespace isl::site {
namespace {

using ascii::iequals;

constexpr std::string_view kRedirectHeader = "X-Isl-Redirect";

std::string* find_header(server::HttpReply& reply, std::string_view name) {
  for (auto& [k, v] : reply.headers)
    if (iequals(k, name)) return &v;
  return nullptr;
}

bool is_navigation(const server::HttpRequest& request) {
  const std::string* mode = request.header("Sec-Fetch-Mode");
  const std::string* dest = request.header("Sec-Fetch-Dest");
  return (mode && iequals(*mode, "navigate")) || (dest && (iequals(*dest, "document") || iequals(*dest, "iframe")));
}

}  // namespace

const std::string* island_redirect_target(const server::HttpReply& reply) {
  for (const auto& [k, v] : reply.headers) {
    if (iequals(k, kRedirectHeader)) return &v;
    if (reply.status >= 300 && reply.status < 400 && iequals(k, "Location")) return &v;
  }
  return nullptr;
}

void shape_island_redirect(const server::HttpRequest& request, server::HttpReply& reply) {
  if (reply.status < 300 || reply.status >= 400) return;
  const std::string* location = find_header(reply, "Location");
  if (!location) return;
  // Caches keep the two forms apart.
  if (std::string* vary = find_header(reply, "Vary")) *vary += ", Sec-Fetch-Mode";
  else reply.headers.emplace_back("Vary", "Sec-Fetch-Mode");
  if (is_navigation(request)) return;

  const std::string target = *location;
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
