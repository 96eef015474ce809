#include "compiler/site_compiler.hpp"

#include <algorithm>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>

#include "compiler/client_directives.hpp"
#include "compiler/client_scripts.hpp"
#include "compiler/codegen.hpp"
#include "compiler/css_scope.hpp"
#include "compiler/site_model.hpp"
#include "compiler/template_parser.hpp"

namespace fs = std::filesystem;

namespace isl::compiler {

namespace {
std::uint64_t fnv1a(std::string_view data) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : data) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}
}  // namespace

std::string short_hash(std::string_view data, int hex_digits) {
  const std::uint64_t h = fnv1a(data);
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < hex_digits; ++i) out += hex[(h >> (60 - 4 * (i % 16))) & 0xf];
  return out;
}

std::string generated_source_name(const std::string& relative) { return relative + ".cpp"; }

bool write_if_changed(const fs::path& path, const std::string& content) {
  std::ifstream in(path, std::ios::binary);
  if (in) {
    std::ostringstream old;
    old << in.rdbuf();
    if (old.str() == content) return false;
  }
  fs::create_directories(path.parent_path());
  fs::path tmp = path;
  tmp += ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary);
    out << content;
  }
  fs::rename(tmp, path);
  return true;
}

namespace {

std::string read_file(const fs::path& path, bool& ok) {
  std::ifstream in(path, std::ios::binary);
  ok = static_cast<bool>(in);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string display_path(const fs::path& file, const fs::path& base) {
  std::error_code ec;
  fs::path rel = fs::relative(file, base, ec);
  if (!ec && !rel.empty() && rel.native().rfind("..", 0) != 0) return rel.generic_string();
  return file.generic_string();
}

std::string identifier_for(std::string_view key) {
  std::string id;
  for (char c : key) id += ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) ? c : '_';
  return id;
}

// "pages/blog/[slug].isl" → "/blog/[slug]"; index files are their folder.
std::string route_for(const std::string& relative_to_pages) {
  std::string r = relative_to_pages.substr(0, relative_to_pages.size() - 4);
  if (r == "index") return "/";
  if (r.size() > 6 && r.substr(r.size() - 6) == "/index") r = r.substr(0, r.size() - 6);
  return "/" + r;
}

void walk(const Nodes& nodes, const std::function<void(const Node&)>& visit) {
  for (const auto& n : nodes) {
    visit(n);
    walk(n.children, visit);
    for (const auto& b : n.branches) walk(b.body, visit);
    walk(n.empty, visit);
  }
}

// Edit distance, for "did you mean" suggestions.
std::size_t distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

// The closest of `names` to `name`, when it is close enough to be a typo.
std::string closest(std::string_view name, const std::vector<std::string>& names) {
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(2, name.size() / 3) + 1;
  for (const auto& n : names) {
    std::size_t d = distance(name, n);
    if (d < best_distance) best = n, best_distance = d;
  }
  return best;
}

std::string join_names(const std::vector<PropMember>& members) {
  std::string out;
  for (const auto& m : members) out += (out.empty() ? "" : ", ") + m.name;
  return out.empty() ? "(none)" : out;
}

class SiteCompiler {
 public:
  explicit SiteCompiler(const SiteCompileOptions& options) : options_(options) {}

  SiteCompileResult run() {
    fs::path src = options_.site_dir / "src";
    if (!fs::is_directory(src)) {
      result_.diagnostics.error(display_path(src, options_.display_base), "no src/ folder: not an isl site");
      return std::move(result_);
    }
    load_units(src);
    for (auto& u : model_.units) resolve_imports(*u);
    for (auto& u : model_.units) check_uses(*u);
    assign_routes();
    assign_island_names();
    collect_styles();
    if (!result_.diagnostics.empty()) return std::move(result_);
    bundle_client();
    if (!result_.diagnostics.empty()) return std::move(result_);
    model_.has_app = fs::exists(src / "app.cpp");
    generate();
    return std::move(result_);
  }

