// The compiler's one hash: stable across runs and machines, for names, not for security.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace isl::compiler {

// FNV-1a, 64 bits.
std::uint64_t fnv1a(std::string_view data);

// fnv1a as lowercase hex: scope ids, generated namespaces, stylesheet names.
std::string short_hash(std::string_view data, int hex_digits = 8);

}  // namespace isl::compiler
