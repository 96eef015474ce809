#include "isl/html.hpp"

#include "isl/detail/html_escape.hpp"

namespace isl {

void escape_html_append(std::string& out, std::string_view text) { detail::append_html_escaped(out, text); }

}  // namespace isl
