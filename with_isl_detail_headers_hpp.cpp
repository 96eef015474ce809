#include <isl/detail/headers.hpp>
