#include "site/prerender.hpp"

#include <fmt/format.h>
#ifdef ISL_HAVE_BROTLI
#include <brotli/encode.h>
#endif

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <thread>
#include <vector>

#include "render/state.hpp"
#include "server/content_coding.hpp"
#include "seal/keys.hpp"
#include "isl/html.hpp"
#include "site/client_ssr.hpp"
#include "site/page_render.hpp"
#include "site/public_copy.hpp"
#include "site/routes.hpp"

namespace fs = std::filesystem;

namespace isl::site {
namespace {

void write_file(const fs::path& path, std::string_view content) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string shown_path(const std::string& path) {
  std::error_code ec;
  fs::path rel = fs::relative(path, fs::current_path(), ec);
  if (!ec && !rel.empty() && rel.native().rfind("..", 0) != 0) return rel.generic_string();
  return path;
}

// `path:line:col: error: message`, the line and a caret, as the template compiler does.
void report(const std::string& file, unsigned line, unsigned column, const std::string& message) {
  std::string out = shown_path(file);
  if (line > 0) out += fmt::format(":{}:{}", line, column);
  out += ": error: " + message + "\n";
  if (line > 0) {
    std::istringstream in(read_file(file));
    std::string text;
    for (unsigned i = 0; i < line && std::getline(in, text); ++i) {}
    if (!text.empty() && text.back() == '\r') text.pop_back();
    out += "  " + text + "\n  " + std::string(column > 1 ? column - 1 : 0, ' ') + "^\n";
  }
  std::cerr << out;
}

// What a prerendered page that redirected is written as: any server or browser moves on to
// `location` (the isl server also answers with the real status and Location).
std::string redirect_page(std::string_view location) {
  const std::string to = escape_html(location);
  return "<!doctype html>\n<html><head><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"0;url=" + to +
         "\"><link rel=\"canonical\" href=\"" + to + "\"><meta name=\"robots\" content=\"noindex\"><title>Redirecting to " +
         to + "</title></head><body><a href=\"" + to + "\">Redirecting to " + to + "</a></body></html>\n";
}

bool is_header_safe(std::string_view value) {
  for (char c : value)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return false;
  return !value.empty();
}

bool compressible(const fs::path& p) {
  static const std::set<std::string> kTypes = {".html", ".css", ".js", ".mjs", ".json", ".svg", ".txt", ".xml", ".map"};
  return kTypes.count(p.extension().string()) != 0;
}

std::string gzip(std::string_view data) {
  std::optional<std::string> out = server::detail::gzip_compress(data, 9, 9);
  if (!out) throw std::runtime_error("zlib deflate failed");
  return std::move(*out);
}

#ifdef ISL_HAVE_BROTLI
std::string brotli(std::string_view data) {
  std::string out(BrotliEncoderMaxCompressedSize(data.size()), '\0');
  std::size_t size = out.size();
  if (!BrotliEncoderCompress(BROTLI_MAX_QUALITY, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, data.size(),
                             reinterpret_cast<const std::uint8_t*>(data.data()), &size,
                             reinterpret_cast<std::uint8_t*>(out.data())))
    throw std::runtime_error("brotli compression failed");
  out.resize(size);
  return out;
}
#endif

// The compressed copies `previous` (the last build) has for a file with the same content:
// reused, since compressing (brotli at its best quality above all) is most of the time of
// a rebuild that changed little. Hard-linked where possible: creating files is most of
// what is left (the old build is deleted once the new one is in place). How many copies
// it reused: 0 when there is nothing to reuse.
std::size_t reuse_compressed(const fs::path& file, const fs::path& root, const fs::path& previous,
                      const std::string& data) {
  if (previous.empty()) return 0;
  fs::path old = previous / file.lexically_relative(root);
  fs::path old_gz = old;
  old_gz += ".gz";
  std::error_code ec;
  if (!fs::exists(old_gz, ec) || fs::file_size(old, ec) != data.size() || read_file(old) != data) return 0;
  std::size_t reused = 0;
  for (const char* ext : {".gz", ".br"}) {
    fs::path from = old;
    from += ext;
    fs::path to = file;
    to += ext;
    if (!fs::exists(from, ec)) continue;
    fs::create_hard_link(from, to, ec);
    if (ec) fs::copy_file(from, to, fs::copy_options::overwrite_existing);
    ++reused;
  }
  return reused;
}

// The gzip (and brotli) siblings of one file, when worth it; how many it wrote.
std::size_t precompress_file(const fs::path& f, const fs::path& root, const fs::path& previous) {
  std::string data = read_file(f);
  if (data.size() < 512) return 0;
  if (const std::size_t reused = reuse_compressed(f, root, previous, data)) return reused;
  std::string z = gzip(data);
  if (z.size() + 64 >= data.size()) return 0;
  fs::path gz = f;
  gz += ".gz";
  write_file(gz, z);
  std::size_t written = 1;
#ifdef ISL_HAVE_BROTLI
  std::string br = brotli(data);
  if (br.size() < z.size()) {
    fs::path brp = f;
    brp += ".br";
    write_file(brp, br);
    ++written;
  }
#endif
  return written;
}

// gzip (and brotli) siblings (x.html.gz, x.html.br) of the text files worth it; the server
// picks one per request by Accept-Encoding. Files are independent, and brotli at its best
// quality is most of a cold build's prerender time: one worker per core.
std::size_t precompress(const fs::path& root, const fs::path& previous) {
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(root))
    if (e.is_regular_file() && compressible(e.path())) files.push_back(e.path());
  std::atomic<std::size_t> next{0}, written{0};
  std::mutex failure_mutex;
  std::exception_ptr failure;
  auto work = [&] {
    try {
      for (std::size_t i; (i = next.fetch_add(1)) < files.size();) written += precompress_file(files[i], root, previous);
    } catch (...) {
      std::lock_guard lock(failure_mutex);
      if (!failure) failure = std::current_exception();
      next = files.size();  // the others stop too
    }
  };
  const std::size_t workers = std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 16);
  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < std::min(workers, files.size()); ++i) threads.emplace_back(work);
  work();
  for (auto& t : threads) t.join();
  if (failure) std::rethrow_exception(failure);
  return written;
}

}  // namespace

