---
#include "lib/catalog.hpp"

export constexpr int kLimit = 99;
export int clamp(int n) { return n > kLimit ? kLimit : n; }
export struct Label {
  std::string text;
};

struct Props {
  std::string productId;          // no initializer: required
  int max = 10;                   // initializer: optional
  std::optional<std::string> note;
};

auto stock = catalog::check(props.productId);
if (!stock.available && !props.note) return;
---
<div class="stock-status">
  {#if stock.available}
    <span class="in-stock">In Stock ({clamp(stock.quantity)} of {props.max} available)</span>
  {:else}
    <span class="out-of-stock">Out of Stock {props.note}</span>
  {/if}
</div>
