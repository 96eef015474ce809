// Loading dist/ into memory and answering static requests from it.
#include "server/static_files.hpp"
#include "isl/detail/ascii.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <stdexcept>
#include <system_error>
#include <vector>

#include "server/byte_range.hpp"
#include "server/content_coding.hpp"
#include "server/http_date.hpp"
#include "server/mime_types.hpp"

namespace isl::server::detail {

namespace fs = std::filesystem;

namespace {

std::uint64_t fnv1a64(std::string_view data) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (char c : data) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ull;
  }
  return h;
}

std::string hex64(std::uint64_t v) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i) {
    out[static_cast<std::size_t>(i)] = kHex[v & 15];
    v >>= 4;
  }
  return out;
}

bool read_file(const fs::path& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return !in.bad();
}

std::int64_t mtime_seconds(const fs::path& path) {
  std::error_code ec;
  const auto ft = fs::last_write_time(path, ec);
  if (ec) return 0;
  const auto sys = std::chrono::file_clock::to_sys(ft);
  return std::chrono::duration_cast<std::chrono::seconds>(sys.time_since_epoch()).count();
}

bool is_within(const fs::path& root, const fs::path& p) {
  const fs::path rel = p.lexically_relative(root);
  return !rel.empty() && *rel.begin() != ".." && !rel.is_absolute();
}

bool is_hidden(const std::string& name) { return !name.empty() && name[0] == '.' && name != ".well-known"; }

struct Found {
  fs::path file;  // real path to read
  std::uint64_t size = 0;
};

using ascii::trim_ows;

bool etag_matches(std::string_view list, const StaticFile& file) {
  while (!list.empty()) {
    const auto comma = list.find(',');
    std::string_view tag = trim_ows(list.substr(0, comma));
    list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
    if (tag == "*") return true;
    if (tag.starts_with("W/")) tag.remove_prefix(2);  // If-None-Match compares weakly
    if (tag.empty()) continue;
    for (const StaticVariant* v : {&file.identity, &file.gzip, &file.br}) {
      if (v->body && tag == v->etag) return true;
    }
  }
  return false;
}

// Whether a Range may be honoured given If-Range (absent: yes): the validator must be the
// identity variant's strong ETag, or exactly the file's Last-Modified date.
bool if_range_holds(const std::string* if_range, const StaticFile& file) {
  if (if_range == nullptr) return true;
  const std::string_view v = trim_ows(*if_range);
  if (v.starts_with("W/")) return false;  // weak validators never match here
  if (v.starts_with("\"")) return v == file.identity.etag;
  const auto date = parse_http_date(v);
  return date && *date == file.mtime;
}

}  // namespace

bool has_content_hash(std::string_view name) {
  const auto last_dot = name.rfind('.');
  if (last_dot == std::string_view::npos) return false;
  name = name.substr(0, last_dot);  // the extension is never the hash
  std::size_t start = 0;
  while (start <= name.size()) {
    auto end = name.find_first_of(".-", start);
    if (end == std::string_view::npos) end = name.size();
    const std::string_view part = name.substr(start, end - start);
    if (start > 0 && part.size() >= 8) {
      bool hex = true, digit = false, letter = false;
      for (char c : part) {
        if (c >= '0' && c <= '9') digit = true;
        else if ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) letter = true;
        else hex = false;
      }
      if (hex && digit && letter) return true;
    }
    start = end + 1;
  }
  return false;
}

std::string cache_control_for(std::string_view url_path) {
  const auto slash = url_path.rfind('/');
  const std::string_view name = slash == std::string_view::npos ? url_path : url_path.substr(slash + 1);
  if (name.ends_with(".html") || name.ends_with(".htm")) return "public, max-age=0, must-revalidate";
  if (url_path.starts_with("/_isl/") || has_content_hash(name)) return "public, max-age=31536000, immutable";
  return "public, max-age=3600";
}

