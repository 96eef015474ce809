// The static-site snapshot and the connection registry.
#include "server/shared_state.hpp"

namespace isl::server::detail {

std::shared_ptr<const StaticSite> Shared::site() const {
  std::lock_guard lock(site_mutex_);
  return site_;
}

void Shared::set_site(std::shared_ptr<const StaticSite> site) {
  std::lock_guard lock(site_mutex_);
  site_ = std::move(site);
}

std::uint64_t Shared::add_session(std::weak_ptr<SessionBase> session) {
  std::lock_guard lock(sessions_mutex_);
  const std::uint64_t id = next_id_++;
  sessions_.emplace(id, std::move(session));
  open_.store(sessions_.size(), std::memory_order_relaxed);
  return id;
}

void Shared::remove_session(std::uint64_t id) {
  {
    std::lock_guard lock(sessions_mutex_);
    sessions_.erase(id);
    open_.store(sessions_.size(), std::memory_order_relaxed);
  }
  sessions_cv_.notify_all();
}

std::vector<std::shared_ptr<SessionBase>> Shared::sessions() const {
  std::vector<std::shared_ptr<SessionBase>> out;
  std::lock_guard lock(sessions_mutex_);
  out.reserve(sessions_.size());
  for (const auto& [id, weak] : sessions_) {
    if (auto s = weak.lock()) out.push_back(std::move(s));
  }
  return out;
}

bool Shared::wait_until_no_sessions(std::chrono::steady_clock::time_point deadline) {
  std::unique_lock lock(sessions_mutex_);
  return sessions_cv_.wait_until(lock, deadline, [this] { return sessions_.empty(); });
}

}  // namespace isl::server::detail
