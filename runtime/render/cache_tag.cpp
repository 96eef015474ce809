// ctx.cache_tag (spec §3): the author's side of the island cache. A tag
// travels as the Cache-Tag header, which the server's cache (and a CDN) reads;
// isl::purge_tag, which reaches into the server's cache, is the site's (site/purge_tag.cpp).
#include "isl/context.hpp"
#include "isl/detail/ascii.hpp"

#include <stdexcept>

namespace isl {

void Context::cache_tag(std::string_view tag) {
  tag = ascii::trim_ows(tag);
  if (tag.empty()) throw std::invalid_argument("ctx.cache_tag: the tag is empty");
  for (char c : tag) {
    const auto u = static_cast<unsigned char>(c);
    if (c == ',' || u < 0x20 || u == 0x7f) {
      throw std::invalid_argument("ctx.cache_tag(\"" + std::string(tag) +
                                  "\"): a tag cannot hold a comma or a control character (Cache-Tag is a comma list)");
    }
  }
  if (std::string* value = detail::find_header(response_.headers, "Cache-Tag")) {
    if (("," + *value + ",").find("," + std::string(tag) + ",") == std::string::npos) value->append(",").append(tag);
    return;
  }
  response_.headers.emplace_back("Cache-Tag", std::string(tag));
}

}  // namespace isl
