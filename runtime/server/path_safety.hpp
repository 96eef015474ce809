// Request-target checks: split path and query, percent-decode the path once, and refuse
// anything that could name a file outside the served tree or confuse a lookup.
#pragma once

#include <string>
#include <string_view>

namespace isl::server::detail {

enum class TargetError {
  none,
  bad_form,      // not origin-form ("/…") nor absolute-form ("http://host/…")
  bad_encoding,  // '%' not followed by two hex digits
  forbidden,     // "." or ".." segment, encoded '/', '\\', NUL or another control byte
};

struct SplitTarget {
  std::string path;   // percent-decoded, starts with '/'
  std::string query;  // raw, without '?'
};

// Every error is answered 400 by the server.
TargetError split_target(std::string_view target, SplitTarget& out);

}  // namespace isl::server::detail