 private:
  void load_units(const fs::path& src) {
    std::vector<fs::path> files;
    for (auto it = fs::recursive_directory_iterator(src, fs::directory_options::skip_permission_denied);
         it != fs::recursive_directory_iterator(); ++it) {
      if (it->is_regular_file() && it->path().extension() == ".isl") files.push_back(it->path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& path : files) {
      auto unit = std::make_unique<Unit>();
      bool ok = false;
      std::string text = read_file(path, ok);
      std::string shown = display_path(path, options_.display_base);
      if (!ok) {
        result_.diagnostics.error(shown, "cannot read this file");
        continue;
      }
      unit->file = std::make_unique<SourceFile>(shown, text);
      unit->absolute_path = fs::absolute(path).lexically_normal().generic_string();
      unit->relative = fs::relative(path, src).generic_string();
      unit->key = unit->relative.substr(0, unit->relative.size() - 4);
      std::string hash = short_hash(unit->key);
      unit->cpp_namespace = "isl_gen::" + identifier_for(unit->key) + "_" + hash;
      unit->header_name = unit->relative + ".hpp";
      unit->source_name = generated_source_name(unit->relative);
      unit->scope_id = hash;
      unit->is_page = unit->relative.rfind("pages/", 0) == 0;
      unit->ast = parse_file(*unit->file, result_.diagnostics);
      by_path_[fs::weakly_canonical(path).generic_string()] = unit.get();
      model_.units.push_back(std::move(unit));
    }
  }

  void resolve_imports(Unit& u) {
    fs::path dir = fs::path(u.absolute_path).parent_path();
    for (const auto& imp : u.ast.frontmatter.imports) {
      if (is_client_component_path(imp.path)) {
        resolve_client_import(u, imp);
        continue;
      }
      if (imp.path.size() < 4 || imp.path.substr(imp.path.size() - 4) != ".isl") continue;  // reported by the parser
      fs::path target = fs::weakly_canonical(dir / imp.path);
      auto it = by_path_.find(target.generic_string());
      if (it == by_path_.end()) {
        result_.diagnostics.error(*u.file, imp.path_span,
                                  "bad import: cannot find \"" + imp.path + "\"",
                                  "paths are relative to this file, and components live under src/");
        continue;
      }
      u.imports[imp.name] = it->second;
    }
  }

  void resolve_client_import(Unit& u, const Import& imp) {
    fs::path target = fs::weakly_canonical(fs::path(u.absolute_path).parent_path() / imp.path);
    if (!fs::is_regular_file(target)) {
      result_.diagnostics.error(*u.file, imp.path_span, "bad import: cannot find \"" + imp.path + "\"",
                                "paths are relative to this file");
      return;
    }
    auto& client = clients_by_path_[target.generic_string()];
    if (!client) {
      auto c = std::make_unique<ClientComponent>();
      c->absolute_path = target.generic_string();
      fs::path src = fs::weakly_canonical(options_.site_dir / "src");
      std::string rel = fs::relative(target, src).generic_string();
      c->relative = rel.rfind("..", 0) == 0 ? c->absolute_path : rel;
      client = c.get();
      model_.clients.push_back(std::move(c));
    }
    u.client_imports[imp.name] = client;
  }

  void check_uses(Unit& u) {
    auto& diags = result_.diagnostics;
    walk(u.ast.nodes, [&](const Node& n) {
      if (n.kind == NodeKind::element) {
        const Attribute* html = n.attribute("set:html");
        if (html && !n.children.empty())
          diags.error(*u.file, html->name_span, "an element with set:html must be empty");
      }
      if (n.kind == NodeKind::slot) {
        const Attribute* name = n.attribute("name");
        if (name && name->kind != Attribute::Kind::text)
          diags.error(*u.file, name->name_span, "a slot's name must be written as text: <slot name=\"x\" />");
      }
      if (n.kind != NodeKind::component) return;
      if (auto client = u.client_imports.find(n.text); client != u.client_imports.end()) {
        ClientDirective directive = check_client_use(*u.file, n, diags);
        if (!directive.name.empty() && directive.name != "only") client->second->rendered_at_build = true;
        return;
      }
      auto it = u.imports.find(n.text);
      bool declared = false;
      for (const auto& imp : u.ast.frontmatter.imports) declared |= imp.name == n.text;
      if (it == u.imports.end()) {
        if (declared) return;  // its import is already reported
        std::vector<std::string> imported;
        for (const auto& imp : u.ast.frontmatter.imports) imported.push_back(imp.name);
        std::string guess = closest(n.text, imported);
        diags.error(*u.file, n.span,
                    "unknown component <" + n.text + ">" + (guess.empty() ? "" : "; did you mean <" + guess + ">?"),
                    "import it in the frontmatter: import " + n.text + " from \"./" + n.text + ".isl\";");
        return;
      }
      Unit& target = *it->second;
      const auto& members = target.ast.frontmatter.members;
      check_no_client_directive(*u.file, n, diags);
      bool deferred = false;
      for (const auto& a : n.attributes) {
        if (a.name == "server:defer") {
          deferred = true;
          if (a.kind != Attribute::Kind::bare)
            diags.error(*u.file, a.name_span, "server:defer takes no value");
          continue;
        }
        if (is_client_directive_attribute(a.name)) continue;  // reported above
        if (a.name == "slot") {
          if (a.kind != Attribute::Kind::text)
            diags.error(*u.file, a.name_span, "slot names are written as text: slot=\"name\"");
          continue;
        }
        bool known = std::any_of(members.begin(), members.end(), [&](const PropMember& m) { return m.name == a.name; });
        if (!known) {
          std::vector<std::string> names;
          for (const auto& m : members) names.push_back(m.name);
          std::string guess = closest(a.name, names);
          diags.error(*u.file, a.name_span,
                      "unknown prop '" + a.name + "' for <" + n.text + ">" +
                          (guess.empty() ? "" : "; did you mean '" + guess + "'?"),
                      "the props of " + n.text + " are: " + join_names(members));
        }
      }
      for (const auto& m : members) {
        if (m.required && !n.attribute(m.name))
          diags.error(*u.file, n.span, "<" + n.text + "> is missing the required prop '" + m.name + "'",
                      "declared in " + target.file->path() + " as `" + m.type + " " + m.name + ";`");
      }
      std::set<std::string> filled;
      for (const auto& child : n.children) {
        const Attribute* slot = slot_fill_attribute(child);
        if (!slot || slot->kind != Attribute::Kind::text) continue;
        if (!filled.insert(slot->value).second)
          diags.error(*u.file, slot->name_span, "slot \"" + slot->value + "\" is filled twice in <" + n.text + ">");
      }
      if (deferred) target.is_island = true;
    });
  }

  void assign_routes() {
    std::map<std::string, const Unit*> seen;
    for (auto& u : model_.units) {
      if (!u->is_page) continue;
      u->route = route_for(u->relative.substr(6));
      bool dynamic = u->route.find('[') != std::string::npos;
      const auto& fm = u->ast.frontmatter;
      if (dynamic && fm.prerender && !fm.has_static_paths)
        result_.diagnostics.error(*u->file, 0, "this page has route parameters but no getStaticPaths()",
                                  "export getStaticPaths() to list them, or render it on demand with "
                                  "`export constexpr bool prerender = false;`");
      if (u->route == "/500" && !fm.prerender)
        result_.diagnostics.error(*u->file, fm.prerender_span,
                                  "src/pages/500.isl is rendered at build time: it is what the server answers "
                                  "when a page fails, so it cannot itself render per request",
                                  "remove `export constexpr bool prerender = false;`");
      auto [it, inserted] = seen.emplace(u->route, u.get());
      if (!inserted)
        result_.diagnostics.error(*u->file, 0, "route " + u->route + " is also served by " + it->second->file->path());
      ++result_.pages;
    }
    result_.components = model_.units.size() - result_.pages;
  }

  void assign_island_names() {
    std::map<std::string, int> stems;
    for (auto& u : model_.units)
      if (u->is_island) ++stems[fs::path(u->relative).stem().string()];
    for (auto& u : model_.units) {
      if (!u->is_island) continue;
      std::string stem = fs::path(u->relative).stem().string();
      if (stems[stem] == 1) {
        u->island_name = stem;
      } else {
        u->island_name = u->key;  // two islands share a file name: use the path
        std::replace(u->island_name.begin(), u->island_name.end(), '/', '-');
      }
      result_.island_names.push_back(u->island_name);
      ++result_.islands;
    }
  }

  void collect_styles() {
    for (auto& u : model_.units) {
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
          result_.diagnostics.error(*u->file, base + static_cast<std::uint32_t>(e.offset), "CSS: " + e.message);
        u->css += minify_css(scoped.css);
      });
    }
  }

