---
import Layout from "../layouts/Layout.isl";
#include "lib/catalog.hpp"

// Prerendered: the whole catalogue, written once at build time.
auto items = catalog::rows(1, 320);
---
<Layout title="The whole catalogue">
  <h1>The whole catalogue</h1>
  <ol class="catalogue">
    {#for const auto& r : items}
      <li id={"p" + std::to_string(r.id)}><h3><a href={"/product/" + std::to_string(r.id)}>{r.name}</a></h3><p class="meta">{r.sku} · {catalog::money(r.price_cents)} · {r.quantity} in stock</p><p>A dependable piece for the daily ritual, made to last and easy to clean.</p></li>
    {/for}
  </ol>
</Layout>
<style>
  .catalogue { columns: 2; }
  .catalogue .meta { color: #777; font-size: 0.9rem; }
</style>
