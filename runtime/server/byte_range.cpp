// The Range header's bytes unit: "bytes=0-99", "bytes=100-", "bytes=-100".
#include "server/byte_range.hpp"

#include <charconv>
#include <limits>
#include <optional>

#include "isl/detail/ascii.hpp"

namespace isl::server::detail {

namespace {

using ascii::trim_ows;

// Digits only (no sign, no space), and it fits.
std::optional<std::size_t> number(std::string_view s) {
  if (s.empty()) return std::nullopt;
  std::size_t value = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return value;
}

}  // namespace

RangeRequest parse_byte_range(std::string_view header, std::size_t size, ByteRange& range) {
  header = trim_ows(header);
  constexpr std::string_view kUnit = "bytes=";
  if (header.size() < kUnit.size() || !ascii::iequals(header.substr(0, kUnit.size()), kUnit)) {
    return RangeRequest::whole;
  }
  const std::string_view spec = trim_ows(header.substr(kUnit.size()));
  if (spec.find(',') != std::string_view::npos) return RangeRequest::whole;  // several: the whole file
  const auto dash = spec.find('-');
  if (dash == std::string_view::npos) return RangeRequest::whole;
  const std::string_view first_text = trim_ows(spec.substr(0, dash));
  const std::string_view last_text = trim_ows(spec.substr(dash + 1));

  if (first_text.empty()) {  // "-N": the last N bytes
    const auto suffix = number(last_text);
    if (!suffix) return RangeRequest::whole;
    if (*suffix == 0 || size == 0) return RangeRequest::unsatisfiable;
    range.length = *suffix < size ? *suffix : size;
    range.first = size - range.length;
    return RangeRequest::satisfiable;
  }
  const auto first = number(first_text);
  if (!first) return RangeRequest::whole;
  std::size_t last = std::numeric_limits<std::size_t>::max();
  if (!last_text.empty()) {
    const auto parsed = number(last_text);
    if (!parsed || *parsed < *first) return RangeRequest::whole;  // invalid: ignored
    last = *parsed;
  }
  if (*first >= size) return RangeRequest::unsatisfiable;
  if (last >= size) last = size - 1;
  range.first = *first;
  range.length = last - *first + 1;
  return RangeRequest::satisfiable;
}

}  // namespace isl::server::detail
