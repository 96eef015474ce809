// resolve_imports: what each `import Name from "…"` names.
#include <map>

#include "compiler/check/check.hpp"

namespace fs = std::filesystem;

namespace isl::compiler {

void resolve_imports(SiteModel& model, const fs::path& src, Diagnostics& diags) {
  std::map<std::string, Unit*> units_by_path;
  for (auto& u : model.units) units_by_path[u->canonical_path] = u.get();
  std::map<std::string, ClientComponent*> clients_by_path;
  const fs::path canonical_src = fs::weakly_canonical(src);
  for (auto& u : model.units) {
    const fs::path dir = fs::path(u->absolute_path).parent_path();
    for (const auto& imp : u->ast.frontmatter.imports) {
      if (is_client_component_path(imp.path)) {
        fs::path target = fs::weakly_canonical(dir / imp.path);
        if (!fs::is_regular_file(target)) {
          diags.error(*u->file, imp.path_span, "bad import: cannot find \"" + imp.path + "\"",
                      "paths are relative to this file");
          continue;
        }
        ClientComponent*& client = clients_by_path[target.generic_string()];
        if (!client) {
          auto c = std::make_unique<ClientComponent>();
          c->absolute_path = target.generic_string();
          std::string rel = fs::relative(target, canonical_src).generic_string();
          c->relative = rel.rfind("..", 0) == 0 ? c->absolute_path : rel;
          client = c.get();
          model.clients.push_back(std::move(c));
        }
        u->client_imports[imp.name] = client;
        continue;
      }
      if (imp.path.size() < 4 || imp.path.substr(imp.path.size() - 4) != ".isl") continue;  // reported by the parser
      auto it = units_by_path.find(fs::weakly_canonical(dir / imp.path).generic_string());
      if (it == units_by_path.end()) {
        diags.error(*u->file, imp.path_span, "bad import: cannot find \"" + imp.path + "\"",
                    "paths are relative to this file, and components live under src/");
        continue;
      }
      u->imports[imp.name] = it->second;
    }
  }
}

}  // namespace isl::compiler
