// `isl keygen`: a new site key for ISL_KEY.
#include <iostream>

#include "commands.hpp"
#include "seal/keys.hpp"

namespace isl::cli {

int keygen_command() {
  std::cout << seal::generate_key_text() << "\n";
  return 0;
}

}  // namespace isl::cli
