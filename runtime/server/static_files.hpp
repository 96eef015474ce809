// The static site: every file of dist/ loaded into memory at start (and on reload), with
// its Content-Type, cache policy, ETag, Last-Modified and encoded variants precomputed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "server/http_types.hpp"
#include "server/response.hpp"

namespace isl::server::detail {

struct StaticVariant {
  std::shared_ptr<const std::string> body;  // null: this variant does not exist
  std::string etag;                         // strong, quoted
};

struct StaticFile {
  std::string content_type;
  std::string cache_control;
  std::string last_modified;  // HTTP date
  std::int64_t mtime = 0;     // seconds since the epoch
  StaticVariant identity;
  StaticVariant gzip;
  StaticVariant br;
  // A prerendered page that redirected (dist/.isl-redirects): answered with this status
  // and Location; the file itself is a page that moves any browser (docs/templates.md).
  int redirect_status = 0;
  std::string location;
};

struct StaticLoadOptions {
  bool compress = true;                          // gzip text files that have no .gz sibling
  std::size_t compress_min_bytes = 1024;
  std::size_t max_file_bytes = 256u * 1024 * 1024;  // larger files are skipped (warning)
};

class StaticSite {
 public:
  // Walks `root` (not following symlinks that leave it; skipping dotfiles other than
  // .well-known/); root/.isl-redirects marks the pages that redirect. Throws std::runtime_error when root is not a readable directory.
  static std::shared_ptr<const StaticSite> load(const std::filesystem::path& root,
                                                const StaticLoadOptions& options = {});

  // The file at exactly this URL path ("/about/index.html").
  const StaticFile* find(std::string_view url_path) const;
  // The file a request path names: "/" → /index.html, "/a/" → /a/index.html,
  // "/a" → /a, else /a/index.html, else /a.html.
  const StaticFile* resolve(std::string_view request_path) const;
  const StaticFile* not_found_page() const { return find("/404.html"); }
  const StaticFile* error_page() const { return find("/500.html"); }  // src/pages/500.isl

  std::size_t file_count() const { return files_.size(); }
  std::size_t total_bytes() const { return total_bytes_; }

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, StaticFile, Hash, std::equal_to<>> files_;
  std::size_t total_bytes_ = 0;

  void load_redirects(const std::filesystem::path& root);
};

// The answer for a GET or HEAD of `file`: picks the encoding from Accept-Encoding and
// answers 304 to a matching If-None-Match / If-Modified-Since.
Response static_response(const StaticFile& file, const HttpRequest& request);

// Cache-Control by URL path: HTML must revalidate, /_isl/ and content-hashed names are
// immutable for a year, everything else is fresh for an hour.
std::string cache_control_for(std::string_view url_path);
// Whether a file name carries a content hash: a '.'- or '-'-separated part of 8+ hex
// digits with at least one digit and one letter ("app.3f2a91bc.css").
bool has_content_hash(std::string_view file_name);

}  // namespace isl::server::detail
