---
// The table the render micro benchmark renders: translated by `isl translate` when the
// benchmarks are built (bench/CMakeLists.txt), as a site's components are.
#include "lib/table_data.hpp"

struct Props {
  std::string title;
  std::vector<table_data::Row> rows;
};
---
<section class="price-table">
  <h2>{props.title}</h2>
  <table>
    <thead><tr><th>#</th><th>Product</th><th>SKU</th><th class="num">Price</th><th class="num">Stock</th></tr></thead>
    <tbody>
      {#for const auto& r : props.rows}
        <tr class={r.quantity == 0 ? "out" : "in"}><td>{r.id}</td><td><a href={"/product/" + std::to_string(r.id)}>{r.name}</a></td><td>{r.sku}</td><td class="num">{r.price}</td><td class="num">{#if r.quantity > 0}{r.quantity}{:else}sold out{/if}</td></tr>
      {:empty}
        <tr><td colspan="5">Nothing here.</td></tr>
      {/for}
    </tbody>
  </table>
</section>
<style>
  table { width: 100%; border-collapse: collapse; }
  .num { text-align: right; }
</style>
