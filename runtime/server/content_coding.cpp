// Accept-Encoding negotiation (RFC 9110 §12.5.3) and zlib gzip compression.
#include "server/content_coding.hpp"
#include "isl/detail/ascii.hpp"

#include <zlib.h>

#include <cstddef>
#include <cstdlib>

namespace isl::server::detail {

namespace {

using ascii::trim_ows;

using ascii::iequals;

// "q=0.5" → 500 (thousandths, as the grammar allows three decimals); bad → 1000.
int parse_q(std::string_view v) {
  v = trim_ows(v);
  if (v.empty() || (v[0] != '0' && v[0] != '1')) return 1000;
  int whole = v[0] - '0';
  int frac = 0;
  int digits = 0;
  if (v.size() > 1) {
    if (v[1] != '.') return 1000;
    for (std::size_t i = 2; i < v.size() && digits < 3; ++i, ++digits) {
      if (v[i] < '0' || v[i] > '9') return 1000;
      frac = frac * 10 + (v[i] - '0');
    }
  }
  while (digits < 3) {
    frac *= 10;
    ++digits;
  }
  const int q = whole * 1000 + frac;
  return q > 1000 ? 1000 : q;
}

}  // namespace

Coding choose_coding(const std::string* accept_encoding, bool have_gzip, bool have_br) {
  if (accept_encoding == nullptr || (!have_gzip && !have_br)) return Coding::identity;
  int q_gzip = -1, q_br = -1, q_identity = -1, q_star = -1;
  std::string_view rest = *accept_encoding;
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    std::string_view item = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    const auto semi = item.find(';');
    const std::string_view name = trim_ows(item.substr(0, semi));
    int q = 1000;
    if (semi != std::string_view::npos) {
      std::string_view params = item.substr(semi + 1);
      while (!params.empty()) {
        const auto next = params.find(';');
        const std::string_view param = trim_ows(params.substr(0, next));
        params = next == std::string_view::npos ? std::string_view{} : params.substr(next + 1);
        if (param.size() >= 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '=') {
          q = parse_q(param.substr(2));
        }
      }
    }
    if (iequals(name, "gzip") || iequals(name, "x-gzip")) q_gzip = q;
    else if (iequals(name, "br")) q_br = q;
    else if (iequals(name, "identity")) q_identity = q;
    else if (name == "*") q_star = q;
  }
  // Codings not named get the "*" weight, or are unacceptable; identity is acceptable
  // unless refused by name or by "*;q=0", with the lowest non-zero weight when not named
  // (a client that lists a coding prefers it).
  if (q_gzip < 0) q_gzip = q_star < 0 ? 0 : q_star;
  if (q_br < 0) q_br = q_star < 0 ? 0 : q_star;
  if (q_identity < 0) q_identity = q_star == 0 ? 0 : 1;
  if (!have_gzip) q_gzip = 0;
  if (!have_br) q_br = 0;

  if (q_br > 0 && q_br >= q_gzip && q_br >= q_identity) return Coding::br;
  if (q_gzip > 0 && q_gzip >= q_identity) return Coding::gzip;
  return Coding::identity;
}

std::optional<std::string> gzip_compress(std::string_view data, int level, int memory_level) {
  z_stream zs{};
  // 15 window bits + 16: a gzip wrapper rather than zlib's.
  if (deflateInit2(&zs, level, Z_DEFLATED, 15 + 16, memory_level, Z_DEFAULT_STRATEGY) != Z_OK) {
    return std::nullopt;
  }
  std::string out;
  out.resize(deflateBound(&zs, static_cast<uLong>(data.size())) + 32);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&zs, Z_FINISH);
  const auto written = zs.total_out;
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) return std::nullopt;
  out.resize(written);
  return out;
}

}  // namespace isl::server::detail
