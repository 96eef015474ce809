// Escaping and trusted markup: the two ways text reaches a page.
#pragma once

#include <string>
#include <string_view>
#include <utility>

namespace isl {

// Markup the author vouches for: written as is, never escaped.
// `{isl::Html{"<b>hi</b>"}}` and `set:html={...}` both end up here.
struct Html {
  std::string value;

  Html() = default;
  explicit Html(std::string v) : value(std::move(v)) {}
  explicit Html(std::string_view v) : value(v) {}
  explicit Html(const char* v) : value(v) {}
};

// Appends `text` to `out` with & < > " ' replaced by entities. Safe in element text and
// in quoted attribute values alike.
void escape_html_append(std::string& out, std::string_view text);

inline std::string escape_html(std::string_view text) {
  std::string out;
  escape_html_append(out, text);
  return out;
}

}  // namespace isl
