// Header fields as the render core, the site and the server hold them: a list of name and
// value pairs, names as written, looked up without regard to case (RFC 9110 §5.1). The one
// lookup every layer uses; not part of the author API.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "isl/detail/ascii.hpp"

namespace isl::detail {

using Headers = std::vector<std::pair<std::string, std::string>>;

// The value of the first field called `name`, or null.
inline const std::string* find_header(const Headers& headers, std::string_view name) {
  for (const auto& [k, v] : headers)
    if (ascii::iequals(k, name)) return &v;
  return nullptr;
}
inline std::string* find_header(Headers& headers, std::string_view name) {
  for (auto& [k, v] : headers)
    if (ascii::iequals(k, name)) return &v;
  return nullptr;
}

// Replaces the value of the first field called `name`, or adds the field.
inline void set_header(Headers& headers, std::string name, std::string value) {
  if (std::string* v = find_header(headers, name)) *v = std::move(value);
  else headers.emplace_back(std::move(name), std::move(value));
}

}  // namespace isl::detail