  // Client components and bundled <script>s go to the bundler as one build (so that the
  // framework and shared modules end up in shared chunks); its URLs go into the code.
  void bundle_client() {
    ClientBuild build;
    std::set<std::string> names;
    auto unique_name = [&](std::string name) {
      std::string candidate = name;
      for (int i = 2; !names.insert(candidate).second; ++i) candidate = name + "_" + std::to_string(i);
      return candidate;
    };
    std::sort(model_.clients.begin(), model_.clients.end(),
              [](const auto& a, const auto& b) { return a->relative < b->relative; });
    for (const auto& c : model_.clients) {
      ClientEntry e;
      e.kind = ClientEntry::Kind::component;
      e.name = unique_name(fs::path(c->relative).stem().string());
      e.id = c->relative;
      e.path = c->absolute_path;
      e.rendered_at_build = c->rendered_at_build;
      build.entries.push_back(std::move(e));
    }
    struct ScriptRef {
      Unit* unit;
      std::uint32_t offset;
    };
    std::vector<ScriptRef> scripts;
    for (auto& u : model_.units) {
      int index = 0;
      walk(u->ast.nodes, [&](const Node& n) {
        if (!is_bundled_script(n)) return;
        ClientEntry e;
        e.kind = ClientEntry::Kind::script;
        e.name = unique_name(fs::path(u->relative).stem().string() + ".script" + std::to_string(index++));
        std::string body = n.children.empty() ? std::string() : n.children.front().text;
        e.code = body;
        e.path = fs::path(u->absolute_path).parent_path().generic_string();
        scripts.push_back({u.get(), n.children.empty() ? n.span.end : n.children.front().span.begin});
        build.entries.push_back(std::move(e));
      });
    }
    result_.client_components = model_.clients.size();
    result_.bundled_scripts = scripts.size();
    if (build.entries.empty()) return;
    if (!options_.bundle_client) {
      for (auto& c : model_.clients) c->url = "/_isl/js/unbundled/" + c->relative;
      return;  // scripts stay as written
    }
    options_.bundle_client(build);
    auto& diags = result_.diagnostics;
    if (!build.failure.empty()) diags.error(display_path(options_.site_dir, options_.display_base), build.failure);
    const std::size_t first_script = model_.clients.size();
    for (const auto& err : build.errors) {
      if (err.entry >= static_cast<int>(first_script) && err.entry < static_cast<int>(build.entries.size())) {
        const ScriptRef& ref = scripts[static_cast<std::size_t>(err.entry) - first_script];
        std::string_view code = build.entries[static_cast<std::size_t>(err.entry)].code;
        diags.error(*ref.unit->file, ref.offset + offset_of(code, err.line, err.column), "script: " + err.message);
        continue;
      }
      fs::path file = fs::path(err.file).is_absolute() ? fs::path(err.file) : options_.site_dir / err.file;
      bool ok = false;
      std::string text = read_file(file, ok);
      std::string shown = display_path(file, options_.display_base);
      if (!ok) {
        diags.error(shown, err.message);
        continue;
      }
      SourceFile source(shown, text);
      diags.error(source, offset_of(source.text(), err.line, err.column), err.message);
    }
    if (!diags.empty()) return;
    for (std::size_t i = 0; i < model_.clients.size(); ++i) model_.clients[i]->url = build.entries[i].url;
    for (std::size_t i = 0; i < scripts.size(); ++i)
      scripts[i].unit->script_urls[scripts[i].offset] = build.entries[first_script + i].url;
  }

