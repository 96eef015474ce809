// resolve_uses: every component use checked against what it uses, and resolved for the
// generator (Unit::uses). Element-level rules that need no other file are checked here too
// (set:html on an empty element, slot names written as text).
#include <algorithm>
#include <set>

#include "compiler/check/check.hpp"
#include "compiler/parse/text.hpp"

namespace isl::compiler {
namespace {

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

// The slot fills of a use (the rule is written at SlotFill).
std::vector<SlotFill> slot_fills(const Node& use) {
  std::vector<SlotFill> fills;
  SlotFill default_fill{"default", {}, false};
  bool default_has_content = false;
  for (const auto& child : use.children) {
    const bool can_fill = child.kind == NodeKind::element || child.kind == NodeKind::fragment ||
                          child.kind == NodeKind::component;
    if (const Attribute* slot = can_fill ? child.attribute("slot") : nullptr) {
      fills.push_back({slot->value, {&child}, true});
    } else {
      default_fill.nodes.push_back(&child);
      if (!(child.kind == NodeKind::text && is_blank(child.text))) default_has_content = true;
    }
  }
  if (default_has_content) fills.insert(fills.begin(), std::move(default_fill));
  return fills;
}

class UseResolver {
 public:
  UseResolver(Unit& unit, Diagnostics& diags) : unit_(unit), diags_(diags) {}

  void operator()(const Node& n) {
    if (n.kind == NodeKind::element) {
      const Attribute* html = n.attribute("set:html");
      if (html && !n.children.empty()) diags_.error(*unit_.file, html->name_span, "an element with set:html must be empty");
    }
    if (n.kind == NodeKind::slot) {
      const Attribute* name = n.attribute("name");
      if (name && name->kind != Attribute::Kind::text)
        diags_.error(*unit_.file, name->name_span, "a slot's name must be written as text: <slot name=\"x\" />");
    }
    if (n.kind != NodeKind::component) return;
    if (auto client = unit_.client_imports.find(n.text); client != unit_.client_imports.end()) {
      resolve_client_use(n, *client->second);
    } else if (auto it = unit_.imports.find(n.text); it != unit_.imports.end()) {
      resolve_component_use(n, *it->second);
    } else {
      report_unknown(n);
    }
  }

 private:
  void resolve_client_use(const Node& n, ClientComponent& client) {
    ComponentUse use;
    use.client = &client;
    use.directive = check_client_use(*unit_.file, n, diags_);
    if (!use.directive.name.empty() && use.directive.name != "only") client.rendered_at_build = true;
    for (const auto& a : n.attributes) {
      if (is_client_directive_attribute(a.name) || a.name == "slot" || a.name == "server:defer") continue;
      use.props.push_back({nullptr, &a});
    }
    use.slots = slot_fills(n);
    unit_.uses.emplace(&n, std::move(use));
  }

  void resolve_component_use(const Node& n, Unit& target) {
    const auto& members = target.ast.frontmatter.members;
    check_no_client_directive(*unit_.file, n, diags_);
    ComponentUse use;
    use.target = &target;
    for (const auto& a : n.attributes) {
      if (a.name == "server:defer") {
        use.deferred = true;
        if (a.kind != Attribute::Kind::bare) diags_.error(*unit_.file, a.name_span, "server:defer takes no value");
        continue;
      }
      if (is_client_directive_attribute(a.name)) continue;  // reported above
      if (a.name == "slot") {
        if (a.kind != Attribute::Kind::text)
          diags_.error(*unit_.file, a.name_span, "slot names are written as text: slot=\"name\"");
        continue;
      }
      bool known = std::any_of(members.begin(), members.end(), [&](const PropMember& m) { return m.name == a.name; });
      if (!known) {
        std::vector<std::string> names;
        for (const auto& m : members) names.push_back(m.name);
        std::string guess = closest(a.name, names);
        diags_.error(*unit_.file, a.name_span,
                     "unknown prop '" + a.name + "' for <" + n.text + ">" +
                         (guess.empty() ? "" : "; did you mean '" + guess + "'?"),
                     "the props of " + n.text + " are: " + join_names(members));
      }
    }
    for (const auto& m : members) {
      if (const Attribute* a = n.attribute(m.name)) {
        use.props.push_back({&m, a});
      } else if (m.required) {
        diags_.error(*unit_.file, n.span, "<" + n.text + "> is missing the required prop '" + m.name + "'",
                     "declared in " + target.file->path() + " as `" + m.type + " " + m.name + ";`");
      } else if (m.checked_in_cpp) {
        use.left_out_unchecked.push_back(&m);
      }
    }
    use.slots = slot_fills(n);
    std::set<std::string> filled;
    for (const auto& fill : use.slots) {
      if (!fill.named) continue;
      const Attribute* slot = fill.nodes.front()->attribute("slot");
      if (slot->kind != Attribute::Kind::text) continue;  // reported where that child is checked
      if (!filled.insert(slot->value).second)
        diags_.error(*unit_.file, slot->name_span, "slot \"" + slot->value + "\" is filled twice in <" + n.text + ">");
    }
    if (use.deferred) target.is_island = true;
    unit_.uses.emplace(&n, std::move(use));
  }

  void report_unknown(const Node& n) {
    std::vector<std::string> imported;
    for (const auto& imp : unit_.ast.frontmatter.imports) {
      if (imp.name == n.text) return;  // its import is already reported
      imported.push_back(imp.name);
    }
    std::string guess = closest(n.text, imported);
    diags_.error(*unit_.file, n.span,
                 "unknown component <" + n.text + ">" + (guess.empty() ? "" : "; did you mean <" + guess + ">?"),
                 "import it in the frontmatter: import " + n.text + " from \"./" + n.text + ".isl\";");
  }

  Unit& unit_;
  Diagnostics& diags_;
};

}  // namespace

void resolve_uses(SiteModel& model, Diagnostics& diags) {
  for (auto& u : model.units) walk(u->ast.nodes, UseResolver(*u, diags));
}

}  // namespace isl::compiler
