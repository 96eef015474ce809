// How an island's redirect reaches the browser (docs/islands.md, "Redirects").
#pragma once

#include "http/message.hpp"

namespace isl::site {

// `reply` is an island's answer. When it is a redirect (3xx with Location) and `request`
// is not a navigation, the redirect becomes `200 text/html` with `X-Isl-Redirect: <target>`
// (the loader reads it and moves the page: a fetch would follow a real redirect, fetching
// the target inside the island request) and a body that moves a browser too. A navigation
// (Sec-Fetch-Mode: navigate or Sec-Fetch-Dest: document, a visitor opening the island URL)
// keeps the real redirect. A request without Sec-Fetch-* (plain http to a host other than
// localhost, old browsers) gets the loader's form, whose body still moves a visitor.
void shape_island_redirect(const http::Request& request, http::Reply& reply);

// The target of an island's answer when it is a redirect in either form; null otherwise.
const std::string* island_redirect_target(const http::Reply& reply);

}  // namespace isl::site
