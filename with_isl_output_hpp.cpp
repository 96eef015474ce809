#include <isl/output.hpp>
