#include "site/page_render.hpp"

#include <atomic>
#include <map>
#include <mutex>

#include "render/state.hpp"

namespace isl::site {
namespace {

std::mutex size_mutex;
std::map<const void*, std::size_t>& sizes() {
  static std::map<const void*, std::size_t> table;
  return table;
}

}  // namespace

std::size_t expected_size(const void* what) {
  std::lock_guard lock(size_mutex);
  auto it = sizes().find(what);
  return it == sizes().end() ? 4096 : it->second + it->second / 8 + 64;
}

void remember_size(const void* what, std::size_t size) {
  std::lock_guard lock(size_mutex);
  auto& slot = sizes()[what];
  if (size > slot) slot = size;
}

std::string render_page(const PageDef& page, Context& ctx, const seal::KeyRing& keys, bool dev_client) {
  detail::PageState& state = ctx.page_state();
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
