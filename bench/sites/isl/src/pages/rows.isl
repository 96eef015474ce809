---
// Rendered on every request (not prerendered): 50 products read from SQLite.
import Layout from "../layouts/Layout.isl";
#include "lib/rows_db.hpp"

export constexpr bool prerender = false;

auto rows = rows_db::rows(1, 50);
---
<Layout title="Products">
  <section class="price-table">
    <h1>Products</h1>
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
</Layout>
