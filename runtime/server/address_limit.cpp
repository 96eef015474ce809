// A count per address, erased at zero so the map holds only addresses with connections.
#include "server/address_limit.hpp"

namespace isl::server::detail {

bool AddressLimit::admit(const std::string& address) {
  if (per_address_ == 0) return true;
  std::lock_guard lock(mutex_);
  std::size_t& n = open_[address];
  if (n >= per_address_) return false;
  ++n;
  return true;
}

void AddressLimit::release(const std::string& address) {
  if (per_address_ == 0) return;
  std::lock_guard lock(mutex_);
  const auto it = open_.find(address);
  if (it == open_.end()) return;
  if (--it->second == 0) open_.erase(it);
}

}  // namespace isl::server::detail
