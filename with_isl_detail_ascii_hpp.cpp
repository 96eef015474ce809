#include <isl/detail/ascii.hpp>
