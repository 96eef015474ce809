#include "isl/app.hpp"

namespace isl {

void Next::operator()() const {
  const auto& chain = app_->middleware();
  if (index_ < chain.size()) {
    chain[index_](*ctx_, Next(*app_, index_ + 1, *ctx_, *last_));
  } else {
    (*last_)();
  }
}

void App::run(Context& ctx, const std::function<void()>& render) const {
  Next(*this, 0, ctx, render)();
}

}  // namespace isl
