// What a use of a client component (`<Counter client:load start={5} />`, spec §8)
// compiles to: its props as JSON, and the island element the browser runtime mounts.
//
// Props are public: they are written into the page as JSON. They may be bool, numbers,
// strings, std::optional (empty: null), std::vector (array), std::map with string keys
// (object), isl::Html (a string), and structs. A struct travels through the same
// customization point as server island props (isl/travel.hpp), a JSON array of its fields:
//
//     struct Point { int x; int y; };
//     inline auto isl_fields(Point& p) { return std::tie(p.x, p.y); }      // [1,2]
//
// and, to be a JSON object instead, also names them (same order):
//
//     inline auto isl_field_names(const Point&) { return std::array{"x", "y"}; }  // {"x":1,"y":2}
#pragma once

#include <array>
#include <charconv>
#include <cmath>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <vector>

#include "isl/context.hpp"
#include "isl/html.hpp"
#include "isl/output.hpp"
#include "isl/slots.hpp"
#include "isl/travel.hpp"

namespace isl::client {

// A JSON string, with < > & written as \u escapes so that it is inert in any HTML context.
void write_json_string(std::string& out, std::string_view s);

namespace detail {
template <class T, class = void>
struct has_field_names : std::false_type {};
template <class T>
struct has_field_names<T, std::void_t<decltype(isl_field_names(std::declval<const T&>()))>> : std::true_type {};
}  // namespace detail

template <class T>
void write_json(std::string& out, const T& v);
template <class T>
void write_json(std::string& out, const std::optional<T>& v);
template <class T, class A>
void write_json(std::string& out, const std::vector<T, A>& v);
template <class V, class C, class A>
void write_json(std::string& out, const std::map<std::string, V, C, A>& m);

template <class T>
void write_json(std::string& out, const std::optional<T>& v) {
  if (v) write_json(out, *v);
  else out += "null";
}
template <class T, class A>
void write_json(std::string& out, const std::vector<T, A>& v) {
  out += '[';
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i) out += ',';
    write_json(out, v[i]);
  }
  out += ']';
}
template <class V, class C, class A>
void write_json(std::string& out, const std::map<std::string, V, C, A>& m) {
  out += '{';
  bool first = true;
  for (const auto& [k, v] : m) {
    if (!first) out += ',';
    first = false;
    write_json_string(out, k);
    out += ':';
    write_json(out, v);
  }
  out += '}';
}

template <class T>
void write_json(std::string& out, const T& v) {
  if constexpr (std::is_same_v<T, bool>) {
    out += v ? "true" : "false";
  } else if constexpr (std::is_integral_v<T>) {
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, r.ptr);
  } else if constexpr (std::is_floating_point_v<T>) {
    if (!std::isfinite(v)) {
      out += "null";  // JSON has no NaN or infinity
    } else {
      char buf[32];
      auto r = std::to_chars(buf, buf + sizeof buf, v);
      out.append(buf, r.ptr);
    }
  } else if constexpr (std::is_same_v<T, Html>) {
    write_json_string(out, v.value);
  } else if constexpr (std::is_convertible_v<const T&, std::string_view>) {
    write_json_string(out, std::string_view(v));
  } else if constexpr (isl::travel::detail::has_fields<T>::value) {
    auto fields = isl_fields(const_cast<T&>(v));
    if constexpr (detail::has_field_names<T>::value) {
      const auto names = isl_field_names(v);
      static_assert(std::tuple_size_v<decltype(names)> == std::tuple_size_v<decltype(fields)>,
                    "isl_field_names must name every field isl_fields lists");
      out += '{';
      std::size_t i = 0;
      std::apply([&](const auto&... f) { ((out += (i ? "," : ""), write_json_string(out, names[i++]), out += ':',
                                          write_json(out, f)), ...); },
                 fields);
      out += '}';
    } else {
      out += '[';
      bool first = true;
      std::apply([&](const auto&... f) { ((out += (first ? "" : ","), first = false, write_json(out, f)), ...); },
                 fields);
      out += ']';
    }
  } else {
    static_assert(isl::travel::detail::unsupported<T>,
                  "this type cannot be a client component's prop: give it "
                  "`auto isl_fields(T& v) { return std::tie(v.a, v.b); }` (docs/client-islands.md)");
  }
}

// The props object of one use, built member by member.
class PropsJson {
 public:
  template <class T>
  void add(std::string_view name, const T& value) {
    out_ += out_.empty() ? '{' : ',';
    write_json_string(out_, name);
    out_ += ':';
    write_json(out_, value);
  }
  std::string take() {
    if (out_.empty()) return "{}";
    out_ += '}';
    return std::move(out_);
  }

 private:
  std::string out_;
};

}  // namespace isl::client

namespace isl::detail {

struct ClientUse {
  std::string_view component;  // "components/Counter.jsx"
  std::string_view url;        // its bundled code
  std::string_view directive;  // "load", "idle", "visible", "media", "only"
  std::string_view media;      // client:media's query
};

// Writes the island element (rendered by Node at build time in a prerendered page unless
// client:only; else the fallback slot) and, once per page, the runtime that mounts it.
void render_client_island(Context& ctx, Output& out, const ClientUse& use, std::string props_json,
                          const Slots& slots);

}  // namespace isl::detail
