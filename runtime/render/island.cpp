// The page side of a server island: its placeholder, and the loader that fills it.
#include "isl/island.hpp"

#include <map>
#include <stdexcept>

#include "isl/travel.hpp"
#include "render/state.hpp"
#include "seal/keys.hpp"
#include "seal/seal.hpp"

namespace isl::detail {
namespace {

// The loader, written once per page that has islands (minified by hand; docs/islands.md
// shows it readable).
// It finds each <!--isl-island:URL--> ... <!--/isl-island--> pair, fetches every URL at once
// (reading every answer to its end, failed ones too, so no request is left half-read)
// (POST with the query as a form body when the URL passes 2048 bytes), and puts the answer
// between the markers, scripts running. A redirect moves the page; a network error, a 5xx
// or an answer that is not HTML keeps the fallback and is logged to the console.
constexpr std::string_view kLoader =
    "<script>(()=>{const L=r=>{const w=document.createTreeWalker(r,128),a=[];let n;"
    "while(n=w.nextNode())n.data.startsWith('isl-island:')&&a.push([n,n.data.slice(11)]);"
    "for(const[s,u]of a){s.data='isl-island';let e=s.nextSibling;"
    "while(e&&!(e.nodeType==8&&e.data=='/isl-island'))e=e.nextSibling;if(!e)continue;"
    "const q=u.indexOf('?'),p=u.slice(0,q);"
    "(u.length>2048?fetch(p,{method:'POST',headers:{'content-type':'application/x-www-form-urlencoded'},"
    "body:u.slice(q+1)}):fetch(u)).then(r=>r.text().then(h=>{if(r.redirected)return location.assign(r.url);"
    "if(r.status>=500||!(r.headers.get('content-type')||'').startsWith('text/html'))"
    "throw Error(r.status+' '+r.statusText);"
    "const g=document.createRange();g.setStartAfter(s);g.setEndBefore(e);"
    "g.deleteContents();s.replaceWith(g.createContextualFragment(h));e.remove();L(document.body)}))"
    ".catch(x=>console.error('isl: server island '+p+' failed:',x))}};L(document.body)})()</script>";

// `isl dev` only: polls the dev server's state; a new build reloads the page, a failed one
// shows its errors over the page until the next good build.
constexpr std::string_view kDevClient =
    "<script>(()=>{let b=null;const t=()=>fetch('/_isl/dev',{cache:'no-store'}).then(r=>r.json()).then(s=>{"
    "if(b!==null&&s.build!==b)return location.reload();b=s.build;let o=document.getElementById('isl-dev-error');"
    "if(s.error){if(!o){o=document.createElement('pre');o.id='isl-dev-error';o.style.cssText='position:fixed;"
    "inset:0;margin:0;padding:2rem;background:#16161dee;color:#ffb4b4;font:14px/1.5 monospace;"
    "white-space:pre-wrap;overflow:auto;z-index:2147483647';document.body.append(o)}o.textContent="
    "'isl dev: the last build failed\\n\\n'+s.error}else if(o)o.remove()}).catch(()=>{}).finally(()=>"
    "setTimeout(t,400));t()})()</script>";

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
  PageState& page = ctx.page_state();
  // Slots are rendered here, in the page's context; only the fallback stays on the page.
  std::map<std::string, std::string> rendered;
  const Slot* fallback = nullptr;
  for (const Slot& slot : slots) {
    if (slot.name == "fallback") {
      fallback = &slot;
      continue;
    }
    Output html;
    slot.render(html);
    rendered[std::string(slot.name)] = html.take();
  }
  if (!page.keys) throw std::logic_error("render_island: no site key to seal island props with");
  const seal::Key& key = page.keys->sealing();
  std::string url = "/_server-islands/";
  url += island;
  url += "?p=";
  url += seal::seal(key, island, seal::Purpose::props, props_bytes);
  url += "&s=";
  url += seal::seal(key, island, seal::Purpose::slots, travel::encode(rendered));
  ++page.islands;
  out.raw("<!--isl-island:");
  out.raw(url);  // base64url and the fixed prefix: nothing to escape, no "--" sequence issue
  out.raw("-->");
  if (fallback) fallback->render(out);
  out.raw("<!--/isl-island-->");
}

void at_head_end(Context& ctx, Output& out) { write_stylesheet(ctx.page_state(), out); }

void at_body_start(Context& ctx, Output& out) { write_stylesheet(ctx.page_state(), out); }

void at_body_end(Context& ctx, Output& out) {
  write_client_runtime(ctx.page_state(), out);
  write_loader(ctx.page_state(), out);
  write_dev_client(ctx.page_state(), out);
}

void finish_page(Context& ctx, Output& out) {
  PageState& page = ctx.page_state();
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
  auto& scripts = ctx.page_state().scripts;
  if (scripts.find(script_markup) != scripts.end()) return;
  scripts.emplace(script_markup);
  out.raw(script_markup);
}

}  // namespace isl::detail
