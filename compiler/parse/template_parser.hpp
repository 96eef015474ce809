// The template (everything after the frontmatter) to a tree of nodes.
#pragma once

#include "compiler/diagnostics.hpp"
#include "compiler/parse/ast.hpp"
#include "compiler/parse/source.hpp"

namespace isl::compiler {

// Parses the template that starts at `begin`. Reports every error it can find and
// recovers, so one run shows as many as possible; never throws, always terminates.
Nodes parse_template(const SourceFile& file, std::uint32_t begin, Diagnostics& diags);

// Frontmatter and template of one file.
Template parse_file(const SourceFile& file, Diagnostics& diags);

}  // namespace isl::compiler
