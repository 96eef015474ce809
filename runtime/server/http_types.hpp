// The contract between the HTTP server and the site it serves (docs/architecture.md,
// "Server and site"): the server asks the site once what a request is (`resolve`), then
// has it rendered (`render`) with that answer. The message types are http/message.hpp's.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "http/message.hpp"

namespace isl::server {

// The server's names for the message types (the same types, not copies).
using HttpRequest = http::Request;
using HttpReply = http::Reply;
using IslandStream = http::IslandStream;

// What the site answers for: islands, on-demand pages, app routes. The server calls
// `resolve` on its I/O thread (must be cheap, no blocking) and then `render` on a render
// thread, where blocking work (a database) does not stall other connections — or, for a
// render key that has proven fast, inline on the I/O thread (docs/server.md).
class DynamicHandler {
 public:
  virtual ~DynamicHandler() = default;
  enum class Kind { none, island, page, route };

  // What the site found for one request; handed back to render() as it was.
  struct Match {
    Kind kind = Kind::none;
    // What will render, for the server's record of render times: an island's name, a
    // page's route pattern. From a small set (never a raw path) that lives as long as the
    // handler. Empty: always on the render pool.
    std::string_view key;
    const void* target = nullptr;  // the site's own: which island, page or route
    Params params;                 // the route's parameters
  };

  virtual Match resolve(const HttpRequest& request) const = 0;
  // `match` is what resolve() said for `request` (kind is not none). May throw: the server
  // answers for it (server/site_render.hpp), and the exception's text is never sent.
  // Status, framing headers and defaults (Content-Type, an island's Cache-Control) are the
  // server's to check and complete.
  virtual HttpReply render(const HttpRequest& request, const Match& match) = 0;
  // For the 404 answer when neither a static file nor a dynamic route matched: an
  // on-demand 404 page. Returns false when the site has none (then dist/404.html is used),
  // as when it throws.
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