std::shared_ptr<const StaticSite> StaticSite::load(const fs::path& root_in, const StaticLoadOptions& options) {
  std::error_code ec;
  const fs::path root = fs::canonical(root_in, ec);
  if (ec || !fs::is_directory(root, ec)) {
    throw std::runtime_error("static directory not found: " + root_in.string());
  }

  // Pass 1: every servable file by URL path.
  std::map<std::string, Found> found;
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
  if (ec) throw std::runtime_error("cannot read static directory " + root.string() + ": " + ec.message());
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) {
      spdlog::warn("static files: {}", ec.message());
      break;
    }
    const fs::directory_entry& entry = *it;
    const std::string name = entry.path().filename().string();
    std::error_code e2;
    if (entry.is_symlink(e2)) {
      // A link is served only when it is a file inside dist; directories behind links
      // are never walked (the iterator does not follow them).
      if (is_hidden(name)) continue;
      const fs::path target = fs::canonical(entry.path(), e2);
      if (e2 || !is_within(root, target) || !fs::is_regular_file(target, e2)) {
        spdlog::warn("static files: skipping link {} (outside {} or not a file)", entry.path().string(),
                     root.string());
        continue;
      }
      found[std::string("/") + entry.path().lexically_relative(root).generic_string()] =
          Found{target, fs::file_size(target, e2)};
      continue;
    }
    if (entry.is_directory(e2)) {
      if (is_hidden(name)) it.disable_recursion_pending();
      continue;
    }
    if (is_hidden(name) || !entry.is_regular_file(e2)) continue;
    found[std::string("/") + entry.path().lexically_relative(root).generic_string()] =
        Found{entry.path(), entry.file_size(e2)};
  }

  // Pass 2: load, pairing x.gz / x.br with x.
  auto site = std::make_shared<StaticSite>();
  auto load_body = [&](const Found& f, std::string& out) {
    if (f.size > options.max_file_bytes) {
      spdlog::warn("static files: skipping {} ({} bytes, over the {} byte limit)", f.file.string(), f.size,
                   options.max_file_bytes);
      return false;
    }
    if (!read_file(f.file, out)) {
      spdlog::warn("static files: cannot read {}", f.file.string());
      return false;
    }
    return true;
  };
  for (const auto& [url, f] : found) {
    const bool is_gz = url.ends_with(".gz") && found.count(url.substr(0, url.size() - 3));
    const bool is_br = url.ends_with(".br") && found.count(url.substr(0, url.size() - 3));
    if (is_gz || is_br) continue;  // a variant of another file, not served by its own name

    std::string content;
    if (!load_body(f, content)) continue;
    StaticFile file;
    file.content_type = std::string(content_type_for(url));
    file.cache_control = cache_control_for(url);
    file.mtime = mtime_seconds(f.file);
    file.last_modified = format_http_date(file.mtime);
    const std::string hash = hex64(fnv1a64(content));
    file.identity.etag = "\"" + hash + "\"";

    if (auto gz = found.find(url + ".gz"); gz != found.end()) {
      std::string body;
      if (load_body(gz->second, body)) {
        file.gzip.etag = "\"" + hash + "-gz\"";
        site->total_bytes_ += body.size();
        file.gzip.body = std::make_shared<const std::string>(std::move(body));
      }
    } else if (options.compress && content.size() >= options.compress_min_bytes &&
               is_compressible(file.content_type)) {
      if (auto gz_body = gzip_compress(content); gz_body && gz_body->size() < content.size() * 9 / 10) {
        file.gzip.etag = "\"" + hash + "-gz\"";
        site->total_bytes_ += gz_body->size();
        file.gzip.body = std::make_shared<const std::string>(std::move(*gz_body));
      }
    }
    if (auto br = found.find(url + ".br"); br != found.end()) {
      std::string body;
      if (load_body(br->second, body)) {
        file.br.etag = "\"" + hash + "-br\"";
        site->total_bytes_ += body.size();
        file.br.body = std::make_shared<const std::string>(std::move(body));
      }
    }
    site->total_bytes_ += content.size();
    file.identity.body = std::make_shared<const std::string>(std::move(content));
    site->files_.emplace(url, std::move(file));
  }
  site->load_redirects(root);
  return site;
}

