#include <isl/app.hpp>
