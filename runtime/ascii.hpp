// ASCII case-insensitive comparison, as HTTP header names and tokens need it. One copy
// for the server and the render core.
#pragma once

#include <cstddef>
#include <string_view>

namespace isl::ascii {

constexpr char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

constexpr bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

}  // namespace isl::ascii
