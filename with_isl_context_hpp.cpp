#include <isl/context.hpp>
