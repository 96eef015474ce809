// HTML escaping, one copy for the render core (isl::escape_html_append, on every render)
// and the compiler (text known at build time is escaped then). Not part of the author API.
#pragma once

#include <array>
#include <string>
#include <string_view>

namespace isl::detail {

// & < > " ' are special, in element content and in quoted attribute values alike.
// One table lookup per byte; runs without a special character are appended in one go.
inline void append_html_escaped(std::string& out, std::string_view text) {
  static constexpr auto kSpecial = [] {
    std::array<bool, 256> t{};
    t['&'] = t['<'] = t['>'] = t['"'] = t['\''] = true;
    return t;
  }();
  const char* p = text.data();
  const char* end = p + text.size();
  const char* run = p;
  out.reserve(out.size() + text.size());
  for (; p != end; ++p) {
    auto c = static_cast<unsigned char>(*p);
    if (!kSpecial[c]) continue;
    out.append(run, p);
    switch (c) {
      case '&': out.append("&amp;", 5); break;
      case '<': out.append("&lt;", 4); break;
      case '>': out.append("&gt;", 4); break;
      case '"': out.append("&quot;", 6); break;
      default: out.append("&#39;", 5); break;
    }
    run = p + 1;
  }
  out.append(run, end);
}

}  // namespace isl::detail
