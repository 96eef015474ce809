#include "compiler/check/client_directives.hpp"

namespace isl::compiler {
namespace {

constexpr std::string_view kDirectives[] = {"load", "idle", "visible", "media", "only"};

bool ends_with(std::string_view s, std::string_view end) {
  return s.size() >= end.size() && s.substr(s.size() - end.size()) == end;
}

std::string known_list() {
  std::string out;
  for (auto d : kDirectives) out += (out.empty() ? "client:" : ", client:") + std::string(d);
  return out;
}

}  // namespace

bool is_client_component_path(std::string_view path) {
  return ends_with(path, ".jsx") || ends_with(path, ".tsx") || ends_with(path, ".js") || ends_with(path, ".ts");
}

bool is_client_directive_attribute(std::string_view name) { return name.substr(0, 7) == "client:"; }

ClientDirective check_client_use(const SourceFile& file, const Node& use, Diagnostics& diags) {
  ClientDirective found;
  const Attribute* first = nullptr;
  bool any = false;  // a client:* attribute, known or not (an unknown one is its own error)
  for (const auto& a : use.attributes) {
    if (a.name == "server:defer") {
      diags.error(file, a.name_span, "<" + use.text + "> is a client component: it cannot be server:defer",
                  "a client component runs in the browser; give it one of " + known_list());
      continue;
    }
    if (!is_client_directive_attribute(a.name)) continue;
    any = true;
    std::string name = a.name.substr(7);
    bool known = false;
    for (auto d : kDirectives) known |= d == name;
    if (!known) {
      diags.error(file, a.name_span, "unknown directive '" + a.name + "' on <" + use.text + ">",
                  "the directives are " + known_list());
      continue;
    }
    if (first) {
      diags.error(file, a.name_span,
                  "<" + use.text + "> has two client directives: '" + first->name + "' and '" + a.name + "'",
                  "a use takes one of " + known_list());
      continue;
    }
    first = &a;
    found.name = name;
    if (name == "media") {
      if (a.kind != Attribute::Kind::text || a.value.empty())
        diags.error(file, a.name_span, "client:media takes a media query as text: client:media=\"(max-width: 40em)\"");
      found.media = a.value;
    } else if (a.kind != Attribute::Kind::bare) {
      diags.error(file, a.name_span, a.name + " takes no value");
    }
  }
  if (!any && !use.attribute("server:defer"))
    diags.error(file, use.span, "<" + use.text + "> is a client component and needs a directive",
                "say when it runs in the browser: " + known_list());
  return found;
}

void check_no_client_directive(const SourceFile& file, const Node& use, Diagnostics& diags) {
  for (const auto& a : use.attributes)
    if (is_client_directive_attribute(a.name))
      diags.error(file, a.name_span, a.name + " is for client components: <" + use.text + "> is an .isl component",
                  "client components are .jsx, .tsx, .js or .ts files; an .isl component runs on the server "
                  "(server:defer makes it a server island)");
}

}  // namespace isl::compiler