  // The CSS of a page: its own and that of every component it uses, transitively and
  // islands included, each once. What a file imports comes before the file's own CSS, in
  // import order, so that at equal specificity a page overrides its layout and components,
  // and a component overrides the global rules of a layout imported before it.
  std::string page_css(const Unit& page) {
    std::string css;
    std::set<const Unit*> seen;
    std::function<void(const Unit&)> visit = [&](const Unit& u) {
      if (!seen.insert(&u).second) return;
      for (const auto& imp : u.ast.frontmatter.imports) {
        auto it = u.imports.find(imp.name);
        if (it != u.imports.end()) visit(*it->second);
      }
      css += u.css;
    };
    visit(page);
    return css;
  }

  void emit(const std::string& name, const std::string& content) {
    if (write_if_changed(options_.out_dir / name, content)) ++result_.files_written;
    outputs_.insert(name);
  }

  void generate() {
    std::map<const Unit*, std::string> page_stylesheet;
    std::vector<PageStylesheet> sheets;
    std::set<std::string> hrefs;
    std::string generated_dir = fs::absolute(options_.out_dir).lexically_normal().generic_string();
    while (generated_dir.size() > 1 && generated_dir.back() == '/') generated_dir.pop_back();
    for (auto& u : model_.units) {
      GeneratedUnit g = generate_unit(*u, generated_dir);
      emit(u->header_name, g.header);
      emit(u->source_name, g.source);
      if (!u->is_page) continue;
      std::string css = page_css(*u);
      if (css.empty()) continue;
      std::string href = "/_isl/css/" + short_hash(css, 12) + ".css";
      page_stylesheet[u.get()] = href;
      if (hrefs.insert(href).second) sheets.push_back({href, css});
    }
    emit("site.gen.cpp", generate_site_table(model_, page_stylesheet, sheets));
    emit_unity_batches();
    remove_stale_outputs();
  }

