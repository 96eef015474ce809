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
#include "isl/detail/island.hpp"
#include "isl/output.hpp"
#include "isl/slots.hpp"
#include "isl/travel.hpp"

namespace isl::detail {

// Whether a use of a component may leave a Props member without an initializer out: when
// it is a std::optional, whatever alias names it. Generated code asks at each use that
// leaves out a member whose type the .isl compiler cannot see through.
template <class T>
inline constexpr bool may_be_left_out = false;
template <class T>
inline constexpr bool may_be_left_out<std::optional<T>> = true;
template <class T>
inline constexpr bool may_be_left_out<const T> = may_be_left_out<T>;

}  // namespace isl::detail
