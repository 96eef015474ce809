// A component's <script> as the bundler sees it: which scripts are bundled, their code
// with relative imports made absolute (the bundler reads it from another folder), and
// how a line and column in it map back to the .isl file.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "compiler/parse/ast.hpp"

namespace isl::compiler {

// <script> with no attribute (or only lang="ts"): bundled, written once per page as a
// module. is:inline, src, type or any other attribute: kept as written.
bool is_bundled_script(const Node& n);

// Where a script's code starts in its .isl file: what Unit::script_urls is keyed by.
std::uint32_t script_code_offset(const Node& n);

// `import x from "./a.ts"`, `import "../b"`, `import("./c")`, `export … from "./d"`:
// the relative specifier becomes `dir` + it. Lines stay where they are.
std::string absolutize_relative_imports(std::string_view code, const std::string& dir);

// The byte offset of 1-based `line` and `column` in `text` (clamped to the text).
std::uint32_t offset_of(std::string_view text, std::uint32_t line, std::uint32_t column);

}  // namespace isl::compiler
