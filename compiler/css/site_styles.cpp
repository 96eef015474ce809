#include "compiler/css/site_styles.hpp"

#include <set>

#include "compiler/css/minify.hpp"
#include "compiler/css/scope.hpp"
#include "compiler/hash.hpp"

namespace isl::compiler {
namespace {

// What a file imports comes before the file's own CSS, in import order, so that at equal
// specificity a page overrides its layout and components, and a component overrides the
// global rules of a layout imported before it.
void append_css(const Unit& u, std::set<const Unit*>& seen, std::string& css) {
  if (!seen.insert(&u).second) return;
  for (const auto& imp : u.ast.frontmatter.imports) {
    auto it = u.imports.find(imp.name);
    if (it != u.imports.end()) append_css(*it->second, seen, css);
  }
  css += u.css;
}

}  // namespace

void collect_styles(SiteModel& model, Diagnostics& diags) {
  for (auto& u : model.units) {
    walk(u->ast.nodes, [&](const Node& n) {
      if (n.kind != NodeKind::element || !n.raw_text || n.text != "style") return;
      std::string body = n.children.empty() ? std::string() : n.children.front().text;
      if (n.attribute("is:global")) {
        u->css += minify_css(body);
        return;
      }
      u->has_scoped_style = true;
      ScopedCss scoped = scope_css(body, "data-isl-" + u->scope_id);
      std::uint32_t base = n.children.empty() ? n.span.begin : n.children.front().span.begin;
      for (const auto& e : scoped.errors)
        diags.error(*u->file, base + static_cast<std::uint32_t>(e.offset), "CSS: " + e.message);
      u->css += minify_css(scoped.css);
    });
  }
}

void assign_page_stylesheets(SiteModel& model) {
  std::set<std::string> hrefs;
  for (auto& u : model.units) {
    if (!u->is_page) continue;
    std::string css;
    std::set<const Unit*> seen;
    append_css(*u, seen, css);
    if (css.empty()) continue;
    u->stylesheet = "/_isl/css/" + short_hash(css, 12) + ".css";
    if (hrefs.insert(u->stylesheet).second) model.stylesheets.push_back({u->stylesheet, std::move(css)});
  }
}

}  // namespace isl::compiler
