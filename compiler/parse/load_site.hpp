// The parse stage over a whole site: every .isl file under src/, read and parsed, as the
// units of a SiteModel (names, namespaces and scope ids fixed here, nothing resolved).
#pragma once

#include <filesystem>
#include <string>

#include "compiler/check/site_model.hpp"
#include "compiler/diagnostics.hpp"

namespace isl::compiler {

// Units sorted by path; a file that cannot be read is a diagnostic and no unit.
void load_site(const std::filesystem::path& src, const std::filesystem::path& display_base, SiteModel& model,
               Diagnostics& diags);

// The generated source for `relative` ("components/Card.isl"): "components/Card.isl.cpp".
std::string generated_source_name(const std::string& relative);

}  // namespace isl::compiler
