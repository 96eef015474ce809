// The request and reply the HTTP server exchanges with the site: no Beast types, so the
// site side (islands, pages, middleware) does not depend on the transport.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace isl::server {

struct HttpRequest {
  std::string method;  // "GET", "POST", "HEAD"
  std::string target;  // as sent: "/_server-islands/X?p=...&s=..."
  std::string path;    // percent-decoded path, without the query
  std::string query;   // raw query string, without '?'
  std::vector<std::pair<std::string, std::string>> headers;  // names as sent
  std::string body;
  std::string remote_address;

  // Case-insensitive; the first one.
  const std::string* header(std::string_view name) const;
};

struct HttpReply;

// A page whose islands follow in its own response (spec §3, stream_islands): the server
// writes the page, renders `islands` concurrently on the render pool, and writes what
// `piece` makes of each answer as soon as it is ready (docs/server.md, "Streamed islands").
struct IslandStream {
  std::vector<HttpRequest> islands;  // in page order
  // The bytes that put island `index`'s answer in place (called on a render thread).
  std::function<std::string(std::size_t index, HttpReply&& answer)> piece;
  // The bytes for an island still pending at the deadline.
  std::function<std::string(std::size_t index)> timed_out;
};

struct HttpReply {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::shared_ptr<const IslandStream> stream{};  // set: `body` is the page, its islands follow
  bool failed = false;  // the render threw: an on-demand page's answer becomes dist/500.html
};

// What the site answers for: islands, on-demand pages, app routes. The server asks
// `accepts` on its I/O thread (must be cheap, no blocking) and then calls `handle` on a
// render thread, where blocking work (a database) does not stall other connections —
// or, for a render key that has proven fast, inline on the I/O thread (docs/server.md).
class DynamicHandler {
 public:
  virtual ~DynamicHandler() = default;
  enum class Kind { none, island, page, route };
  virtual Kind accepts(const HttpRequest& request) const = 0;
  // What will render, for the server's record of render times: an island's name, a page's
  // route pattern. It must come from a small set (not a raw path), and must be
  // cheap like accepts(). Empty (the default): always on the render pool.
  virtual std::string_view render_key(const HttpRequest& request, Kind kind) const {
    (void)request;
    (void)kind;
    return {};
  }
  // Never throws: failures become 4xx/5xx replies. `kind` is what accepts() said.
  virtual HttpReply handle(const HttpRequest& request, Kind kind) = 0;
  // For the 404 answer when neither a static file nor a dynamic route matched: an
  // on-demand 404 page. Returns false when the site has none (then dist/404.html is used).
  virtual bool render_not_found(const HttpRequest& request, HttpReply& reply) {
    (void)request;
    (void)reply;
    return false;
  }
  // For a GET of a static HTML file: when it is a prerendered page that streams its
  // islands, fills `reply` (body and stream) from `html` and returns true. Cheap when not.
  virtual bool stream_static_page(const HttpRequest& request, std::string_view html, HttpReply& reply) {
    (void)request;
    (void)html;
    (void)reply;
    return false;
  }
  // The names of the site's islands, known at build: only these get a label of their own
  // in /_isl/metrics (a made-up name in a request path is counted as "_other"). Empty
  // (the default): names are taken from request paths, up to a cap.
  virtual std::vector<std::string> island_names() const { return {}; }
};

}  // namespace isl::server
