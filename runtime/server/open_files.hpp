// The open-files limit: every connection is a file descriptor, and the usual soft limit
// (1024) is far below max_connections.
#pragma once

#include <cstddef>

namespace isl::server::detail {

struct OpenFilesLimit {
  std::size_t before = 0;  // the soft limit found
  std::size_t now = 0;     // the soft limit after raising it (to the hard limit)
};

// Raises the soft RLIMIT_NOFILE to the hard limit; logs what it did, and warns when
// max_connections cannot all be open at once.
OpenFilesLimit raise_open_files_limit(std::size_t max_connections);

}  // namespace isl::server::detail

namespace isl::server::detail {

// A descriptor held open to be given up when accept() fails for lack of descriptors: the
// listener can then take one waiting client and answer it 503, instead of leaving the
// whole backlog hanging with no answer.
class SpareDescriptor {
 public:
  SpareDescriptor();
  ~SpareDescriptor();
  SpareDescriptor(const SpareDescriptor&) = delete;
  SpareDescriptor& operator=(const SpareDescriptor&) = delete;

  bool release();  // closes it; false if there was none to close
  void restore();  // opens it again (may fail while descriptors are short)

 private:
  int fd_ = -1;
};

}  // namespace isl::server::detail
