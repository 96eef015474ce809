#include "commands.hpp"
#include <iostream>
namespace isl::cli {
int new_command(const std::string& dir) {
  std::cerr << "isl new " << dir << ": not yet\n";
  return 1;
}
}
