#include "site/page_render.hpp"

#include <unordered_map>

#include "render/state.hpp"

namespace isl::site {
namespace {

// Per thread: a hint needs no agreement between threads, and so no lock on the hot path.
std::unordered_map<const void*, std::size_t>& sizes() {
  thread_local std::unordered_map<const void*, std::size_t> table;
  return table;
}

}  // namespace

std::size_t expected_size(const void* what) {
  auto it = sizes().find(what);
  return it == sizes().end() ? 4096 : it->second + it->second / 8 + 64;
}

void remember_size(const void* what, std::size_t size) {
  auto& slot = sizes()[what];
  if (size > slot) slot = size;
}

std::string render_page(const PageDef& page, Context& ctx, const seal::KeyRing& keys, bool dev_client) {
  detail::PageState& state = detail::ContextAccess::page_state(ctx);
  state.keys = &keys;
  state.stylesheet = page.stylesheet;
  state.dev_client = dev_client;
  Output out(expected_size(&page));
  page.render(ctx, out);
  detail::finish_page(ctx, out);
  remember_size(&page, out.size());
  return out.take();
}

}  // namespace isl::site
