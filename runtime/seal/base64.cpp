#include "seal/base64.hpp"

#include <sodium.h>

#include "seal/detail.hpp"

namespace isl::seal {
namespace {

std::string encode(std::string_view bytes, int variant) {
  detail::require_sodium();
  // sodium_base64_ENCODED_LEN counts the terminating NUL.
  const std::size_t cap = sodium_base64_ENCODED_LEN(bytes.size(), variant);
  std::string out(cap, '\0');
  sodium_bin2base64(out.data(), cap, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                    variant);
  out.resize(cap - 1);
  return out;
}

// Strict: no characters are ignored (so no whitespace anywhere), the whole input must be
// consumed (b64_end == nullptr), padding must be exactly right for the padded variant and
// absent for the unpadded one, and unused trailing bits must be zero (canonical form).
std::optional<std::string> decode(std::string_view text, int variant) {
  if (!detail::sodium_ready()) return std::nullopt;
  std::string out(text.size() / 4 * 3 + 3, '\0');
  std::size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(),
                        nullptr, &len, nullptr, variant) != 0) {
    return std::nullopt;
  }
  out.resize(len);
  return out;
}

}  // namespace

std::string base64url_encode(std::string_view bytes) {
  return encode(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

std::optional<std::string> base64url_decode(std::string_view text) {
  return decode(text, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

std::string base64_encode(std::string_view bytes) { return encode(bytes, sodium_base64_VARIANT_ORIGINAL); }

std::optional<std::string> base64_decode(std::string_view text) {
  return decode(text, sodium_base64_VARIANT_ORIGINAL);
}

}  // namespace isl::seal
