---
// A table of `count` products with live prices and stock (a server island).
#include "lib/catalog.hpp"

struct Props {
  std::string title;
  std::int64_t first = 1;
  int count = 50;
};

auto rows = catalog::rows(props.first, props.count);
---
<section class="price-table">
  <h2>{props.title}</h2>
  <table>
    <thead><tr><th>#</th><th>Product</th><th>SKU</th><th class="num">Price</th><th class="num">Stock</th></tr></thead>
    <tbody>
      {#for const auto& r : rows}
        <tr class={r.quantity == 0 ? "out" : "in"}><td>{r.id}</td><td><a href={"/product/" + std::to_string(r.id)}>{r.name}</a></td><td>{r.sku}</td><td class="num">{catalog::money(r.price_cents)}</td><td class="num">{r.quantity}</td></tr>
      {:empty}
        <tr><td colspan="5">Nothing here.</td></tr>
      {/for}
    </tbody>
  </table>
</section>
<style>
  table { width: 100%; border-collapse: collapse; }
  th, td { padding: 0.3rem 0.5rem; border-bottom: 1px solid #ddd; text-align: left; }
  .num { text-align: right; }
  .out td { color: #999; }
</style>
