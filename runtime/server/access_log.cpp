// The access-log line format.
#include "server/access_log.hpp"

#include <fmt/format.h>

#include <iterator>
#include <string>

namespace isl::server::detail {

namespace {

void append_printable(std::string_view s, std::string& out) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f || c == '"' || c == '\\') {
      out += "\\x";
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 15]);
    } else {
      out.push_back(c);
    }
  }
}

// Cut so that one request cannot make a log line of megabytes; how much there was is kept.
void append_shown_path(std::string_view path, std::string& out) {
  append_printable(path.substr(0, kLoggedTargetBytes), out);
  if (path.size() > kLoggedTargetBytes) fmt::format_to(std::back_inserter(out), "...({} bytes)", path.size());
}

// The request line: "METHOD SP target SP version".
std::string_view request_line_part(std::string_view received, int index) {
  received = received.substr(0, received.find_first_of("\r\n"));
  for (int i = 0; i < index; ++i) {
    const auto space = received.find(' ');
    if (space == std::string_view::npos) return "-";
    received.remove_prefix(space + 1);
  }
  received = received.substr(0, received.find(' '));
  return received.empty() ? std::string_view("-") : received;
}

}  // namespace

std::string_view refused_target(std::string_view raw_target) {
  const auto q = raw_target.find('?');
  return q == std::string_view::npos ? raw_target : raw_target.substr(0, q + 1);
}

std::string_view received_method(std::string_view received) {
  std::string_view m = request_line_part(received, 0);
  return m.size() > 16 ? m.substr(0, 16) : m;
}

std::string_view received_target(std::string_view received) {
  return refused_target(request_line_part(received, 1));
}

void append_access_message(const AccessRecord& r, std::string& out) {
  const double ms = std::chrono::duration<double, std::milli>(r.duration).count();
  out.append(r.remote);
  out.append(" \"");
  append_printable(r.method, out);
  out.push_back(' ');
  append_shown_path(r.path, out);
  fmt::format_to(std::back_inserter(out), "\" {} {}B {:.1f}ms", r.status, r.bytes, ms);
  if (!r.cache.empty()) {
    out.append(" cache=");
    out.append(r.cache);
  }
}

}  // namespace isl::server::detail
