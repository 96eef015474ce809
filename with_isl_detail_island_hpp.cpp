#include <isl/detail/island.hpp>
