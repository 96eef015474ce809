#include <isl/site.hpp>
