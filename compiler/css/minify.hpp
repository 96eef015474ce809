// A safe CSS minifier: one linear pass over the text, on the scanner of css/tokens.hpp.
#pragma once

#include <string>
#include <string_view>

namespace isl::compiler {

// Removes comments and needless whitespace. Strings, url(…), escapes and whitespace that carries
// meaning (descendant combinators, `1px solid`, `and (`, around `+` and `-`) are kept; the last
// `;` before a `}` is dropped.
std::string minify_css(std::string_view css);

}  // namespace isl::compiler
