#include "site/public_copy.hpp"

#include <stdexcept>
#include <system_error>

namespace fs = std::filesystem;

namespace isl::site {
namespace {

// The URL a file answers for, as the server resolves it: "about/index.html", "about.html"
// and "about" are all /about.
std::string url_key(std::string relative) {
  auto strip = [&](std::string_view suffix) {
    if (relative.size() >= suffix.size() && relative.compare(relative.size() - suffix.size(), suffix.size(), suffix) == 0) {
      relative.erase(relative.size() - suffix.size());
      return true;
    }
    return false;
  };
  if (relative == "index.html") return "";
  if (!strip("/index.html")) strip(".html");
  return relative;
}

}  // namespace

bool is_copied_public_path(const std::string& relative) {
  std::size_t begin = 0;
  while (begin < relative.size()) {
    std::size_t end = relative.find('/', begin);
    if (end == std::string::npos) end = relative.size();
    std::string_view part(relative.data() + begin, end - begin);
    if (!part.empty() && part.front() == '.' && !(begin == 0 && part == ".well-known")) return false;
    begin = end + 1;
  }
  return true;
}

std::vector<PublicConflict> copy_public(const fs::path& public_dir, const fs::path& out_dir,
                                        const std::map<std::string, std::string>& generated) {
  std::map<std::string, std::string> by_url;
  for (const auto& [file, source] : generated) by_url.emplace(url_key(file), source);
  std::vector<std::pair<fs::path, std::string>> files;
  std::vector<PublicConflict> conflicts;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(public_dir, fs::directory_options::skip_permission_denied, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const std::string relative = it->path().lexically_relative(public_dir).generic_string();
    if (!is_copied_public_path(relative)) {
      if (it->is_directory()) it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file()) continue;
    auto same = by_url.find(url_key(relative));  // the same file has the same URL too
    if (same != by_url.end()) {
      conflicts.push_back({(fs::path("public") / relative).generic_string(), same->second});
      continue;
    }
    files.emplace_back(it->path(), relative);
  }
  if (ec) throw std::runtime_error("cannot read " + public_dir.string() + ": " + ec.message());
  if (!conflicts.empty()) return conflicts;
  for (const auto& [from, relative] : files) {
    fs::create_directories((out_dir / relative).parent_path());
    fs::copy_file(from, out_dir / relative, fs::copy_options::overwrite_existing);
  }
  return conflicts;
}

}  // namespace isl::site
