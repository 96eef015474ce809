// The island URL, `/_server-islands/<Name>?p=<sealed props>&s=<sealed slots>`: written
// into a page by the render core, read back by the site (which island, its sealed data)
// and by the server (the island's name for its metrics). The one place that knows the
// format on the C++ side; the browser's loader (render/loader.js) only ever copies it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "http/form_fields.hpp"

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

// The sealed data of an island request's query (or form body, when the URL was too long
// and the loader posted it): the first `p` and the first `s`, as sent — still form-encoded,
// which for base64url (what the render core writes) is the value itself; a caller decodes
// one that holds '%' or '+' (site/site_handler.cpp). Views into `query`, so that the
// answer to every island request does not start by copying its sealed data. Field names
// are compared as sent: the loader writes them plain.
struct Sealed {
  std::optional<std::string_view> props;
  std::optional<std::string_view> slots;
};
inline Sealed sealed_fields(std::string_view query) {
  Sealed sealed;
  http::for_each_form_field(query, [&](std::string_view name, std::string_view value) {
    if (name == "p" && !sealed.props) sealed.props = value;
    if (name == "s" && !sealed.slots) sealed.slots = value;
    return !(sealed.props && sealed.slots);
  });
  return sealed;
}

}  // namespace isl::island_url
