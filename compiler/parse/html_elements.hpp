// What HTML says about element names, shared by the parser (a void element has no end tag)
// and the generator (nor does it write one).
#pragma once

#include <algorithm>
#include <array>
#include <string_view>

namespace isl::compiler {

inline bool is_void_element(std::string_view tag) {
  static constexpr std::array<std::string_view, 14> kVoid = {
      "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"};
  return std::find(kVoid.begin(), kVoid.end(), tag) != kVoid.end();
}

}  // namespace isl::compiler