// Lines of "status<TAB>/file/path.html<TAB>location", written by the prerender step.
void StaticSite::load_redirects(const fs::path& root) {
  std::ifstream in(root / ".isl-redirects", std::ios::binary);
  std::string line;
  while (std::getline(in, line)) {
    const auto tab1 = line.find('\t');
    const auto tab2 = tab1 == std::string::npos ? tab1 : line.find('\t', tab1 + 1);
    if (tab2 == std::string::npos) continue;
    const int status = std::atoi(line.substr(0, tab1).c_str());
    const auto it = files_.find(std::string_view(line).substr(tab1 + 1, tab2 - tab1 - 1));
    if (status < 300 || status > 399 || it == files_.end()) {
      spdlog::warn("static files: .isl-redirects: ignoring \"{}\"", line);
      continue;
    }
    it->second.redirect_status = status;
    it->second.location = line.substr(tab2 + 1);
  }
}

const StaticFile* StaticSite::find(std::string_view url_path) const {
  const auto it = files_.find(url_path);
  return it == files_.end() ? nullptr : &it->second;
}

const StaticFile* StaticSite::resolve(std::string_view path) const {
  if (path.empty() || path.front() != '/') return nullptr;
  // The candidates are built in one buffer, on the stack for any path a site has: this
  // runs first for every request, dynamic ones included.
  char stack[256];
  std::string heap;
  const auto with = [&](std::string_view suffix) -> std::string_view {
    const std::size_t size = path.size() + suffix.size();
    char* out = stack;
    if (size > sizeof stack) {
      heap.resize(size);
      out = heap.data();
    }
    path.copy(out, path.size());
    suffix.copy(out + path.size(), suffix.size());
    return {out, size};
  };
  if (path.back() == '/') return find(with("index.html"));
  if (const StaticFile* f = find(path)) return f;
  if (const StaticFile* f = find(with("/index.html"))) return f;
  return find(with(".html"));
}

Response static_response(const StaticFile& file, const HttpRequest& request) {
  if (file.redirect_status != 0) {
    Response r;
    r.status = file.redirect_status;
    r.headers.emplace_back("Location", file.location);
    r.headers.emplace_back("Cache-Control", file.cache_control);
    r.headers.emplace_back("Content-Type", file.content_type);
    r.body = file.identity.body;
    return r;
  }
  // A Range counts bytes of the file as stored: a ranged answer is never compressed.
  ByteRange range;
  RangeRequest ranged = RangeRequest::whole;
  const std::string* range_header = request.header("Range");
  if (range_header != nullptr && file.identity.body && if_range_holds(request.header("If-Range"), file)) {
    ranged = parse_byte_range(*range_header, file.identity.body->size(), range);
  }
  const Coding coding = ranged != RangeRequest::whole
                            ? Coding::identity
                            : choose_coding(request.header("Accept-Encoding"), file.gzip.body != nullptr,
                                            file.br.body != nullptr);
  const StaticVariant& variant = coding == Coding::gzip ? file.gzip : coding == Coding::br ? file.br : file.identity;

  bool not_modified = false;
  if (const std::string* inm = request.header("If-None-Match")) {
    not_modified = etag_matches(*inm, file);
  } else if (const std::string* ims = request.header("If-Modified-Since")) {
    const auto since = parse_http_date(*ims);
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    not_modified = since && *since <= now && file.mtime <= *since;
  }

  Response r;
  r.headers.reserve(10);
  r.headers.emplace_back("ETag", variant.etag);
  r.headers.emplace_back("Last-Modified", file.last_modified);
  r.headers.emplace_back("Cache-Control", file.cache_control);
  if (file.gzip.body || file.br.body) r.headers.emplace_back("Vary", "Accept-Encoding");
  if (not_modified) {
    r.status = 304;
    return r;
  }
  r.headers.emplace_back("Accept-Ranges", "bytes");
  if (ranged == RangeRequest::unsatisfiable) {
    r.status = 416;
    r.headers.emplace_back("Content-Range", fmt::format("bytes */{}", file.identity.body->size()));
    return r;
  }
  r.headers.emplace_back("Content-Type", file.content_type);
  if (coding == Coding::gzip) r.headers.emplace_back("Content-Encoding", "gzip");
  if (coding == Coding::br) r.headers.emplace_back("Content-Encoding", "br");
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  r.body = variant.body;
  if (ranged == RangeRequest::satisfiable) {
    r.status = 206;
    r.headers.emplace_back("Content-Range", fmt::format("bytes {}-{}/{}", range.first, range.first + range.length - 1,
                                                        file.identity.body->size()));
    r.body_offset = range.first;
    r.body_length = range.length;
  }
  return r;
}

}  // namespace isl::server::detail
