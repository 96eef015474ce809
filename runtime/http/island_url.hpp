// The island URL, `/_server-islands/<Name>?p=<sealed props>&s=<sealed slots>`: written
// into a page by the render core, read back by the site (which island, its sealed data)
// and by the server (the island's name for its metrics). The one place that knows the
// format on the C++ side; the browser's loader (render/loader.js) only ever copies it.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace isl::island_url {

inline constexpr std::string_view kPrefix = "/_server-islands/";

inline bool is_island_path(std::string_view path) { return path.starts_with(kPrefix); }

// The name in an island path ("Stock" for /_server-islands/Stock); empty when `path` is
// not one. A name is whatever follows the prefix: the site knows which are its islands.
inline std::string_view name_of(std::string_view path) {
  return is_island_path(path) ? path.substr(kPrefix.size()) : std::string_view();
}

// The URL of island `name` with its props and slots, both already sealed (base64url).
inline std::string build(std::string_view name, std::string_view sealed_props, std::string_view sealed_slots) {
  std::string url;
  url.reserve(kPrefix.size() + name.size() + sealed_props.size() + sealed_slots.size() + 6);
  url += kPrefix;
  url += name;
  url += "?p=";
  url += sealed_props;
  url += "&s=";
  url += sealed_slots;
  return url;
}

// The sealed data among the decoded fields of an island request's query (or form body,
// when the URL was too long and the loader posted it): the first `p` and the first `s`.
struct Sealed {
  const std::string* props = nullptr;
  const std::string* slots = nullptr;
};
inline Sealed sealed_fields(const std::vector<std::pair<std::string, std::string>>& fields) {
  Sealed sealed;
  for (const auto& [k, v] : fields) {
    if (k == "p" && !sealed.props) sealed.props = &v;
    if (k == "s" && !sealed.slots) sealed.slots = &v;
  }
  return sealed;
}

}  // namespace isl::island_url
