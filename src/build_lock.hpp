// One build of a site at a time: an exclusive flock on SITE/.isl/build.lock, held until
// the BuildLock is destroyed (or the process dies: the kernel drops it). Two builds at
// once would share .isl/gen, .isl/build and dist.isl-new, and publish a broken dist/.
#pragma once

#include <filesystem>
#include <string>

namespace isl::cli {

class BuildLock {
 public:
  // Takes the lock. When another build holds it: with `wait`, says so on stderr
  // ("waiting for another build of SITE (pid N)") and waits; without, returns a lock that
  // is not held and `refusal()` says why.
  static BuildLock acquire(const std::filesystem::path& work_dir, const std::filesystem::path& site, bool wait);

  BuildLock(BuildLock&& other) noexcept;
  BuildLock& operator=(BuildLock&&) = delete;
  BuildLock(const BuildLock&) = delete;
  ~BuildLock();

  bool held() const { return fd_ >= 0; }
  const std::string& refusal() const { return refusal_; }

 private:
  BuildLock() = default;
  int fd_ = -1;
  std::string refusal_;
};

}  // namespace isl::cli
