// The client stage: every client component and bundled <script> of a site goes to the
// bundler as one build (so that the framework and shared modules end up in shared chunks);
// its URLs go into the model, its errors to the file, line and column they are in.
#pragma once

#include <cstddef>
#include <filesystem>

#include "compiler/check/site_model.hpp"
#include "compiler/client/client_build.hpp"
#include "compiler/diagnostics.hpp"

namespace isl::compiler {

struct ClientCode {
  std::size_t components = 0;
  std::size_t scripts = 0;  // bundled <script>s
};

// Without a bundler (isl translate, tests), scripts are written as they are and client
// components get unbundled URLs. `site_dir` holds src/; `display_base` is what
// diagnostics name files relative to.
ClientCode bundle_client_code(SiteModel& model, const ClientBundler& bundler, const std::filesystem::path& site_dir,
                              const std::filesystem::path& display_base, Diagnostics& diags);

}  // namespace isl::compiler
