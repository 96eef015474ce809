// renameat2(RENAME_EXCHANGE) with a fallback for file systems without it.
#include "publish_dist.hpp"

#include <fcntl.h>
#include <stdio.h>

#include <cerrno>

namespace fs = std::filesystem;

namespace isl::cli {

std::string publish_dist(const fs::path& staging, const fs::path& dist) {
  std::error_code ec;
  if (!fs::exists(dist, ec)) {
    fs::rename(staging, dist, ec);
    if (ec) {
      remove_quietly(staging);
      throw fs::filesystem_error("cannot publish", staging, dist, ec);
    }
    return {};
  }
  if (::renameat2(AT_FDCWD, staging.c_str(), AT_FDCWD, dist.c_str(), RENAME_EXCHANGE) == 0) {
    // `staging` now holds the old tree.
    fs::remove_all(staging, ec);
    return ec ? fs_reason(ec) : std::string();
  }
  const int exchange_errno = errno;
  if (exchange_errno != EINVAL && exchange_errno != ENOSYS && exchange_errno != ENOTSUP) {
    remove_quietly(staging);
    throw fs::filesystem_error("cannot publish", staging, dist, std::error_code(exchange_errno, std::generic_category()));
  }
  // No exchange on this file system: two renames, with a moment without `dist`.
  fs::path old = dist;
  old += ".isl-old";
  remove_quietly(old);
  fs::rename(dist, old, ec);
  if (!ec) fs::rename(staging, dist, ec);
  if (ec) {
    std::error_code restore;
    if (!fs::exists(dist)) fs::rename(old, dist, restore);
    remove_quietly(staging);
    throw fs::filesystem_error("cannot publish", staging, dist, ec);
  }
  fs::remove_all(old, ec);
  return ec ? fs_reason(ec) : std::string();
}

std::string fs_reason(const std::error_code& ec) {
  switch (ec.value()) {
    case EACCES:
    case EPERM: return "permission denied (is the folder read-only?)";
    case EROFS: return "read-only file system";
    case ENOSPC: return "no space left on the device";
    case EDQUOT: return "disk quota exceeded";
    case EMFILE:
    case ENFILE: return "too many open files";
    default: return ec.message();
  }
}

std::string disk_full_note(const fs::path& path) {
  std::error_code ec;
  fs::path existing = path;
  while (!existing.empty() && !fs::exists(existing, ec)) existing = existing.parent_path();
  const auto space = fs::space(existing.empty() ? fs::path("/") : existing, ec);
  return !ec && space.available < 64 * 1024 ? " (no space left on the device)" : "";
}

void remove_quietly(const fs::path& path) {
  std::error_code ec;
  fs::remove_all(path, ec);
}

}  // namespace isl::cli
