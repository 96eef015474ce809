// C++ for one .isl file: a header (Props, render declaration) and a source (the render
// function), with #line before every piece of the author's C++.
#pragma once

#include <string>

#include "compiler/site_model.hpp"

namespace isl::compiler {

struct GeneratedUnit {
  std::string header;
  std::string source;
};

// `generated_dir`: the folder the files go to, absolute (what #line names after author code).
GeneratedUnit generate_unit(const Unit& unit, const std::string& generated_dir);

// The site table (pages, islands, stylesheets) and main(): site.gen.cpp.
struct PageStylesheet {
  std::string href;
  std::string css;
};
std::string generate_site_table(const SiteModel& site,
                                const std::map<const Unit*, std::string>& page_stylesheet,
                                const std::vector<PageStylesheet>& stylesheets);

}  // namespace isl::compiler
