#include "seal/seal.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "seal/base64.hpp"
#include "seal/detail.hpp"

namespace isl::seal {
namespace {

// Wire format, before base64url (see docs/islands.md, "Wire format"):
//   version (1) | key id (4) | nonce (24) | ciphertext (n) | tag (16)
constexpr std::uint8_t kVersion = 0x01;
constexpr std::size_t kIdBytes = 4;
constexpr std::size_t kNonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr std::size_t kTagBytes = crypto_aead_xchacha20poly1305_ietf_ABYTES;
constexpr std::size_t kHeaderBytes = 1 + kIdBytes + kNonceBytes;
constexpr std::size_t kMinBytes = kHeaderBytes + kTagBytes;

static_assert(kNonceBytes == 24);
static_assert(kTagBytes == 16);
static_assert(kNonceBytes >= crypto_generichash_BYTES_MIN && kNonceBytes <= crypto_generichash_BYTES_MAX);
static_assert(crypto_generichash_KEYBYTES_MAX >= 32);

constexpr std::string_view kDomain = "isl-island-v1";

using KeyId = std::array<unsigned char, kIdBytes>;

const unsigned char* bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

std::string_view purpose_name(Purpose p) { return p == Purpose::slots ? "slots" : "props"; }

void put_u32be(std::string& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((v >> shift) & 0xFF));
}

// "isl-island-v1" 0x00 | key id (4) | 0x00 | len(island) (u32 BE) | island | 0x00 | purpose
// Every field is fixed-length or length-prefixed except the last, so no two
// (key id, island, purpose) triples give the same bytes.
std::string additional_data(const KeyId& id, std::string_view island, Purpose purpose) {
  std::string ad;
  ad.reserve(kDomain.size() + 1 + kIdBytes + 1 + 4 + island.size() + 1 + 5);
  ad.append(kDomain);
  ad.push_back('\0');
  ad.append(reinterpret_cast<const char*>(id.data()), id.size());
  ad.push_back('\0');
  put_u32be(ad, static_cast<std::uint32_t>(island.size()));
  ad.append(island);
  ad.push_back('\0');
  ad.append(purpose_name(purpose));
  return ad;
}

// The synthetic nonce: BLAKE2b-192 keyed with the nonce subkey over
// len(ad) (u64 BE) | ad | plaintext.
std::array<unsigned char, kNonceBytes> synthetic_nonce(const Key& key, std::string_view ad,
                                                       std::string_view plaintext) {
  std::array<unsigned char, kNonceBytes> nonce{};
  crypto_generichash_state st;
  crypto_generichash_init(&st, key.nonce.data(), key.nonce.size(), nonce.size());
  unsigned char len[8];
  const auto n = static_cast<std::uint64_t>(ad.size());
  for (int i = 0; i < 8; ++i) len[i] = static_cast<unsigned char>((n >> (56 - 8 * i)) & 0xFF);
  crypto_generichash_update(&st, len, sizeof len);
  crypto_generichash_update(&st, bytes(ad), ad.size());
  crypto_generichash_update(&st, bytes(plaintext), plaintext.size());
  crypto_generichash_final(&st, nonce.data(), nonce.size());
  sodium_memzero(&st, sizeof st);
  return nonce;
}

bool id_bytes(std::string_view hex, KeyId& out) {
  if (hex.size() != 2 * kIdBytes) return false;
  std::size_t len = 0;
  return sodium_hex2bin(out.data(), out.size(), hex.data(), hex.size(), nullptr, &len, nullptr) == 0 &&
         len == kIdBytes;
}

Opened refuse(std::string error) { return Opened{std::nullopt, std::move(error)}; }

}  // namespace

std::string seal(const Key& key, std::string_view island, Purpose purpose, std::string_view plaintext) {
  detail::require_sodium();
  KeyId id{};
  if (!id_bytes(key.id, id)) throw std::invalid_argument("seal: key has no valid id (use make_key)");
  if (island.size() > UINT32_MAX) throw std::length_error("seal: island name too long");
  if (plaintext.size() > crypto_aead_xchacha20poly1305_ietf_MESSAGEBYTES_MAX - kMinBytes) {
    throw std::length_error("seal: payload too large");
  }

  const std::string ad = additional_data(id, island, purpose);
  const auto nonce = synthetic_nonce(key, ad, plaintext);

  std::string wire(kHeaderBytes + plaintext.size() + kTagBytes, '\0');
  auto* out = reinterpret_cast<unsigned char*>(wire.data());
  out[0] = kVersion;
  std::copy(id.begin(), id.end(), out + 1);
  std::copy(nonce.begin(), nonce.end(), out + 1 + kIdBytes);
  unsigned long long clen = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(out + kHeaderBytes, &clen, bytes(plaintext), plaintext.size(),
                                             bytes(ad), ad.size(), nullptr, nonce.data(), key.encryption.data());
  wire.resize(kHeaderBytes + static_cast<std::size_t>(clen));
  return base64url_encode(wire);
}

Opened open(const KeyRing& keys, std::string_view island, Purpose purpose, std::string_view sealed) {
  try {
    if (!detail::sodium_ready()) return refuse("server error: libsodium unavailable");
    if (sealed.empty()) return refuse("empty payload");
    const std::optional<std::string> decoded = base64url_decode(sealed);
    if (!decoded) return refuse("not base64url");
    const std::string& wire = *decoded;
    const auto* in = bytes(wire);
    if (wire.empty()) return refuse("too short");
    if (in[0] != kVersion) return refuse("unknown version");
    if (wire.size() < kMinBytes) return refuse("too short");

    KeyId id{};
    std::copy(in + 1, in + 1 + kIdBytes, id.begin());
    char hex[2 * kIdBytes + 1];
    sodium_bin2hex(hex, sizeof hex, id.data(), id.size());
    const Key* key = keys.find(hex);
    if (key == nullptr) return refuse("sealed with an unknown key");

    const std::string ad = additional_data(id, island, purpose);
    const unsigned char* nonce = in + 1 + kIdBytes;
    std::string plaintext(wire.size() - kMinBytes, '\0');
    unsigned long long mlen = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(reinterpret_cast<unsigned char*>(plaintext.data()), &mlen,
                                                   nullptr, in + kHeaderBytes, wire.size() - kHeaderBytes,
                                                   bytes(ad), ad.size(), nonce, key->encryption.data()) != 0) {
      return refuse("tampered, truncated or sealed for another island");
    }
    plaintext.resize(static_cast<std::size_t>(mlen));

    // SIV check: seal() derives the nonce from the contents, so an authentic payload
    // always carries exactly that nonce. Anything else was not made by seal().
    const auto expected = synthetic_nonce(*key, ad, plaintext);
    if (sodium_memcmp(expected.data(), nonce, expected.size()) != 0) {
      return refuse("nonce does not match the contents");
    }
    return Opened{std::move(plaintext), {}};
  } catch (...) {
    // Only allocation can throw here; a 400 is still better than a dead worker.
    return refuse("payload could not be processed");
  }
}

}  // namespace isl::seal
