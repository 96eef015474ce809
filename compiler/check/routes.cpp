// assign_routes: src/pages/<path>.isl serves /<path>.
#include <map>

#include "compiler/check/check.hpp"

namespace isl::compiler {
namespace {

// "blog/[slug].isl" → "/blog/[slug]"; index files are their folder.
std::string route_for(const std::string& relative_to_pages) {
  std::string r = relative_to_pages.substr(0, relative_to_pages.size() - 4);
  if (r == "index") return "/";
  if (r.size() > 6 && r.substr(r.size() - 6) == "/index") r = r.substr(0, r.size() - 6);
  return "/" + r;
}

}  // namespace

std::size_t assign_routes(SiteModel& model, Diagnostics& diags) {
  std::map<std::string, const Unit*> seen;
  std::size_t pages = 0;
  for (auto& u : model.units) {
    if (!u->is_page) continue;
    ++pages;
    u->route = route_for(u->relative.substr(6));
    const bool dynamic = u->route.find('[') != std::string::npos;
    const auto& fm = u->ast.frontmatter;
    if (dynamic && fm.prerender && !fm.has_static_paths)
      diags.error(*u->file, 0, "this page has route parameters but no getStaticPaths()",
                  "export getStaticPaths() to list them, or render it on demand with "
                  "`export constexpr bool prerender = false;`");
    if (u->route == "/500" && !fm.prerender)
      diags.error(*u->file, fm.prerender_span,
                  "src/pages/500.isl is rendered at build time: it is what the server answers "
                  "when a page fails, so it cannot itself render per request",
                  "remove `export constexpr bool prerender = false;`");
    auto [it, inserted] = seen.emplace(u->route, u.get());
    if (!inserted) diags.error(*u->file, 0, "route " + u->route + " is also served by " + it->second->file->path());
  }
  return pages;
}

}  // namespace isl::compiler
