// Rendering one page (at build time or per request) into HTML with its assets.
#pragma once

#include <string>

#include "isl/context.hpp"
#include "isl/output.hpp"
#include "isl/site.hpp"

namespace isl::seal {
class KeyRing;
}

namespace isl::site {

// Renders `page` in `ctx` (params and request already set): the page's stylesheet link,
// its islands sealed under `keys`, and the loader when there are islands.
std::string render_page(const PageDef& page, Context& ctx, const seal::KeyRing& keys, bool dev_client = false);

// The expected size of a page's HTML, learned from earlier renders, so the buffer is
// allocated once instead of grown.
std::size_t expected_size(const void* what);
void remember_size(const void* what, std::size_t size);

}  // namespace isl::site
