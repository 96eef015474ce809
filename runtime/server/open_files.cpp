// setrlimit(RLIMIT_NOFILE) at start, said in the log.
#include "server/open_files.hpp"

#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <spdlog/spdlog.h>

namespace isl::server::detail {

namespace {
// Descriptors that are not connections: the listener, files being read, the log, epoll.
constexpr std::size_t kReserved = 64;

std::size_t as_size(rlim_t v) { return v == RLIM_INFINITY ? static_cast<std::size_t>(-1) : static_cast<std::size_t>(v); }
}  // namespace

OpenFilesLimit raise_open_files_limit(std::size_t max_connections) {
  OpenFilesLimit result;
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return result;
  result.before = result.now = as_size(limit.rlim_cur);
  if (limit.rlim_cur < limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max;
    if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) {
      result.now = as_size(raised.rlim_cur);
      spdlog::info("open files limit raised from {} to {}", result.before, result.now);
    }
  }
  if (result.now < max_connections + kReserved) {
    spdlog::warn("open files limit {} is below max_connections {}: beyond about {} connections, new ones are "
                 "answered 503 (raise `ulimit -n` or LimitNOFILE=)",
                 result.now, max_connections, result.now > kReserved ? result.now - kReserved : 0);
  }
  return result;
}

SpareDescriptor::SpareDescriptor() { restore(); }

SpareDescriptor::~SpareDescriptor() {
  if (fd_ >= 0) ::close(fd_);
}

bool SpareDescriptor::release() {
  if (fd_ < 0) return false;
  ::close(fd_);
  fd_ = -1;
  return true;
}

void SpareDescriptor::restore() {
  if (fd_ < 0) fd_ = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
}

}  // namespace isl::server::detail
