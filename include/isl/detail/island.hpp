// What a `server:defer` use compiles to: a placeholder, and the sealed data to fetch it.
// Called by generated code only (through isl/component.hpp); not part of the author API.
#pragma once

#include <string>
#include <string_view>

#include "isl/context.hpp"
#include "isl/output.hpp"
#include "isl/slots.hpp"

namespace isl::detail {

// Writes the island's placeholder at this point of the page: its `fallback` content
// between two markers the loader finds, and the island's URL with the props (already
// encoded) and every slot but "fallback" (rendered here, in the page) sealed for `island`.
void render_island(Context& ctx, Output& out, std::string_view island, std::string props_bytes,
                   const Slots& slots);

// Called by generated code where a template writes </head>, <body> and </body>: the
// page's stylesheet and the island loader go there, once per page.
void at_head_end(Context& ctx, Output& out);
void at_body_start(Context& ctx, Output& out);
void at_body_end(Context& ctx, Output& out);

// A component's <script>: written the first time the page uses it, never again.
void write_script_once(Context& ctx, Output& out, std::string_view script_markup);

}  // namespace isl::detail
