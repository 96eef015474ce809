#include <isl/json.hpp>
