// How props (and slots) travel to a server island: a compact binary encoding.
//
// Supported: bool, every integer type (64-bit exact), float, double, std::string,
// std::optional, std::vector, std::map (keys of any supported type), and structs that
// list their members with a function found by argument-dependent lookup:
//
//     struct Point { int x; int y; };
//     inline auto isl_fields(Point& p) { return std::tie(p.x, p.y); }
//
// The encoding is private to a build: it is sealed before it leaves the server and only
// ever opened by the same site program (docs/islands.md).
#pragma once

#include <cstdint>
#include <cstring>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace isl::travel {

class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}
  void varint(std::uint64_t v) {
    while (v >= 0x80) {
      out_.push_back(static_cast<char>((v & 0x7f) | 0x80));
      v >>= 7;
    }
    out_.push_back(static_cast<char>(v));
  }
  void bytes(std::string_view b) {
    varint(b.size());
    out_.append(b);
  }
  void fixed(const void* p, std::size_t n) { out_.append(static_cast<const char*>(p), n); }

 private:
  std::string& out_;
};

// Reads what Writer wrote. Any malformed input sets failed() and yields zero values; it
// never reads out of bounds nor allocates more than the input could describe.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  std::uint64_t varint() {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= in_.size()) return fail();
      auto b = static_cast<unsigned char>(in_[pos_++]);
      v |= static_cast<std::uint64_t>(b & 0x7f) << shift;
      if (!(b & 0x80)) return v;
    }
    return fail();
  }
  std::string_view bytes() {
    std::uint64_t n = varint();
    if (n > in_.size() - pos_) return fail(), std::string_view();
    auto s = in_.substr(pos_, n);
    pos_ += n;
    return s;
  }
  bool fixed(void* p, std::size_t n) {
    if (n > in_.size() - pos_) return fail(), false;
    std::memcpy(p, in_.data() + pos_, n);
    pos_ += n;
    return true;
  }
  // An upper bound for an element count: every element takes at least one byte.
  bool plausible_count(std::uint64_t n) const { return n <= in_.size() - pos_; }
  std::uint64_t fail() {
    failed_ = true;
    pos_ = in_.size();
    return 0;
  }
  bool failed() const { return failed_; }
  bool at_end() const { return pos_ == in_.size(); }

 private:
  std::string_view in_;
  std::size_t pos_ = 0;
  bool failed_ = false;
};

namespace detail {
template <class T, class = void>
struct has_fields : std::false_type {};
template <class T>
struct has_fields<T, std::void_t<decltype(isl_fields(std::declval<T&>()))>> : std::true_type {};
template <class>
inline constexpr bool unsupported = false;
}  // namespace detail

// Every overload is declared before any is defined, so that nested containers
// (a vector of maps of optionals) find each other.
template <class T>
void write(Writer& w, const T& v);
template <class T>
void write(Writer& w, const std::optional<T>& v);
template <class T, class A>
void write(Writer& w, const std::vector<T, A>& v);
template <class K, class V, class C, class A>
void write(Writer& w, const std::map<K, V, C, A>& m);
template <class T>
void read(Reader& r, T& v);
template <class T>
void read(Reader& r, std::optional<T>& v);
template <class T, class A>
void read(Reader& r, std::vector<T, A>& v);
template <class K, class V, class C, class A>
void read(Reader& r, std::map<K, V, C, A>& m);

template <class T>
void write(Writer& w, const std::optional<T>& v) {
  w.varint(v ? 1 : 0);
  if (v) write(w, *v);
}
template <class T, class A>
void write(Writer& w, const std::vector<T, A>& v) {
  w.varint(v.size());
  for (const auto& e : v) write(w, e);
}
template <class K, class V, class C, class A>
void write(Writer& w, const std::map<K, V, C, A>& m) {
  w.varint(m.size());
  for (const auto& [k, v] : m) {
    write(w, k);
    write(w, v);
  }
}

template <class T>
void write(Writer& w, const T& v) {
  if constexpr (std::is_same_v<T, bool>) {
    w.varint(v ? 1 : 0);
  } else if constexpr (std::is_integral_v<T> && std::is_signed_v<T>) {
    auto x = static_cast<std::int64_t>(v);
    w.varint((static_cast<std::uint64_t>(x) << 1) ^ static_cast<std::uint64_t>(x >> 63));
  } else if constexpr (std::is_integral_v<T> || std::is_enum_v<T>) {
    w.varint(static_cast<std::uint64_t>(v));
  } else if constexpr (std::is_floating_point_v<T>) {
    w.fixed(&v, sizeof v);
  } else if constexpr (std::is_same_v<T, std::string>) {
    w.bytes(v);
  } else if constexpr (detail::has_fields<T>::value) {
    std::apply([&w](const auto&... field) { (write(w, field), ...); },
               isl_fields(const_cast<T&>(v)));
  } else {
    static_assert(detail::unsupported<T>,
                  "this type cannot travel to a server island: give it "
                  "`auto isl_fields(T& v) { return std::tie(v.a, v.b); }` (docs/islands.md, \"Props that travel\")");
  }
}

template <class T>
void read(Reader& r, std::optional<T>& v) {
  if (r.varint()) {
    T value{};
    read(r, value);
    v = std::move(value);
  } else {
    v.reset();
  }
}
template <class T, class A>
void read(Reader& r, std::vector<T, A>& v) {
  auto n = r.varint();
  if (!r.plausible_count(n)) return (void)r.fail();
  v.clear();
  v.reserve(n);
  for (std::uint64_t i = 0; i < n && !r.failed(); ++i) read(r, v.emplace_back());
}
template <class K, class V, class C, class A>
void read(Reader& r, std::map<K, V, C, A>& m) {
  auto n = r.varint();
  if (!r.plausible_count(n)) return (void)r.fail();
  m.clear();
  for (std::uint64_t i = 0; i < n && !r.failed(); ++i) {
    K k{};
    read(r, k);
    read(r, m[std::move(k)]);
  }
}

template <class T>
void read(Reader& r, T& v) {
  if constexpr (std::is_same_v<T, bool>) {
    auto x = r.varint();
    if (x > 1) r.fail();
    v = x == 1;
  } else if constexpr (std::is_integral_v<T> && std::is_signed_v<T>) {
    auto z = r.varint();
    auto x = static_cast<std::int64_t>((z >> 1) ^ (~(z & 1) + 1));
    if (x < std::numeric_limits<T>::min() || x > std::numeric_limits<T>::max()) r.fail();
    v = static_cast<T>(x);
  } else if constexpr (std::is_integral_v<T>) {
    auto x = r.varint();
    if (x > std::numeric_limits<T>::max()) r.fail();
    v = static_cast<T>(x);
  } else if constexpr (std::is_enum_v<T>) {
    v = static_cast<T>(r.varint());
  } else if constexpr (std::is_floating_point_v<T>) {
    r.fixed(&v, sizeof v);
  } else if constexpr (std::is_same_v<T, std::string>) {
    v = std::string(r.bytes());
  } else if constexpr (detail::has_fields<T>::value) {
    std::apply([&r](auto&... field) { (read(r, field), ...); }, isl_fields(v));
  } else {
    static_assert(detail::unsupported<T>, "this type cannot travel to a server island");
  }
}

template <class T>
std::string encode(const T& value) {
  std::string out;
  Writer w(out);
  write(w, value);
  return out;
}

// False when `bytes` is not exactly one encoded T.
template <class T>
bool decode(std::string_view bytes, T& value) {
  Reader r(bytes);
  read(r, value);
  return !r.failed() && r.at_end();
}

}  // namespace isl::travel
