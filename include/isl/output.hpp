// The render buffer and how values are written into it.
//
// Every `{expr}` in a template becomes `isl::write(out, expr)`, every attribute with an
// expression value `isl::write_attr(out, " name", expr)`. The one customization point for a
// user type T is a function found by argument-dependent lookup:
//
//     void isl_write(isl::Output& out, const T& value);   // in T's namespace
//
// which writes escaped text with `out.text(...)` (or trusted markup with `out.raw(...)`).
#pragma once

#include <charconv>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "isl/html.hpp"

namespace isl {

class Output {
 public:
  Output() = default;
  explicit Output(std::size_t expected_size) { buffer_.reserve(expected_size); }

  // Markup as is: template literal text (already escaped at compile time) and isl::Html.
  void raw(std::string_view markup) { buffer_.append(markup); }
  void raw(char c) { buffer_.push_back(c); }
  // Text, escaped for element content and quoted attribute values alike.
  void text(std::string_view plain) { escape_html_append(buffer_, plain); }

  std::string& buffer() { return buffer_; }
  const std::string& buffer() const { return buffer_; }
  std::string_view view() const { return buffer_; }
  std::size_t size() const { return buffer_.size(); }
  std::string take() { return std::move(buffer_); }

 private:
  std::string buffer_;
};

namespace detail {

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};

template <class T, class = void>
struct has_isl_write : std::false_type {};
template <class T>
struct has_isl_write<T, std::void_t<decltype(isl_write(std::declval<Output&>(), std::declval<const T&>()))>>
    : std::true_type {};

template <class T>
void write_number(Output& out, T value) {
  char digits[64];
  auto result = std::to_chars(digits, digits + sizeof digits, value);
  out.raw(std::string_view(digits, static_cast<std::size_t>(result.ptr - digits)));
}

}  // namespace detail

// Writes one template expression's value.
template <class T>
void write(Output& out, const T& value) {
  using V = std::decay_t<T>;
  if constexpr (std::is_same_v<V, Html>) {
    out.raw(value.value);
  } else if constexpr (std::is_same_v<V, bool>) {
    out.raw(value ? std::string_view("true") : std::string_view("false"));
  } else if constexpr (std::is_same_v<V, char>) {
    out.text(std::string_view(&value, 1));
  } else if constexpr (std::is_arithmetic_v<V>) {
    detail::write_number(out, value);
  } else if constexpr (std::is_convertible_v<const T&, std::string_view>) {
    out.text(std::string_view(value));
  } else if constexpr (detail::is_optional<V>::value) {
    if (value) write(out, *value);
  } else if constexpr (detail::has_isl_write<V>::value) {
    isl_write(out, value);
  } else {
    static_assert(detail::has_isl_write<V>::value,
                  "isl cannot write this type in a template: define "
                  "`void isl_write(isl::Output&, const T&)` in the type's namespace (docs/templates.md)");
  }
}

// Writes `set:html={value}`: the author vouches for the markup, so strings go out as is.
template <class T>
void write_html(Output& out, const T& value) {
  if constexpr (std::is_convertible_v<const T&, std::string_view>) {
    out.raw(std::string_view(value));
  } else {
    write(out, value);
  }
}

// Writes ` name="value"` for an attribute with an expression value. `true` writes the bare
// attribute, `false` and an empty optional leave it out. `name_with_space` is " name".
template <class T>
void write_attr(Output& out, std::string_view name_with_space, const T& value) {
  using V = std::decay_t<T>;
  if constexpr (std::is_same_v<V, bool>) {
    if (value) out.raw(name_with_space);
  } else if constexpr (detail::is_optional<V>::value) {
    if (value) write_attr(out, name_with_space, *value);
  } else {
    out.raw(name_with_space);
    out.raw("=\"");
    write(out, value);
    out.raw('"');
  }
}

}  // namespace isl
