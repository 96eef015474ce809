#include <isl/client_island.hpp>
