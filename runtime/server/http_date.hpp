// HTTP dates (IMF-fixdate, RFC 9110 §5.6.7): Date, Last-Modified, If-Modified-Since.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace isl::server::detail {

// "Sun, 06 Nov 1994 08:49:37 GMT" for seconds since the Unix epoch.
std::string format_http_date(std::int64_t unix_seconds);

// IMF-fixdate only (what every current client sends); anything else → nullopt, which
// makes the server ignore the header, as RFC 9110 asks for an invalid date.
std::optional<std::int64_t> parse_http_date(std::string_view text);

// The current time as an HTTP date, formatted at most once per second per thread.
const std::string& current_http_date();

}  // namespace isl::server::detail
