// public/ into the static output: as is, except dotfiles (never served, so not copied;
// .well-known/ is), and never over a file the build generated.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace isl::site {

struct PublicConflict {
  std::string public_file;  // "public/about/index.html"
  std::string generated;    // what the build wrote there: "src/pages/about.isl (/about)"
};

// `generated`: output-relative path ("about/index.html") → what wrote it. Copies nothing
// when a file of public/ would land on (or be served in place of) a generated one, and
// returns every such conflict.
std::vector<PublicConflict> copy_public(const std::filesystem::path& public_dir, const std::filesystem::path& out_dir,
                                        const std::map<std::string, std::string>& generated);

// Whether public/<relative> (a file or a folder) is copied: no part of the path starts
// with '.', except a leading ".well-known" folder (RFC 8615: ACME challenges, security.txt).
bool is_copied_public_path(const std::string& relative);

}  // namespace isl::site
