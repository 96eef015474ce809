// The check stage: the parsed units of a site become a resolved SiteModel. Each pass
// reports every rule it checks at the place it is broken; generation runs only when none is.
#pragma once

#include <cstddef>
#include <filesystem>

#include "compiler/check/site_model.hpp"
#include "compiler/diagnostics.hpp"

namespace isl::compiler {

// Every import: an .isl import to its unit, a client import (.jsx, .tsx, .js, .ts) to one
// ClientComponent per file. `src` is the site's src/ folder.
void resolve_imports(SiteModel& model, const std::filesystem::path& src, Diagnostics& diags);

// Every component use checked (known component, known props, required props, slot names,
// server:defer and client:* forms) and resolved into Unit::uses; marks the islands and the
// client components some use renders at build time.
void resolve_uses(SiteModel& model, Diagnostics& diags);

// Each page's route from its path, checked (one page per route, route parameters listed,
// 500.isl prerendered). Returns the number of pages.
std::size_t assign_routes(SiteModel& model, Diagnostics& diags);

// Each island's name in /_server-islands/<name>: its file name, or its path when two
// islands share a file name.
void assign_island_names(SiteModel& model);

}  // namespace isl::compiler
