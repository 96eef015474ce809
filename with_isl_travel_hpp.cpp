#include <isl/travel.hpp>
