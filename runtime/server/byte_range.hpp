// `Range: bytes=…` on static files (RFC 9110 §14): one range is answered 206 with that
// slice; several ranges, another unit or bad syntax are ignored (the whole file, 200), which
// the RFC allows; a range that starts past the end is 416.
#pragma once

#include <cstddef>
#include <string_view>

namespace isl::server::detail {

struct ByteRange {
  std::size_t first = 0;
  std::size_t length = 0;
};

enum class RangeRequest {
  whole,          // no usable Range: send everything
  satisfiable,    // send `range`
  unsatisfiable,  // 416, Content-Range: bytes */size
};

RangeRequest parse_byte_range(std::string_view header, std::size_t size, ByteRange& range);

}  // namespace isl::server::detail
