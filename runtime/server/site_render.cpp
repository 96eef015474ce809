// The server's calls into the site's render, and the checks on what comes back.
#include "server/site_render.hpp"

#include <spdlog/spdlog.h>

#include <exception>
#include <memory>
#include <string_view>

#include "isl/detail/ascii.hpp"

namespace isl::server::detail {

using Kind = DynamicHandler::Kind;

namespace {

bool is_token(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!ascii::is_tchar(c)) return false;
  return true;
}

bool is_field_value(std::string_view s) {
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && u != '\t') || u == 0x7f) return false;
  }
  return true;
}

// Message framing and connection management belong to the server, not the handler.
bool is_framing_header(std::string_view name) {
  for (std::string_view h : {"content-length", "transfer-encoding", "connection", "keep-alive", "upgrade", "te",
                             "trailer", "proxy-connection"}) {
    if (ascii::iequals(name, h)) return true;
  }
  return false;
}

}  // namespace

HttpReply failed_reply() {
  HttpReply reply;
  reply.status = 500;
  reply.headers = {{"Content-Type", "text/plain; charset=utf-8"}, {"Cache-Control", "no-store"}};
  reply.body = "Internal Server Error\n";
  return reply;
}

Rendered render_match(DynamicHandler& handler, const HttpRequest& request, const DynamicHandler::Match& match) {
  Rendered result;
  try {
    result.reply = handler.render(request, match);
  } catch (const std::exception& e) {
    spdlog::error("render failed for {} {}: {}", request.method, request.path, e.what());
    result.failed = true;
  } catch (...) {
    spdlog::error("render failed for {} {}: unknown exception", request.method, request.path);
    result.failed = true;
  }
  if (result.failed) result.reply = failed_reply();
  return result;
}

bool resolve_match(const DynamicHandler& handler, const HttpRequest& request, DynamicHandler::Match& match) {
  try {
    match = handler.resolve(request);
    return true;
  } catch (const std::exception& e) {
    spdlog::error("resolve failed for {} {}: {}", request.method, request.path, e.what());
  } catch (...) {
    spdlog::error("resolve failed for {} {}: unknown exception", request.method, request.path);
  }
  return false;
}

Rendered resolve_and_render(DynamicHandler& handler, const HttpRequest& request) {
  DynamicHandler::Match match;
  if (!resolve_match(handler, request, match)) return {failed_reply(), true};
  if (match.kind == Kind::none) {
    HttpReply reply;
    reply.status = 404;
    reply.headers = {{"Content-Type", "text/plain; charset=utf-8"}, {"Cache-Control", "no-store"}};
    reply.body = "Not Found\n";
    return {std::move(reply), false};
  }
  return render_match(handler, request, match);
}

bool render_not_found_page(DynamicHandler& handler, const HttpRequest& request, HttpReply& reply) {
  try {
    return handler.render_not_found(request, reply);
  } catch (const std::exception& e) {
    spdlog::error("404 page failed for {}: {}", request.path, e.what());
  } catch (...) {
    spdlog::error("404 page failed for {}: unknown exception", request.path);
  }
  reply = HttpReply{};
  return false;
}

void add_reply_defaults(isl::detail::Headers& headers, Kind kind) {
  if (kind == Kind::island && isl::detail::find_header(headers, "Cache-Control") == nullptr) {
    headers.emplace_back("Cache-Control", "private, no-store");
  }
  if (isl::detail::find_header(headers, "Content-Type") == nullptr) {
    headers.emplace_back("Content-Type", kind == Kind::route ? "text/plain; charset=utf-8" : "text/html; charset=utf-8");
  }
}

Response reply_to_response(HttpReply&& reply, Kind kind) {
  if (reply.status < 200 || reply.status > 599) {
    spdlog::error("handler answered with invalid status {}", reply.status);
    return plain_response(500, "Internal Server Error");
  }
  Response r;
  r.status = reply.status;
  r.headers.reserve(reply.headers.size() + 2);
  for (auto& [name, value] : reply.headers) {
    if (!is_token(name) || !is_field_value(value)) {
      spdlog::warn("handler header dropped: invalid name or value for '{}'", is_token(name) ? name : "?");
      continue;
    }
    if (is_framing_header(name)) continue;
    r.headers.emplace_back(std::move(name), std::move(value));
  }
  add_reply_defaults(r.headers, kind);  // after the checks: a dropped field gets its default
  if (r.status != 204 && r.status != 304) r.body = std::make_shared<const std::string>(std::move(reply.body));
  return r;
}

}  // namespace isl::server::detail
