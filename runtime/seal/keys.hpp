// The site key: parsing ISL_KEY / key files, key ids, rotation.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace isl::seal {

struct Key {
  std::array<std::uint8_t, 32> master{};
  // Derived once: one subkey encrypts, the other derives nonces (SIV style).
  std::array<std::uint8_t, 32> encryption{};
  std::array<std::uint8_t, 32> nonce{};
  std::string id;  // 8 lowercase hex digits, a keyed hash of the key: safe to show
};

// The keys a server or build holds: the first seals, every one opens.
class KeyRing {
 public:
  // "base64,base64,..." (standard base64 of 32 bytes each; spaces and newlines ignored).
  // Throws std::invalid_argument with a message that names the bad entry (never its value).
  static KeyRing parse(std::string_view text);
  static KeyRing from_file(const std::string& path);  // same format; throws on I/O errors
  static KeyRing generate();                           // one fresh random key

  const Key& sealing() const { return keys_.front(); }
  const Key* find(std::string_view id) const;
  const std::vector<Key>& keys() const { return keys_; }
  std::vector<std::string> ids() const;
  std::string to_text() const;  // the parse() format, for writing a development key file

 private:
  std::vector<Key> keys_;
};

Key make_key(const std::array<std::uint8_t, 32>& master);
std::string generate_key_text();  // what `isl keygen` prints: base64 of 32 random bytes

}  // namespace isl::seal
