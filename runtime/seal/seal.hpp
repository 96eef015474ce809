// Sealing island payloads: XChaCha20-Poly1305 (IETF) with a synthetic nonce.
//
// Wire format (then base64url):  version(1) | key id (4 bytes) | nonce (24) | ciphertext+tag
// Additional data: "isl-island-v1" | key id | island name | purpose — so a payload opens
// only for the island and the purpose it was sealed for, under the key it names.
// The nonce is a keyed BLAKE2b of (additional data, plaintext) under a separate subkey:
// the same input under the same key seals to the same bytes (stable, cacheable URLs).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "seal/keys.hpp"

namespace isl::seal {

enum class Purpose { props, slots };

std::string seal(const Key& key, std::string_view island, Purpose purpose, std::string_view plaintext);

struct Opened {
  std::optional<std::string> plaintext;
  std::string error;  // one line, for a 400 answer: "tampered or truncated payload", ...
};
Opened open(const KeyRing& keys, std::string_view island, Purpose purpose, std::string_view sealed);

}  // namespace isl::seal
