// Everything a generated component includes: kept light on purpose (no Beast, no JSON),
// because every template's translation unit pays for it (docs/performance.md).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "isl/context.hpp"
#include "isl/html.hpp"
#include "isl/island.hpp"
#include "isl/output.hpp"
#include "isl/slots.hpp"
#include "isl/travel.hpp"
