---
// Live stock for one product (a server island): computed on every request.
#include "lib/catalog.hpp"

struct Props {
  std::int64_t productId;
};

auto stock = catalog::stock(props.productId);
---
<div class="stock-status">
  {#if !stock.available()}
    <span class="pill bad">Out of stock</span>
    <p class="note">Back soon. Our Kyoto store may still have one on the shelf.</p>
  {:else if stock.low()}
    <span class="pill warn">Only {stock.quantity} left</span>
    <p class="note">Order today and it ships tomorrow.</p>
  {:else}
    <span class="pill ok">In stock ({stock.quantity} available)</span>
    <p class="note">Ships within one working day, free over $50.</p>
  {/if}
</div>
<style>
  .stock-status { display: grid; gap: 0.5rem; }
  .pill { padding: 0.2rem 0.6rem; border-radius: 1rem; }
  .ok { background: #e1f1e6; } .warn { background: #fbecd6; } .bad { background: #fbe4e1; }
  .note { margin: 0; color: #777; }
</style>
