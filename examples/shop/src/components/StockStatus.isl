---
// Live stock for one product: a server island, read from the database on every request.
#include "lib/shop.hpp"

struct Props {
  std::int64_t productId;
};

auto stock = shop::stock(props.productId);
---
<div class="stock-status">
  {#if !stock.available()}
    <span class="pill bad"><span class="dot"></span>Out of stock</span>
    <p class="note">Back soon. Our Kyoto store may still have one on the shelf.</p>
  {:else if stock.low()}
    <span class="pill warn"><span class="dot"></span>Only {stock.quantity} left</span>
    <p class="note">Order today and it ships tomorrow.</p>
  {:else}
    <span class="pill ok"><span class="dot"></span>In stock ({stock.quantity} available)</span>
    <p class="note">Ships within one working day, free over $50.</p>
  {/if}
</div>
<style>
  .stock-status { display: grid; gap: 0.5rem; justify-items: start; }
  .note { margin: 0; color: var(--muted); font-size: 0.9rem; }
</style>
