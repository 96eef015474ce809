// HttpRequest helpers: the site-facing request type has no Beast dependency.
#include "server/http_types.hpp"
#include "ascii.hpp"

#include <cstddef>

namespace isl::server {

namespace {
using ascii::iequals;
}  // namespace

const std::string* HttpRequest::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (iequals(key, name)) return &value;
  }
  return nullptr;
}

}  // namespace isl::server
