// Shared helpers for the sealing tests.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "seal/base64.hpp"
#include "seal/keys.hpp"

namespace isl::seal::testing {

// A fixed master key: every byte `fill` (or fill, fill+1, ... with `step`).
inline std::array<std::uint8_t, 32> master_of(std::uint8_t fill, std::uint8_t step = 0) {
  std::array<std::uint8_t, 32> m{};
  for (std::size_t i = 0; i < m.size(); ++i) m[i] = static_cast<std::uint8_t>(fill + step * i);
  return m;
}

inline std::string key_text(const std::array<std::uint8_t, 32>& master) {
  return base64_encode(std::string_view(reinterpret_cast<const char*>(master.data()), master.size()));
}

inline KeyRing ring_of(std::uint8_t fill) { return KeyRing::parse(key_text(master_of(fill, 7))); }

// Deterministic pseudo-random bytes (xorshift), so failures reproduce.
inline std::string pseudo_random_bytes(std::size_t n, std::uint64_t seed = 0x9e3779b97f4a7c15ull) {
  std::string out(n, '\0');
  std::uint64_t x = seed;
  for (auto& c : out) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    c = static_cast<char>(x & 0xFF);
  }
  return out;
}

}  // namespace isl::seal::testing
