// Feeds arbitrary bytes through the whole template front end: frontmatter, template parser,
// the check of component uses, code generation and CSS scoping. Any crash, hang, sanitizer report or out-of-memory is a bug.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "compiler/check/check.hpp"
#include "compiler/css/minify.hpp"
#include "compiler/css/scope.hpp"
#include "compiler/diagnostics.hpp"
#include "compiler/generate/unit.hpp"
#include "compiler/parse/template_parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  using namespace isl::compiler;
  SiteModel model;
  model.units.push_back(std::make_unique<Unit>());
  Unit& unit = *model.units.front();
  unit.file = std::make_unique<SourceFile>("fuzz.isl", input);
  unit.absolute_path = "/fuzz/src/components/Fuzz.isl";
  unit.relative = "components/Fuzz.isl";
  unit.key = "components/Fuzz";
  unit.cpp_namespace = "isl_gen::fuzz";
  unit.header_name = "components/Fuzz.isl.hpp";
  unit.source_name = "components/Fuzz.isl.cpp";
  unit.scope_id = "00000000";
  unit.is_island = size % 2 == 0;
  unit.has_scoped_style = size % 3 == 0;
  Diagnostics diags;
  unit.ast = parse_file(*unit.file, diags);
  resolve_uses(model, diags);
  (void)diags.format(false);
  GeneratedUnit generated = generate_unit(unit, "/fuzz/gen");
  (void)generated;
  ScopedCss css = scope_css(input, "data-isl-00000000");
  (void)minify_css(css.css);
  return 0;
}
