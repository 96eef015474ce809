// A page that streams its islands (spec §3, stream_islands): its HTML made ready for the
// stream, and the plan the server follows (http::IslandStream). docs/islands.md says
// what travels in the response.
#pragma once

#include <string>

#include "http/message.hpp"

namespace isl::site {

// Turns `reply` (the page answering `page_request`, its HTML in reply.body) into a streamed
// page: each <!--isl-island:URL--> marker becomes <!--isl-stream:URL--> (the loader waits
// for the answer instead of fetching it), the preload links of the islands go, and
// reply.stream lists one request per island: the page request's own headers (cookies…),
// GET, `Referer` the page. False (reply unchanged) when the page has no island.
bool make_island_stream(const http::Request& page_request, http::Reply& reply);

// `text` as a JavaScript string literal that is safe inside <script> (no "</script", "<!--").
std::string js_string(std::string_view text);

}  // namespace isl::site
