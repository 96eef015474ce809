// Where things live in a site folder, in one place.
#pragma once

#include <filesystem>
#include <string>

namespace isl::cli {

// The CMake target of the site program, the name a site's isl.cmake adds to (docs/cli.md);
// isl_add_site() names the prerender program after it.
inline constexpr const char* kSiteTarget = "site";

struct SitePaths {
  explicit SitePaths(const std::filesystem::path& site_dir)
      : site(std::filesystem::absolute(site_dir).lexically_normal()),
        src(site / "src"),
        work(site / ".isl"),
        generated(work / "gen"),
        build(work / "build"),
        dev_key(work / "dev.key"),
        last_dist(work / "last-dist"),
        dist(site / "dist"),
        public_dir(site / "public") {}

  std::filesystem::path site;
  std::filesystem::path src;
  std::filesystem::path work;       // .isl/: everything the build keeps (git-ignored)
  std::filesystem::path generated;  // .isl/gen: the translated templates
  std::filesystem::path build;      // .isl/build: the CMake build of the site program
  std::filesystem::path dev_key;    // .isl/dev.key: made when no ISL_KEY is given
  std::filesystem::path last_dist;  // .isl/last-dist: the folder the last build wrote (isl serve)
  std::filesystem::path dist;       // the static output (default)
  std::filesystem::path public_dir;
  std::filesystem::path program() const { return build / kSiteTarget; }  // the server
  std::filesystem::path prerender_program() const { return build / (std::string(kSiteTarget) + "_prerender"); }
};

}  // namespace isl::cli
