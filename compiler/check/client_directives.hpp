// Client islands in templates: which imports are client components (.jsx, .tsx, .js, .ts)
// and the client:* directive of a use, checked (one, known, not beside server:defer).
#pragma once

#include <string>
#include <string_view>

#include "compiler/diagnostics.hpp"
#include "compiler/parse/ast.hpp"

namespace isl::compiler {

// "../components/Counter.jsx": a Preact or React component, bundled for the browser.
bool is_client_component_path(std::string_view path);

struct ClientDirective {
  std::string name;   // "load", "idle", "visible", "media", "only"; "" when the use has none
  std::string media;  // client:media's query
};

// The directive of a use of a client component; reports every misuse at its attribute.
ClientDirective check_client_use(const SourceFile& file, const Node& use, Diagnostics& diags);

// A client:* attribute on a use of an .isl component is an error at that attribute.
void check_no_client_directive(const SourceFile& file, const Node& use, Diagnostics& diags);

bool is_client_directive_attribute(std::string_view name);

}  // namespace isl::compiler
