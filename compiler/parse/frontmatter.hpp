// Splitting the frontmatter (between the two `---` lines) into what goes where in the
// generated code: imports, #includes, struct Props, exports, and the render's statements.
#pragma once

#include "compiler/diagnostics.hpp"
#include "compiler/parse/ast.hpp"
#include "compiler/parse/source.hpp"

namespace isl::compiler {

// Finds the frontmatter of `file`. Returns the offset where the template starts (0 when
// there is no frontmatter) and fills `out`.
std::uint32_t parse_frontmatter(const SourceFile& file, Frontmatter& out, Diagnostics& diags);

// The members of `struct Props { ... }` (the chunk's text), for checking uses.
std::vector<PropMember> parse_props_members(const SourceFile& file, const CodeChunk& props,
                                            Diagnostics& diags);

}  // namespace isl::compiler
