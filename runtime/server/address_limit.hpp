// Connections open per client address: one address may not hold every connection slot
// (10,000 silent sockets from one host would lock everyone else out).
#pragma once

#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

namespace isl::server::detail {

class AddressLimit {
 public:
  explicit AddressLimit(std::size_t per_address) : per_address_(per_address) {}
  // Counts one more connection from `address`; false (and nothing counted) at the limit.
  // A limit of 0 admits everything.
  bool admit(const std::string& address);
  // A connection admitted for `address` closed.
  void release(const std::string& address);

 private:
  const std::size_t per_address_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::size_t> open_;
};

}  // namespace isl::server::detail
