#include "seal/keys.hpp"

#include <sodium.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>

#include "seal/base64.hpp"
#include "seal/detail.hpp"

namespace isl::seal {

namespace detail {

bool sodium_ready() noexcept {
  // C++ guarantees thread-safe initialisation of function-local statics; sodium_init()
  // itself is also safe to call more than once (it returns 1 when already done).
  static const bool ready = sodium_init() >= 0;
  return ready;
}

void require_sodium() {
  if (!sodium_ready()) throw std::runtime_error("libsodium could not be initialised");
}

}  // namespace detail

namespace {

// crypto_kdf context and subkey ids. Changing any of these changes every key id and
// every sealed payload: they are part of the wire format (see docs/islands.md).
constexpr char kKdfContext[crypto_kdf_CONTEXTBYTES + 1] = "islseal1";
constexpr std::uint64_t kEncryptionSubkey = 1;
constexpr std::uint64_t kNonceSubkey = 2;
constexpr std::uint64_t kIdSubkey = 3;

static_assert(sizeof(kKdfContext) == crypto_kdf_CONTEXTBYTES + 1);
static_assert(crypto_kdf_KEYBYTES == 32);
static_assert(crypto_aead_xchacha20poly1305_ietf_KEYBYTES == 32);

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// Wipes a std::string holding key material when it goes out of scope.
struct Wipe {
  std::string& s;
  ~Wipe() { sodium_memzero(s.data(), s.size()); }
};

std::string where(std::size_t i, std::size_t n) {
  return "key " + std::to_string(i + 1) + " of " + std::to_string(n);
}

}  // namespace

Key make_key(const std::array<std::uint8_t, 32>& master) {
  detail::require_sodium();
  Key key;
  key.master = master;
  crypto_kdf_derive_from_key(key.encryption.data(), key.encryption.size(), kEncryptionSubkey, kKdfContext,
                             master.data());
  crypto_kdf_derive_from_key(key.nonce.data(), key.nonce.size(), kNonceSubkey, kKdfContext, master.data());
  // The id is the first 4 bytes of a third subkey: a one-way function of the master, so it
  // can be shown in logs and travels in every payload without revealing anything useful.
  unsigned char id_subkey[crypto_kdf_BYTES_MIN];
  crypto_kdf_derive_from_key(id_subkey, sizeof id_subkey, kIdSubkey, kKdfContext, master.data());
  char hex[2 * 4 + 1];
  sodium_bin2hex(hex, sizeof hex, id_subkey, 4);
  sodium_memzero(id_subkey, sizeof id_subkey);
  key.id = hex;
  return key;
}

KeyRing KeyRing::parse(std::string_view text) {
  detail::require_sodium();
  std::vector<std::string_view> entries;
  for (std::size_t start = 0;;) {
    const std::size_t comma = text.find(',', start);
    entries.push_back(trim(text.substr(start, comma == std::string_view::npos ? std::string_view::npos
                                                                                : comma - start)));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  if (entries.size() == 1 && entries.front().empty()) {
    throw std::invalid_argument("no key given (expected base64 of 32 bytes; `isl keygen` makes one)");
  }

  KeyRing ring;
  const std::size_t n = entries.size();
  for (std::size_t i = 0; i < n; ++i) {
    if (entries[i].empty()) throw std::invalid_argument(where(i, n) + ": empty");
    std::optional<std::string> bytes = base64_decode(entries[i]);
    if (!bytes || bytes->size() != 32) {
      if (bytes) sodium_memzero(bytes->data(), bytes->size());
      throw std::invalid_argument(where(i, n) + ": not base64 of 32 bytes");
    }
    Wipe wipe{*bytes};
    std::array<std::uint8_t, 32> master{};
    std::copy(bytes->begin(), bytes->end(), master.begin());
    Key key = make_key(master);
    sodium_memzero(master.data(), master.size());
    for (std::size_t j = 0; j < ring.keys_.size(); ++j) {
      // Duplicates are rejected: a repeated entry is almost always a copy-and-paste slip
      // (say, the old key pasted where the new one should be) and is better caught early.
      if (sodium_memcmp(ring.keys_[j].master.data(), key.master.data(), key.master.size()) == 0) {
        throw std::invalid_argument(where(i, n) + ": same key as key " + std::to_string(j + 1));
      }
      // Two different keys with the same 32-bit id (odds about 1 in 4 billion) would make
      // payloads ambiguous; refuse rather than guess.
      if (ring.keys_[j].id == key.id) {
        throw std::invalid_argument(where(i, n) + ": key id " + key.id + " collides with key " +
                                    std::to_string(j + 1) + "; generate another key");
      }
    }
    ring.keys_.push_back(std::move(key));
  }
  return ring;
}

KeyRing KeyRing::from_file(const std::string& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) throw std::runtime_error("key file " + path + ": cannot open (" + std::strerror(errno) + ")");
  std::string text;
  Wipe wipe{text};
  char buf[4096];
  for (;;) {
    const std::size_t got = std::fread(buf, 1, sizeof buf, f.get());
    text.append(buf, got);
    if (got < sizeof buf) break;
    if (text.size() > (1u << 20)) {
      sodium_memzero(buf, sizeof buf);
      throw std::runtime_error("key file " + path + ": too large to be a key file");
    }
  }
  sodium_memzero(buf, sizeof buf);
  if (std::ferror(f.get())) {
    throw std::runtime_error("key file " + path + ": cannot read (" + std::strerror(errno) + ")");
  }
  try {
    return parse(text);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument("key file " + path + ": " + e.what());
  }
}

KeyRing KeyRing::generate() {
  detail::require_sodium();
  std::array<std::uint8_t, 32> master{};
  randombytes_buf(master.data(), master.size());
  KeyRing ring;
  ring.keys_.push_back(make_key(master));
  sodium_memzero(master.data(), master.size());
  return ring;
}

const Key* KeyRing::find(std::string_view id) const {
  for (const Key& key : keys_) {
    if (key.id == id) return &key;
  }
  return nullptr;
}

std::vector<std::string> KeyRing::ids() const {
  std::vector<std::string> out;
  out.reserve(keys_.size());
  for (const Key& key : keys_) out.push_back(key.id);
  return out;
}

std::string KeyRing::to_text() const {
  std::string out;
  for (const Key& key : keys_) {
    if (!out.empty()) out += ',';
    out += base64_encode(std::string_view(reinterpret_cast<const char*>(key.master.data()), key.master.size()));
  }
  return out;
}

std::string generate_key_text() {
  detail::require_sodium();
  std::array<std::uint8_t, 32> master{};
  randombytes_buf(master.data(), master.size());
  std::string text =
      base64_encode(std::string_view(reinterpret_cast<const char*>(master.data()), master.size()));
  sodium_memzero(master.data(), master.size());
  return text;
}

}  // namespace isl::seal
