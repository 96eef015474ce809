// Slot content handed from a component use to the component: a list of named renderers.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace isl {

class Output;

// A non-owning reference to something callable as `void(Output&)`. Slots are rendered
// lazily where the callee puts its <slot/>, so they are closures over the caller's
// locals; a function_ref avoids std::function's allocation on every component use.
class SlotFn {
 public:
  SlotFn() = default;
  // Two functions per slot lambda (this and invoke<F>): generated pages hold several slot
  // lambdas each, and at -O0 every instantiated function is compiled and emitted. (A
  // lambda for `call_` would be four, and is_same_v one more.)
  template <class F>
    requires(!std::is_same<std::remove_cv_t<F>, SlotFn>::value)
  SlotFn(F& f)  // NOLINT(google-explicit-constructor): built at every use site
      : object_(static_cast<void*>(&f)), call_(&invoke<F>) {}

  void operator()(Output& out) const { call_(object_, out); }
  explicit operator bool() const { return call_ != nullptr; }

  // A slot whose content is already rendered HTML (slots that reached an island).
  static SlotFn from_html(const std::string& html);

 private:
  template <class F>
  static void invoke(void* object, Output& out) {
    (*static_cast<F*>(object))(out);
  }

  void* object_ = nullptr;
  void (*call_)(void*, Output&) = nullptr;
};

struct Slot {
  std::string_view name;  // "default" for the unnamed slot
  SlotFn render;
};

// The slots one component use was given, in the order they were written.
class Slots {
 public:
  constexpr Slots() = default;
  constexpr Slots(const Slot* first, std::size_t count) : first_(first), count_(count) {}
  template <std::size_t N>
  constexpr Slots(const Slot (&slots)[N]) : first_(slots), count_(N) {}  // NOLINT

  const Slot* find(std::string_view name) const {
    for (std::size_t i = 0; i < count_; ++i)
      if (first_[i].name == name) return &first_[i];
    return nullptr;
  }
  bool has(std::string_view name) const { return find(name) != nullptr; }
  const Slot* begin() const { return first_; }
  const Slot* end() const { return first_ + count_; }
  std::size_t size() const { return count_; }

 private:
  const Slot* first_ = nullptr;
  std::size_t count_ = 0;
};

}  // namespace isl
