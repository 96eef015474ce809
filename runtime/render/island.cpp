// The page side of a server island: its placeholder, and the loader that fills it.
#include "isl/detail/island.hpp"

#include <map>
#include <stdexcept>

#include "http/island_url.hpp"
#include "isl/travel.hpp"
#include "render/state.hpp"
#include "seal/keys.hpp"
#include "seal/seal.hpp"

namespace isl::detail {
namespace {

// The loader, written once per page that has islands: runtime/render/loader.js, minified
// (scripts/minify-loader.sh; a test checks that the copy agrees with the source).
constexpr std::string_view kLoader =
#include "render/loader_js.inc"
    ;

// A preload is announced for an island whose URL stays a GET with any likely origin: the
// loader POSTs when the full URL passes 2048 bytes, and this leaves 200 for the origin.
constexpr std::size_t kMaxPreloadedUrl = 2048 - 200;

// `isl dev` only: polls the dev server's state every 100 ms (a local request of a few bytes;
// at 400 ms, waiting for the next poll added up to 0.4 s to every reload); a new build
// reloads the page, a failed one shows its errors over the page until the next good build.
constexpr std::string_view kDevClient =
    "<script>(()=>{let b=null;const t=()=>fetch('/_isl/dev',{cache:'no-store'}).then(r=>r.json()).then(s=>{"
    "if(b!==null&&s.build!==b)return location.reload();b=s.build;let o=document.getElementById('isl-dev-error');"
    "if(s.error){if(!o){o=document.createElement('pre');o.id='isl-dev-error';o.style.cssText='position:fixed;"
    "inset:0;margin:0;padding:2rem;background:#16161dee;color:#ffb4b4;font:14px/1.5 monospace;"
    "white-space:pre-wrap;overflow:auto;z-index:2147483647';document.body.append(o)}o.textContent="
    "'isl dev: the last build failed\\n\\n'+s.error}else if(o)o.remove()}).catch(()=>{}).finally(()=>"
    "setTimeout(t,100));t()})()</script>";

void write_dev_client(PageState& page, Output& out) {
  if (!page.dev_client || page.dev_client_written) return;
  page.dev_client_written = true;
  out.raw(kDevClient);
}

void write_stylesheet(PageState& page, Output& out) {
  if (page.stylesheet_written) return;
  page.stylesheet_written = true;
  if (page.stylesheet.empty()) return;
  out.raw("<link rel=\"stylesheet\" href=\"");
  out.text(page.stylesheet);
  out.raw("\">");
}

// The page's GET islands, announced where </head> was, so their requests start before the
// body is parsed. Only when </head> was written into this page's own buffer.
void insert_preloads(PageState& page, Output& out) {
  if (page.preloads.empty() || page.head_output != &out || page.head_at > out.size()) return;
  std::string links;
  for (const std::string& url : page.preloads) {
    links += "<link rel=\"preload\" as=\"fetch\" crossorigin href=\"";
    links += url;  // base64url and the fixed prefix: nothing to escape
    links += "\">";
  }
  out.buffer().insert(page.head_at, links);
  page.preloads.clear();
}

void write_loader(PageState& page, Output& out) {
  if (page.loader_written || page.islands == 0) return;
  page.loader_written = true;
  out.raw(kLoader);
}

}  // namespace

std::string_view island_loader_script() { return kLoader; }
std::string_view dev_client_script() { return kDevClient; }

void render_island(Context& ctx, Output& out, std::string_view island, std::string props_bytes,
                   const Slots& slots) {
  PageState& page = ContextAccess::page_state(ctx);
  // Slots are rendered here, in the page's context; only the fallback stays on the page.
  std::map<std::string, std::string> rendered;
  const Slot* fallback = nullptr;
  const Slot* error = nullptr;
  for (const Slot& slot : slots) {
    if (slot.name == "fallback") {
      fallback = &slot;
      continue;
    }
    if (slot.name == "error") {  // shown by the loader when the island's request fails
      error = &slot;
      continue;
    }
    Output html;
    slot.render(html);
    rendered[std::string(slot.name)] = html.take();
  }
  if (!page.keys) throw std::logic_error("render_island: no site key to seal island props with");
  const seal::Key& key = page.keys->sealing();
  std::string url = island_url::build(island, seal::seal(key, island, seal::Purpose::props, props_bytes),
                                      seal::seal(key, island, seal::Purpose::slots, travel::encode(rendered)));
  ++page.islands;
  if (url.size() <= kMaxPreloadedUrl) page.preloads.push_back(url);
  out.raw("<!--isl-island:");
  out.raw(url);  // base64url and the fixed prefix: nothing to escape, no "--" sequence issue
  out.raw("-->");
  if (error) {
    out.raw("<template data-isl-error>");
    error->render(out);
    out.raw("</template>");
  }
  if (fallback) fallback->render(out);
  out.raw("<!--/isl-island-->");
}

void at_head_end(Context& ctx, Output& out) {
  PageState& page = ContextAccess::page_state(ctx);
  write_stylesheet(page, out);
  page.head_output = &out;
  page.head_at = out.size();
}

void at_body_start(Context& ctx, Output& out) { write_stylesheet(ContextAccess::page_state(ctx), out); }

void at_body_end(Context& ctx, Output& out) {
  write_client_runtime(ContextAccess::page_state(ctx), out);
  write_loader(ContextAccess::page_state(ctx), out);
  write_dev_client(ContextAccess::page_state(ctx), out);
}

void finish_page(Context& ctx, Output& out) {
  PageState& page = ContextAccess::page_state(ctx);
  insert_preloads(page, out);
  if (!page.stylesheet_written) {
    // No <head> or <body> in the templates: the stylesheet goes first, unless the page
    // starts with a doctype, which must stay first.
    Output sheet;
    write_stylesheet(page, sheet);
    std::string& buf = out.buffer();
    std::size_t at = 0;
    if (buf.size() >= 9 && (buf.compare(0, 9, "<!doctype") == 0 || buf.compare(0, 9, "<!DOCTYPE") == 0)) {
      auto gt = buf.find('>');
      at = gt == std::string::npos ? buf.size() : gt + 1;
    }
    buf.insert(at, sheet.view());
  }
  write_client_runtime(page, out);
  write_loader(page, out);
  write_dev_client(page, out);
}

void write_script_once(Context& ctx, Output& out, std::string_view script_markup) {
  auto& scripts = ContextAccess::page_state(ctx).scripts;
  if (scripts.find(script_markup) != scripts.end()) return;
  scripts.emplace(script_markup);
  out.raw(script_markup);
}

}  // namespace isl::detail
