// The order of the stages; each stage is its folder (docs/architecture.md, "The compiler").
#include "compiler/site_compiler.hpp"

#include "compiler/check/check.hpp"
#include "compiler/client/bundle.hpp"
#include "compiler/css/site_styles.hpp"
#include "compiler/files.hpp"
#include "compiler/generate/site_table.hpp"
#include "compiler/generate/unit.hpp"
#include "compiler/parse/load_site.hpp"
#include "compiler/plan/build_plan.hpp"

namespace fs = std::filesystem;

namespace isl::compiler {

SiteCompileResult compile_site(const SiteCompileOptions& options) {
  SiteCompileResult result;
  auto& diags = result.diagnostics;
  const fs::path src = options.site_dir / "src";
  if (!fs::is_directory(src)) {
    diags.error(display_path(src, options.display_base), "no src/ folder: not an isl site");
    return result;
  }
  SiteModel model;
  // parse
  load_site(src, options.display_base, model, diags);
  // check
  resolve_imports(model, src, diags);
  resolve_uses(model, diags);
  result.pages = assign_routes(model, diags);
  result.components = model.units.size() - result.pages;
  assign_island_names(model);
  for (const auto& u : model.units)
    if (u->is_island) result.island_names.push_back(u->island_name);
  result.islands = result.island_names.size();
  // css
  collect_styles(model, diags);
  if (!diags.empty()) return result;
  // client
  const ClientCode client =
      bundle_client_code(model, options.bundle_client, options.site_dir, options.display_base, diags);
  result.client_components = client.components;
  result.bundled_scripts = client.scripts;
  if (!diags.empty()) return result;
  assign_page_stylesheets(model);
  model.has_app = fs::exists(src / "app.cpp");
  // generate
  GeneratedFolder out(options.out_dir);
  std::string generated_dir = fs::absolute(options.out_dir).lexically_normal().generic_string();
  while (generated_dir.size() > 1 && generated_dir.back() == '/') generated_dir.pop_back();
  for (const auto& u : model.units) {
    const GeneratedUnit g = generate_unit(*u, generated_dir);
    out.write(u->header_name, g.header);
    out.write(u->source_name, g.source);
  }
  out.write("site.gen.cpp", generate_site_table(model));
  // plan
  write_unity_batches(model, out);
  out.remove_stale();
  result.files_written = out.files_written();
  return result;
}

}  // namespace isl::compiler
