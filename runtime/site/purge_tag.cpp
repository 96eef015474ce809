// isl::purge_tag (spec §3): the author's call that reaches the server's island cache. In
// the site layer, which joins the render core to the server; the render core knows only
// the Cache-Tag header (render/cache_tag.cpp).
#include "isl/context.hpp"
#include "isl/detail/ascii.hpp"
#include "server/island_cache.hpp"

namespace isl {

void purge_tag(std::string_view tag) { server::detail::purge_tag_everywhere(ascii::trim_ows(tag)); }

}  // namespace isl
