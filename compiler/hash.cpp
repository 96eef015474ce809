#include "compiler/hash.hpp"

namespace isl::compiler {

std::uint64_t fnv1a(std::string_view data) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : data) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

std::string short_hash(std::string_view data, int hex_digits) {
  const std::uint64_t h = fnv1a(data);
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < hex_digits; ++i) out += hex[(h >> (60 - 4 * (i % 16))) & 0xf];
  return out;
}

}  // namespace isl::compiler
