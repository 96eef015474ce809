#include "isl/html.hpp"

#include <array>
#include <cstring>

namespace isl {
namespace {

// One table lookup per byte; runs without a special character are appended in one go.
constexpr std::array<bool, 256> make_special() {
  std::array<bool, 256> t{};
  t['&'] = t['<'] = t['>'] = t['"'] = t['\''] = true;
  return t;
}
constexpr auto kSpecial = make_special();

}  // namespace

void escape_html_append(std::string& out, std::string_view text) {
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

}  // namespace isl
