// C++ for one .isl file: a header (Props, render declaration) and a source (the render
// function), with #line before every piece of the author's C++. A printer of the resolved
// model: every decision about a use was made by the check stage.
#pragma once

#include <string>

#include "compiler/check/site_model.hpp"

namespace isl::compiler {

struct GeneratedUnit {
  std::string header;
  std::string source;
};

// `generated_dir`: the folder the files go to, absolute (what #line names after author code).
GeneratedUnit generate_unit(const Unit& unit, const std::string& generated_dir);

}  // namespace isl::compiler
