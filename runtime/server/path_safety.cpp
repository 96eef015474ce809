// Request-target splitting and the path rules of docs/server.md ("Paths").
#include "server/path_safety.hpp"

#include <cstddef>

namespace isl::server::detail {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool is_control(unsigned char c) { return c < 0x20 || c == 0x7f; }

// Absolute-form ("http://host:port/path?q") is reduced to its path and query.
bool strip_absolute_form(std::string_view& target) {
  for (std::string_view scheme : {"http://", "https://"}) {
    if (target.size() >= scheme.size()) {
      bool same = true;
      for (std::size_t i = 0; i < scheme.size(); ++i) {
        char c = target[i];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (c != scheme[i]) {
          same = false;
          break;
        }
      }
      if (same) {
        std::string_view rest = target.substr(scheme.size());
        const auto end = rest.find_first_of("/?");
        // "http://host" → "/"; "http://host?q" → "?q" (an empty path, read as "/").
        target = end == std::string_view::npos ? std::string_view("/") : rest.substr(end);
        return true;
      }
    }
  }
  return false;
}

}  // namespace

TargetError split_target(std::string_view target, SplitTarget& out) {
  out.path.clear();
  out.query.clear();
  if (target.empty()) return TargetError::bad_form;
  if (target.front() != '/') {
    if (!strip_absolute_form(target)) return TargetError::bad_form;
  }

  // A fragment is never sent by a conforming client; drop it if one is.
  if (const auto hash = target.find('#'); hash != std::string_view::npos) {
    target = target.substr(0, hash);
  }
  std::string_view raw_path = target;
  if (const auto q = target.find('?'); q != std::string_view::npos) {
    raw_path = target.substr(0, q);
    out.query = std::string(target.substr(q + 1));
  }
  if (raw_path.empty()) raw_path = "/";
  if (raw_path.front() != '/') return TargetError::bad_form;

  out.path.reserve(raw_path.size());
  for (std::size_t i = 0; i < raw_path.size(); ++i) {
    const char c = raw_path[i];
    if (c == '%') {
      if (i + 2 >= raw_path.size()) return TargetError::bad_encoding;  // "%" or "%4" at the end
      const int hi = hex_value(raw_path[i + 1]);
      const int lo = hex_value(raw_path[i + 2]);
      if (hi < 0 || lo < 0) return TargetError::bad_encoding;
      const auto byte = static_cast<unsigned char>(hi * 16 + lo);
      // An encoded separator would let one segment name a path in another directory.
      if (byte == '/' || byte == '\\' || is_control(byte)) return TargetError::forbidden;
      out.path.push_back(static_cast<char>(byte));
      i += 2;
      continue;
    }
    const auto u = static_cast<unsigned char>(c);
    if (c == '\\' || is_control(u)) return TargetError::forbidden;
    out.path.push_back(c);
  }

  // "." and ".." segments (after decoding, so "%2e%2e" counts) are refused outright:
  // browsers normalise them away, so only probes send them.
  std::size_t start = 1;
  while (start <= out.path.size()) {
    auto end = out.path.find('/', start);
    if (end == std::string::npos) end = out.path.size();
    const std::string_view seg(out.path.data() + start, end - start);
    if (seg == "." || seg == "..") return TargetError::forbidden;
    start = end + 1;
  }
  return TargetError::none;
}

}  // namespace isl::server::detail
