#include <isl/source_location.hpp>
