// Build time: every prerendered page to HTML, the stylesheets, public/, precompressed
// copies and the manifest, into one folder.
#pragma once

#include <filesystem>

#include "isl/site.hpp"

namespace isl::seal {
class KeyRing;
}

namespace isl::site {

struct PrerenderOptions {
  std::filesystem::path out_dir;
  std::filesystem::path public_dir;  // copied as is when it exists
  bool compress = true;
  std::filesystem::path previous_dir;  // the last build: compressed copies of unchanged files are reused
  bool dev_client = false;  // `isl dev`: pages reload themselves on a new build
  std::string client_ssr;        // Node script that renders client components (spec §8)
  std::string client_ssr_cache;  // its answers of the last build
};

// Returns the number of errors (each printed to stderr as `path:line:col: error: ...`).
int prerender(const SiteDef& site, const seal::KeyRing& keys, const PrerenderOptions& options);

}  // namespace isl::site
