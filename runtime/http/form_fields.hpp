// The fields of a query string or form body ("a=1&b=%20x&c"), as sent: not decoded. The
// one splitter behind Context::query() (render/context.cpp, which decodes each field) and
// the island endpoint's sealed data (http/island_url.hpp, which needs no decoding).
#pragma once

#include <string_view>

namespace isl::http {

// Calls `field(name, value)` for each non-empty field, in order; a field without '=' has
// an empty value. Stops early when `field` returns false.
template <class Field>
void for_each_form_field(std::string_view query, Field&& field) {
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view part = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (part.empty()) continue;
    const auto eq = part.find('=');
    const std::string_view name = part.substr(0, eq);
    const std::string_view value = eq == std::string_view::npos ? std::string_view() : part.substr(eq + 1);
    if (!field(name, value)) return;
  }
}

}  // namespace isl::http
