#include <isl/component.hpp>