int prerender(const SiteDef& site, const seal::KeyRing& keys, const PrerenderOptions& options) {
  auto started = std::chrono::steady_clock::now();
  int errors = 0;
  std::size_t pages_written = 0;
  std::map<std::string, std::string> generated;  // output file → the page that wrote it
  std::string redirects;                         // .isl-redirects, for the isl server
  nlohmann::json manifest;
  manifest["key_id"] = keys.sealing().id;
  manifest["pages"] = nlohmann::json::array();
  manifest["islands"] = nlohmann::json::array();
  fs::create_directories(options.out_dir);
  std::optional<NodeClientRenderer> client_renderer;
  if (!options.client_ssr.empty()) client_renderer.emplace(options.client_ssr, options.client_ssr_cache);
  ClientRendererScope client_scope(client_renderer ? &*client_renderer : nullptr);

  for (std::size_t i = 0; i < site.page_count; ++i) {
    const PageDef& page = site.pages[i];
    if (!page.render) {
      // The server program has no code for prerendered pages; the prerender program has.
      if (page.prerender) {
        report(page.source, 0, 0,
               "this program cannot prerender (it is the server, built without the code of prerendered pages): "
               "run the site's prerender program, `isl build` does");
        ++errors;
      }
      continue;
    }
    manifest["pages"].push_back({{"route", page.route}, {"source", page.source}, {"prerender", page.prerender}});
    if (!page.prerender) continue;
    RoutePattern pattern(page.route);
    std::vector<Params> paths;
    try {
      if (page.static_paths) paths = page.static_paths();
      else paths.push_back({});
    } catch (const std::exception& e) {
      report(page.source, 0, 0, fmt::format("getStaticPaths() threw: {}", e.what()));
      ++errors;
      continue;
    }
    for (const auto& params : paths) {
      std::string url;
      try {
        url = pattern.fill(params);
        Context ctx;
        detail::ContextAccess::set_prerendering(ctx, true);
        detail::ContextAccess::params(ctx) = params;
        detail::ContextAccess::set_page_url(ctx, url);
        std::string html = render_page(page, ctx, keys, options.dev_client);
        const std::string file = output_file_for(url);
        const Response& response = detail::ContextAccess::response(ctx);
        const std::string* location = response.find_header("Location");
        if (location && response.status >= 300 && response.status < 400) {
          if (!is_header_safe(*location))
            throw std::runtime_error("it redirects to a location with control characters");
          html = redirect_page(*location);
          redirects += fmt::format("{}\t/{}\t{}\n", response.status, file, *location);
        }
        write_file(options.out_dir / file, html);
        generated[file] = fmt::format("{} ({})", page.source, url);
        ++pages_written;
      } catch (const RequestUnavailable& e) {
        report(e.where.file_name(), e.where.line(), e.where.column(),
               fmt::format("{} is not available while prerendering {}: there is no request at build time",
                           e.what, url.empty() ? page.route : url));
        std::cerr << "  note: render this page per request with `export constexpr bool prerender = false;`,\n"
                     "        or read it in a server:defer island\n";
        ++errors;
      } catch (const std::exception& e) {
        report(page.source, 0, 0, fmt::format("prerendering {} failed: {}", url.empty() ? page.route : url, e.what()));
        ++errors;
      }
    }
  }
  for (std::size_t i = 0; i < site.island_count; ++i)
    if (site.islands[i].render) manifest["islands"].push_back(site.islands[i].name);
  for (std::size_t i = 0; i < site.stylesheet_count; ++i) {
    const auto& sheet = site.stylesheets[i];
    if (!*sheet.href) continue;
    write_file(options.out_dir / std::string(sheet.href).substr(1), sheet.css);
    generated[std::string(sheet.href).substr(1)] = "the stylesheet " + std::string(sheet.href);
  }
  if (!options.public_dir.empty() && fs::is_directory(options.public_dir)) {
    for (const auto& c : copy_public(options.public_dir, options.out_dir, generated)) {
      report(c.public_file, 0, 0, "this file is on the same path as a page the build writes: " + c.generated);
      ++errors;
    }
  }
  if (errors) return errors;
  if (!redirects.empty()) write_file(options.out_dir / ".isl-redirects", redirects);
  if (client_renderer) client_renderer->save();
  std::size_t compressed = options.compress ? precompress(options.out_dir, options.previous_dir) : 0;
  write_file(options.out_dir / ".isl-manifest.json", manifest.dump(2) + "\n");
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  std::cout << fmt::format("prerendered {} pages, {} stylesheets, {} precompressed files", pages_written,
                           site.stylesheet_count, compressed);
  if (client_renderer) std::cout << fmt::format(", {} client renders by Node", client_renderer->node_renders());
  std::cout << fmt::format(" in {} ms\n", ms);
  return 0;
}

}  // namespace isl::site
