#include <isl/html.hpp>
