// Where the server has the site render, and what it makes of the reply: the one place for
// the exception policy (a throwing render is logged and answered without its text) and
// for the defaults a reply gets (Content-Type, an island's Cache-Control). The 500 page
// a failed on-demand page answers with is dispatch's, which holds the static site.
#pragma once

#include "server/http_types.hpp"
#include "server/response.hpp"

namespace isl::server::detail {

struct Rendered {
  HttpReply reply;
  bool failed = false;  // the render threw: `reply` is failed_reply()
};

// handler.resolve(request); false when it threw (logged, with its text). Never throws.
bool resolve_match(const DynamicHandler& handler, const HttpRequest& request, DynamicHandler::Match& match);
// handler.render(request, match), on whichever thread calls it. Never throws.
Rendered render_match(DynamicHandler& handler, const HttpRequest& request, const DynamicHandler::Match& match);
// For requests the server makes itself (a streamed page's islands, a stale island's
// refresh): resolve, then render; a request nothing matches is answered 404.
Rendered resolve_and_render(DynamicHandler& handler, const HttpRequest& request);

// handler.render_not_found(request, reply); false when the site has no 404 page or it
// threw (then the answer is what it would be without one). Never throws.
bool render_not_found_page(DynamicHandler& handler, const HttpRequest& request, HttpReply& reply);

// What a render that threw answers: 500, plain text, never the exception's text.
HttpReply failed_reply();

// The defaults of a reply of `kind`: a missing Content-Type is the kind's (text/plain for
// a route, text/html otherwise), an island without Cache-Control gets private, no-store.
void add_reply_defaults(isl::detail::Headers& headers, DynamicHandler::Kind kind);

// The HttpReply a handler gave, made safe to write: status checked, framing and invalid
// headers dropped, add_reply_defaults applied.
Response reply_to_response(HttpReply&& reply, DynamicHandler::Kind kind);

}  // namespace isl::server::detail