  // Prerendered pages run once, at build time: they are compiled in batches ("unity"
  // files that include several pages' sources) and without optimization, which is most
  // of a large site's compile time saved (docs/performance.md). A batch costs ~0.2 s
  // whatever its size (code every batch emits again) plus ~20 ms a page: 32 pages a batch
  // keeps that fixed cost small and a one-page edit's recompile under a second. A page's
  // batch is chosen by a hash of its path, so adding or removing a page changes one batch,
  // not every batch after it. isl_add_site() reads build-hints.cmake.
  void emit_unity_batches() {
    constexpr std::size_t kBatchPages = 32;
    std::vector<const Unit*> pages;
    for (const auto& u : model_.units)
      if (u->build_time_only()) pages.push_back(u.get());
    const std::size_t count = (pages.size() + kBatchPages - 1) / kBatchPages;
    std::vector<std::vector<const Unit*>> batches(count);
    for (const Unit* page : pages) batches[fnv1a(page->source_name) % count].push_back(page);
    std::string sources, members;
    for (std::size_t b = 0; b < count; ++b) {
      const auto& batch = batches[b];
      if (batch.empty()) continue;
      std::string name = "_unity/pages_" + std::to_string(b) + ".cpp";
      std::string content = "// Generated by isl: prerendered pages compiled together. Do not edit.\n";
      for (const Unit* page : batch) {
        content += "#include \"" + page->source_name + "\"\n";
        members += "  \"${CMAKE_CURRENT_LIST_DIR}/" + page->source_name + "\"\n";
      }
      emit(name, content);
      sources += "  \"${CMAKE_CURRENT_LIST_DIR}/" + name + "\"\n";
    }
    emit("build-hints.cmake", "# Generated by isl: how isl_add_site() compiles this site.\nset(ISL_UNITY_SOURCES\n" +
                                  sources + ")\nset(ISL_UNITY_MEMBERS\n" + members + ")\n");
  }

  void remove_stale_outputs() {
    if (!fs::is_directory(options_.out_dir)) return;
    std::vector<fs::path> stale;
    for (auto it = fs::recursive_directory_iterator(options_.out_dir); it != fs::recursive_directory_iterator(); ++it) {
      if (!it->is_regular_file()) continue;
      std::string name = fs::relative(it->path(), options_.out_dir).generic_string();
      bool generated = (name.size() > 8 && (name.substr(name.size() - 8) == ".isl.cpp" ||
                                            name.substr(name.size() - 8) == ".isl.hpp")) ||
                       name.rfind("_unity/", 0) == 0;
      if (generated && !outputs_.count(name)) stale.push_back(it->path());
    }
    for (const auto& p : stale) fs::remove(p);
  }

  const SiteCompileOptions& options_;
  SiteCompileResult result_;
  SiteModel model_;
  std::map<std::string, Unit*> by_path_;
  std::map<std::string, ClientComponent*> clients_by_path_;
  std::set<std::string> outputs_;
};

}  // namespace

SiteCompileResult compile_site(const SiteCompileOptions& options) { return SiteCompiler(options).run(); }

}  // namespace isl::compiler
