// flock(2) on a lock file that also holds the owner's pid, for the message of whoever waits.
#include "build_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <stdexcept>
#include <string>

namespace isl::cli {

namespace {

std::string read_owner(int fd) {
  char buf[32] = {};
  const ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
  std::string pid = n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string();
  while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) pid.pop_back();
  return pid.empty() ? "unknown" : pid;
}

void write_owner(int fd) {
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) == 0) (void)!::pwrite(fd, pid.data(), pid.size(), 0);
}

}  // namespace

BuildLock BuildLock::acquire(const std::filesystem::path& work_dir, const std::filesystem::path& site, bool wait) {
  std::filesystem::create_directories(work_dir);
  const auto file = work_dir / "build.lock";
  // Close-on-exec: cmake, the compiler and a dev server must not inherit (and keep) it.
  const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) throw std::runtime_error("cannot open " + file.string() + ": " + std::strerror(errno));
  BuildLock lock;
  lock.fd_ = fd;
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno != EWOULDBLOCK) throw std::runtime_error("cannot lock " + file.string() + ": " + std::strerror(errno));
    const std::string owner = read_owner(fd);
    if (!wait) {
      ::close(fd);
      lock.fd_ = -1;
      lock.refusal_ = "another build of " + site.string() + " is running (pid " + owner + "); not waiting (--no-wait)";
      return lock;
    }
    std::cerr << "waiting for another build of " << site.string() << " (pid " << owner << ")" << std::endl;
    int r;
    while ((r = ::flock(fd, LOCK_EX)) != 0 && errno == EINTR) {
    }
    if (r != 0) throw std::runtime_error("cannot lock " + file.string() + ": " + std::strerror(errno));
  }
  write_owner(fd);
  return lock;
}

BuildLock::BuildLock(BuildLock&& other) noexcept : fd_(other.fd_), refusal_(std::move(other.refusal_)) {
  other.fd_ = -1;
}

BuildLock::~BuildLock() {
  if (fd_ >= 0) ::close(fd_);  // releases the flock
}

}  // namespace isl::cli
