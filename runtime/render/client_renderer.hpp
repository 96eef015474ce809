// Rendering client components to HTML at build time: the prerender program installs a
// renderer (one Node process for the whole build, runtime/site/ssr_process.*); without
// one, a client island is rendered in the browser behind its fallback.
#pragma once

#include <string>
#include <string_view>

namespace isl::detail {

class ClientRenderer {
 public:
  virtual ~ClientRenderer() = default;
  // The component's HTML for these props; `children` is the HTML of the use's children,
  // or null when it has none. Throws std::runtime_error when the component fails.
  virtual std::string render(std::string_view component, std::string_view props_json,
                             const std::string* children) = 0;
};

void set_client_renderer(ClientRenderer* renderer);

// The browser runtime of client islands (minified), written once per page that has one.
std::string_view client_runtime_script();

}  // namespace isl::detail
