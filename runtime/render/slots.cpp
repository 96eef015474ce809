#include "isl/slots.hpp"

#include "isl/output.hpp"

namespace isl {

SlotFn SlotFn::from_html(const std::string& html) {
  SlotFn fn;
  fn.object_ = const_cast<std::string*>(&html);
  fn.call_ = [](void* o, Output& out) { out.raw(*static_cast<const std::string*>(o)); };
  return fn;
}

}  // namespace isl
