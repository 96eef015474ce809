// The access-log line format.
#include "server/access_log.hpp"

#include <spdlog/spdlog.h>

#include <string>

namespace isl::server::detail {

namespace {

std::string printable(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
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
  return out;
}

}  // namespace

void write_access_log(const AccessRecord& r) {
  const double ms = std::chrono::duration<double, std::milli>(r.duration).count();
  spdlog::info("{} \"{} {}\" {} {}B {:.1f}ms{}{}", r.remote, printable(r.method), printable(r.path), r.status,
               r.bytes, ms, r.cache.empty() ? "" : " cache=", r.cache);
}

}  // namespace isl::server::detail
