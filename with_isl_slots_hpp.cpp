#include <isl/slots.hpp>
