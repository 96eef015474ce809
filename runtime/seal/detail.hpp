// Private to the sealing module: libsodium initialisation and small shared helpers.
#pragma once

namespace isl::seal::detail {

// sodium_init() exactly once (thread-safe). False if libsodium cannot be initialised.
bool sodium_ready() noexcept;

// Like sodium_ready(), but throws std::runtime_error when libsodium is unusable.
void require_sodium();

}  // namespace isl::seal::detail
