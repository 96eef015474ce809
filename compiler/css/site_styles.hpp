// A site's <style> blocks as stylesheets: each unit's CSS scoped and minified, then one
// stylesheet per distinct page CSS.
#pragma once

#include "compiler/check/site_model.hpp"
#include "compiler/diagnostics.hpp"

namespace isl::compiler {

// Unit::css and Unit::has_scoped_style from the unit's <style> blocks; CSS errors are
// reported at their place in the .isl file.
void collect_styles(SiteModel& model, Diagnostics& diags);

// Unit::stylesheet of each page and SiteModel::stylesheets. A page's CSS is its own and
// that of every component it uses, transitively and islands included, each once.
void assign_page_stylesheets(SiteModel& model);

}  // namespace isl::compiler
