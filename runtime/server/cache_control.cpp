// Cache-Control and list-header parsing for the island cache.
#include "server/cache_control.hpp"
#include "isl/detail/ascii.hpp"

#include <charconv>

namespace isl::server::detail {

namespace {

using ascii::iequals;
using ascii::trim_ows;

// Delta-seconds (RFC 9111 §1.2.2): digits only; beyond 2^31 is capped there.
std::chrono::seconds delta_seconds(std::string_view text) {
  long long n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (text.empty() || end != text.data() + text.size() || n < 0) return std::chrono::seconds(0);
  if (ec == std::errc::result_out_of_range || n > 2147483648LL) n = 2147483648LL;
  return std::chrono::seconds(n);
}

// The next directive of `rest`, which it consumes: a comma inside a quoted value does
// not end it.
std::string_view next_directive(std::string_view& rest) {
  bool quoted = false;
  std::size_t i = 0;
  for (; i < rest.size(); ++i) {
    if (rest[i] == '"') quoted = !quoted;
    else if (rest[i] == '\\' && quoted) ++i;
    else if (rest[i] == ',' && !quoted) break;
  }
  const std::string_view directive = rest.substr(0, i);
  rest = i < rest.size() ? rest.substr(i + 1) : std::string_view();
  return trim_ows(directive);
}

}  // namespace

std::chrono::seconds CacheDirectives::shared_lifetime() const {
  if (s_maxage) return *s_maxage;
  if (max_age) return *max_age;
  return std::chrono::seconds(0);
}

CacheDirectives parse_cache_control(std::string_view value) {
  CacheDirectives d;
  while (!value.empty()) {
    const std::string_view directive = next_directive(value);
    const auto eq = directive.find('=');
    const std::string_view name = trim_ows(directive.substr(0, eq));
    std::string_view arg = eq == std::string_view::npos ? std::string_view() : trim_ows(directive.substr(eq + 1));
    if (arg.size() >= 2 && arg.front() == '"' && arg.back() == '"') arg = arg.substr(1, arg.size() - 2);
    auto seconds = [&](std::optional<std::chrono::seconds>& field) {
      if (!field) field = delta_seconds(arg);
    };
    if (iequals(name, "public")) d.is_public = true;
    else if (iequals(name, "private")) d.is_private = true;
    else if (iequals(name, "no-store")) d.no_store = true;
    else if (iequals(name, "no-cache")) d.no_cache = true;
    else if (iequals(name, "must-revalidate") || iequals(name, "proxy-revalidate")) d.must_revalidate = true;
    else if (iequals(name, "max-age")) seconds(d.max_age);
    else if (iequals(name, "s-maxage")) seconds(d.s_maxage);
    else if (iequals(name, "stale-while-revalidate")) seconds(d.stale_while_revalidate);
  }
  return d;
}

std::vector<std::string_view> split_list(std::string_view value) {
  std::vector<std::string_view> out;
  while (!value.empty()) {
    const auto comma = value.find(',');
    const std::string_view member = trim_ows(value.substr(0, comma));
    if (!member.empty()) out.push_back(member);
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  return out;
}

bool cacheable_status(int status) {
  switch (status) {
    case 200:
    case 203:
    case 204:
    case 404:
    case 410: return true;
    default: return false;
  }
}

}  // namespace isl::server::detail
