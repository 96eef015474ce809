// The page side of a client island: the <isl-island> element and the runtime that mounts
// it on its directive's trigger (docs/client-islands.md shows the runtime readable).
#include "isl/client_island.hpp"

#include "render/client_renderer.hpp"
#include "render/state.hpp"

namespace isl::client {

void write_json_string(std::string& out, std::string_view s) {
  static const char* hex = "0123456789abcdef";
  out += '"';
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20 || c == '<' || c == '>' || c == '&') {
          out += "\\u00";
          out += hex[c >> 4];
          out += hex[c & 0xf];
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

}  // namespace isl::client

namespace isl::detail {
namespace {

ClientRenderer* g_renderer = nullptr;

// Mounts every <isl-island> of the page, and those that arrive later (server island HTML)
// through a MutationObserver, each when its directive says: load at once, idle in
// requestIdleCallback, visible when an IntersectionObserver sees it (its code is not
// imported before), media when the query matches, only at once. The element's children
// template is read and removed first; a server-rendered one (ssr) is hydrated, any other
// has its fallback replaced. Runs once per document however often it is written.
constexpr std::string_view kRuntime =
    "<script>(()=>{if(window.__islClient)return;window.__islClient=1;"
    "const y=document.createElement('style');y.textContent='isl-island,isl-slot{display:contents}';"
    "document.head.append(y);"
    "const R=async e=>{const t=e.querySelector(':scope>template[data-isl-children]'),c=t?t.innerHTML:null,"
    "s=e.hasAttribute('ssr'),u=e.getAttribute('c');t&&t.remove();"
    "try{const m=await import(u);s||e.replaceChildren();m.mount(e,m.default,JSON.parse(e.getAttribute('p')),c,s)}"
    "catch(x){console.error('isl: client island '+u+' failed:',x)}};"
    "const V=e=>{const o=new IntersectionObserver(x=>{if(x.some(i=>i.isIntersecting)){o.disconnect();R(e)}},"
    "{rootMargin:'200px'});const k=[...e.children].filter(c=>c.tagName!='TEMPLATE');"
    "for(const c of k.length?k:[e])o.observe(c)};"
    "const S=e=>{if(e.islSeen)return;e.islSeen=1;const d=e.getAttribute('d');"
    "if(d=='idle')(window.requestIdleCallback||setTimeout)(()=>R(e));else if(d=='visible')V(e);"
    "else if(d=='media'){const q=matchMedia(e.getAttribute('m'));const f=()=>{if(q.matches){"
    "q.removeEventListener('change',f);R(e)}};q.addEventListener('change',f);f()}else R(e)};"
    "const A=()=>document.querySelectorAll('isl-island').forEach(S);A();"
    "new MutationObserver(r=>r.some(m=>m.addedNodes.length)&&A())"
    ".observe(document.documentElement,{childList:true,subtree:true})})()</script>";

}  // namespace

void set_client_renderer(ClientRenderer* renderer) { g_renderer = renderer; }

std::string_view client_runtime_script() { return kRuntime; }

void write_client_runtime(PageState& page, Output& out) {
  if (page.client_islands == 0 || page.client_runtime_written) return;
  page.client_runtime_written = true;
  out.raw(kRuntime);
}

void render_client_island(Context& ctx, Output& out, const ClientUse& use, std::string props_json,
                          const Slots& slots) {
  PageState& page = detail::ContextAccess::page_state(ctx);
  ++page.client_islands;
  const Slot* fallback = nullptr;
  std::optional<std::string> children;
  for (const Slot& slot : slots) {
    if (slot.name == "fallback") {
      fallback = &slot;
    } else if (slot.name == "default") {
      Output html;
      slot.render(html);
      children = html.take();
    }
  }
  const bool at_build = ctx.is_prerendering() && use.directive != "only" && g_renderer;
  out.raw("<isl-island c=\"");
  out.text(use.url);
  out.raw("\" d=\"");
  out.text(use.directive);
  out.raw("\"");
  if (!use.media.empty()) {
    out.raw(" m=\"");
    out.text(use.media);
    out.raw("\"");
  }
  out.raw(" p=\"");
  out.text(props_json);
  out.raw(at_build ? "\" ssr>" : "\">");
  if (at_build) out.raw(g_renderer->render(use.component, props_json, children ? &*children : nullptr));
  else if (fallback) fallback->render(out);
  if (children) {
    out.raw("<template data-isl-children>");
    out.raw(*children);
    out.raw("</template>");
  }
  out.raw("</isl-island>");
}

}  // namespace isl::detail
