#include "commands.hpp"
#include <iostream>
namespace isl::cli {
int dev_command(const DevOptions&) {
  std::cerr << "isl dev: not yet\n";
  return 1;
}
}
