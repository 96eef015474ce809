// site.gen.cpp: the site table (pages, islands, stylesheets) that the runtime serves, and main().
#pragma once

#include <string>

#include "compiler/check/site_model.hpp"

namespace isl::compiler {

std::string generate_site_table(const SiteModel& site);

}  // namespace isl::compiler
