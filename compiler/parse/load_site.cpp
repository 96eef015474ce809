#include "compiler/parse/load_site.hpp"

#include <algorithm>

#include "compiler/files.hpp"
#include "compiler/hash.hpp"
#include "compiler/parse/template_parser.hpp"

namespace fs = std::filesystem;

namespace isl::compiler {
namespace {

std::string identifier_for(std::string_view key) {
  std::string id;
  for (char c : key) id += ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) ? c : '_';
  return id;
}

}  // namespace

std::string generated_source_name(const std::string& relative) { return relative + ".cpp"; }

void load_site(const fs::path& src, const fs::path& display_base, SiteModel& model, Diagnostics& diags) {
  std::vector<fs::path> files;
  for (auto it = fs::recursive_directory_iterator(src, fs::directory_options::skip_permission_denied);
       it != fs::recursive_directory_iterator(); ++it) {
    if (it->is_regular_file() && it->path().extension() == ".isl") files.push_back(it->path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& path : files) {
    bool ok = false;
    std::string text = read_file(path, ok);
    std::string shown = display_path(path, display_base);
    if (!ok) {
      diags.error(shown, "cannot read this file");
      continue;
    }
    auto unit = std::make_unique<Unit>();
    unit->file = std::make_unique<SourceFile>(shown, text);
    unit->absolute_path = fs::absolute(path).lexically_normal().generic_string();
    unit->canonical_path = fs::weakly_canonical(path).generic_string();
    unit->relative = fs::relative(path, src).generic_string();
    unit->key = unit->relative.substr(0, unit->relative.size() - 4);
    std::string hash = short_hash(unit->key);
    unit->cpp_namespace = "isl_gen::" + identifier_for(unit->key) + "_" + hash;
    unit->header_name = unit->relative + ".hpp";
    unit->source_name = generated_source_name(unit->relative);
    unit->scope_id = hash;
    unit->is_page = unit->relative.rfind("pages/", 0) == 0;
    unit->ast = parse_file(*unit->file, diags);
    model.units.push_back(std::move(unit));
  }
}

}  // namespace isl::compiler
