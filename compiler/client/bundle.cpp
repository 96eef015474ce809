#include "compiler/client/bundle.hpp"

#include <algorithm>
#include <set>

#include "compiler/client/client_scripts.hpp"
#include "compiler/files.hpp"

namespace fs = std::filesystem;

namespace isl::compiler {
namespace {

// A bundled <script>: the unit it is in and where its code starts (Unit::script_urls).
struct ScriptRef {
  Unit* unit;
  std::uint32_t offset;
};

// Output names are stems of their files ("Counter", "Item.script0"): made unique in order.
class UniqueNames {
 public:
  std::string operator()(const std::string& name) {
    std::string candidate = name;
    for (int i = 2; !names_.insert(candidate).second; ++i) candidate = name + "_" + std::to_string(i);
    return candidate;
  }

 private:
  std::set<std::string> names_;
};

void report(const ClientBuild& build, const std::vector<ScriptRef>& scripts, std::size_t first_script,
            const fs::path& site_dir, const fs::path& display_base, Diagnostics& diags) {
  if (!build.failure.empty()) diags.error(display_path(site_dir, display_base), build.failure);
  for (const auto& err : build.errors) {
    if (err.entry >= static_cast<int>(first_script) && err.entry < static_cast<int>(build.entries.size())) {
      const ScriptRef& ref = scripts[static_cast<std::size_t>(err.entry) - first_script];
      std::string_view code = build.entries[static_cast<std::size_t>(err.entry)].code;
      diags.error(*ref.unit->file, ref.offset + offset_of(code, err.line, err.column), "script: " + err.message);
      continue;
    }
    fs::path file = fs::path(err.file).is_absolute() ? fs::path(err.file) : site_dir / err.file;
    bool ok = false;
    std::string text = read_file(file, ok);
    std::string shown = display_path(file, display_base);
    if (!ok) {
      diags.error(shown, err.message);
      continue;
    }
    SourceFile source(shown, text);
    diags.error(source, offset_of(source.text(), err.line, err.column), err.message);
  }
}

}  // namespace

ClientCode bundle_client_code(SiteModel& model, const ClientBundler& bundler, const fs::path& site_dir,
                              const fs::path& display_base, Diagnostics& diags) {
  ClientBuild build;
  UniqueNames unique_name;
  std::sort(model.clients.begin(), model.clients.end(),
            [](const auto& a, const auto& b) { return a->relative < b->relative; });
  for (const auto& c : model.clients) {
    ClientEntry e;
    e.kind = ClientEntry::Kind::component;
    e.name = unique_name(fs::path(c->relative).stem().string());
    e.id = c->relative;
    e.path = c->absolute_path;
    e.rendered_at_build = c->rendered_at_build;
    build.entries.push_back(std::move(e));
  }
  std::vector<ScriptRef> scripts;
  for (auto& u : model.units) {
    int index = 0;
    walk(u->ast.nodes, [&](const Node& n) {
      if (!is_bundled_script(n)) return;
      ClientEntry e;
      e.kind = ClientEntry::Kind::script;
      e.name = unique_name(fs::path(u->relative).stem().string() + ".script" + std::to_string(index++));
      e.code = n.children.empty() ? std::string() : n.children.front().text;
      e.path = fs::path(u->absolute_path).parent_path().generic_string();
      scripts.push_back({u.get(), script_code_offset(n)});
      build.entries.push_back(std::move(e));
    });
  }
  const ClientCode counts{model.clients.size(), scripts.size()};
  if (build.entries.empty()) return counts;
  if (!bundler) {
    for (auto& c : model.clients) c->url = "/_isl/js/unbundled/" + c->relative;
    return counts;  // scripts stay as written
  }
  bundler(build);
  const std::size_t first_script = model.clients.size();
  report(build, scripts, first_script, site_dir, display_base, diags);
  if (!diags.empty()) return counts;
  for (std::size_t i = 0; i < model.clients.size(); ++i) model.clients[i]->url = build.entries[i].url;
  for (std::size_t i = 0; i < scripts.size(); ++i)
    scripts[i].unit->script_urls[scripts[i].offset] = build.entries[first_script + i].url;
  return counts;
}

}  // namespace isl::compiler
