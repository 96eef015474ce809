#include "site/stream_page.hpp"

#include <cstdio>
#include <memory>

#include "http/island_url.hpp"
#include "isl/detail/ascii.hpp"
#include "site/island_redirect.hpp"

namespace isl::site {
namespace {

using ascii::iequals;

constexpr std::string_view kMarker = "<!--isl-island:";
constexpr std::string_view kStreamMarker = "<!--isl-stream:";
// The preload links finish_page writes for a page's GET islands (render/island.cpp).
constexpr std::string_view kPreload = "<link rel=\"preload\" as=\"fetch\" crossorigin href=\"/_server-islands/";
static_assert(kPreload.ends_with(island_url::kPrefix));

// Request headers a streamed island does not inherit from the page's request: its own
// framing, conditions and navigation metadata (it gets a fetch's).
bool inherited(std::string_view name) {
  for (std::string_view h : {"content-length", "content-type", "transfer-encoding", "expect", "referer", "range",
                             "if-none-match", "if-modified-since", "if-range", "upgrade-insecure-requests"}) {
    if (iequals(name, h)) return false;
  }
  return !(name.size() >= 9 && iequals(name.substr(0, 9), "sec-fetch"));
}

http::Request island_request(const http::Request& page, std::string_view url) {
  http::Request r;
  r.method = "GET";
  r.target = std::string(url);
  const auto q = url.find('?');
  r.path = std::string(url.substr(0, q));
  r.query = q == std::string_view::npos ? std::string() : std::string(url.substr(q + 1));
  for (const auto& h : page.headers)
    if (inherited(h.first)) r.headers.push_back(h);
  r.headers.emplace_back("Referer", page.target);
  r.headers.emplace_back("Sec-Fetch-Mode", "same-origin");
  r.headers.emplace_back("Sec-Fetch-Dest", "empty");
  r.remote_address = page.remote_address;
  return r;
}

// What the loader does with island `index`'s answer: the same rules as for a fetched one.
std::string piece_for(std::size_t index, http::Reply&& answer) {
  if (const std::string* to = island_redirect_target(answer)) return "<script>isl._r(" + js_string(*to) + ")</script>";
  const std::string* type = answer.find_header("Content-Type");
  const bool html = type && type->size() >= 9 && iequals(std::string_view(*type).substr(0, 9), "text/html");
  std::string call = "<script>isl._s(" + std::to_string(index) + "," + std::to_string(answer.status);
  if (answer.status < 500 && html) call += "," + js_string(answer.body);
  return call + ")</script>";
}

}  // namespace

std::string js_string(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8 + 2);
  out.push_back('"');
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '<': out += "\\u003c"; break;  // no "</script" or "<!--" in the script
      default:
        if (c < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else if (c == 0xe2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
                   (static_cast<unsigned char>(text[i + 2]) == 0xa8 || static_cast<unsigned char>(text[i + 2]) == 0xa9)) {
          out += static_cast<unsigned char>(text[i + 2]) == 0xa8 ? "\\u2028" : "\\u2029";  // line breaks to old JS
          i += 2;
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  out.push_back('"');
  return out;
}

bool make_island_stream(const http::Request& page_request, http::Reply& reply) {
  std::string& html = reply.body;
  auto plan = std::make_shared<http::IslandStream>();
  std::string out;
  out.reserve(html.size());
  std::size_t at = 0;
  std::size_t preload = html.find(kPreload);
  for (;;) {
    const std::size_t marker = html.find(kMarker, at);
    if (preload != std::string::npos && preload < at) preload = html.find(kPreload, at);
    if (marker == std::string::npos && preload == std::string::npos) break;
    if (preload < marker) {  // a preload link: the streamed page makes no island request
      const std::size_t end = html.find('>', preload);
      if (end == std::string::npos) break;
      out.append(html, at, preload - at);
      at = end + 1;
      continue;
    }
    const std::size_t url_begin = marker + kMarker.size();
    const std::size_t url_end = html.find("-->", url_begin);
    if (url_end == std::string::npos) break;
    const std::string_view url = std::string_view(html).substr(url_begin, url_end - url_begin);
    if (!island_url::is_island_path(url)) {  // not one of ours: left as is
      out.append(html, at, url_begin - at);
      at = url_begin;
      continue;
    }
    out.append(html, at, marker - at);
    out += kStreamMarker;
    out += url;
    plan->islands.push_back(island_request(page_request, url));
    at = url_end;
  }
  if (plan->islands.empty()) return false;
  out.append(html, at, std::string::npos);
  html = std::move(out);
  plan->piece = &piece_for;
  plan->timed_out = [](std::size_t index) { return "<script>isl._s(" + std::to_string(index) + ",504)</script>"; };
  reply.stream = std::move(plan);
  return true;
}

}  // namespace isl::site
