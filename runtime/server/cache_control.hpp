// What a response's caching headers allow a shared cache (RFC 9111): Cache-Control
// directives, and the comma lists of Vary and Cache-Tag. Its own unit so the island cache
// decides from a parsed model and the parsing is tested byte by byte.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace isl::server::detail {

struct CacheDirectives {
  bool is_public = false;
  bool is_private = false;  // with or without a field list: never stored
  bool no_store = false;
  bool no_cache = false;         // needs revalidation on each use, which this cache cannot do
  bool must_revalidate = false;  // or proxy-revalidate: never served stale
  std::optional<std::chrono::seconds> max_age;
  std::optional<std::chrono::seconds> s_maxage;
  std::optional<std::chrono::seconds> stale_while_revalidate;

  // How long a shared cache may serve the answer as fresh: s-maxage wins over max-age.
  std::chrono::seconds shared_lifetime() const;
};

// Directive names are case-insensitive; unknown ones are ignored; a quoted value is read
// unquoted; the first of a repeated directive counts. A malformed number makes the answer
// stale at once (lifetime 0), as RFC 9111 §4.2.1 asks.
CacheDirectives parse_cache_control(std::string_view value);

// The members of a comma-separated list ("a, b,,c" → a, b, c), white space trimmed.
std::vector<std::string_view> split_list(std::string_view value);

// Whether a shared cache may keep an answer with this status at all (given explicit
// freshness): the RFC 9111 heuristically cacheable statuses minus those whose meaning
// depends on how the request was made (redirects, ranges) or that the framework answers
// itself (405, 414, 501).
bool cacheable_status(int status);

}  // namespace isl::server::detail
