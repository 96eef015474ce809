---
import Layout from "../../layouts/Layout.isl";
import ProductArt from "../../components/ProductArt.isl";
import ProductCard from "../../components/ProductCard.isl";
import StockStatus from "../../components/StockStatus.isl";
import QuantityPicker from "../../components/QuantityPicker.jsx";
#include "lib/shop.hpp"

// One page per product in the database, written when the site is built. The price and the
// description are static; how many are left is a server island, fresh on every visit.
export std::vector<isl::Params> getStaticPaths() {
  std::vector<isl::Params> paths;
  for (const auto& p : shop::products()) paths.push_back({{"id", std::to_string(p.id)}});
  return paths;
}

shop::Product product = shop::product(ctx.param("id")).value();
auto related = shop::related(product, 4);
std::string category = product.category;
category[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(category[0])));
---
<Layout title={product.name} section="shop" description={product.tagline}>
  <nav class="crumbs" aria-label="Breadcrumb"><a href="/">Shop</a><span>/</span>{category}s<span>/</span>{product.name}</nav>
  <article class="product">
    <ProductArt category={product.category} hue={product.hue} large />
    <div class="info">
      <p class="eyebrow">{category}</p>
      <h1>{product.name}</h1>
      <p class="lede">{product.tagline}</p>
      <p class="price">{shop::money(product.price_cents)}</p>
      <QuantityPicker client:visible priceCents={product.price_cents} max={10} />
      <div class="availability">
        <StockStatus productId={product.id} server:defer>
          <span slot="fallback" class="pill wait"><span class="spinner" aria-hidden="true"></span>Checking availability…</span>
        </StockStatus>
      </div>
      <p class="description">{product.description}</p>
      <ul class="perks">
        <li>Free delivery over $50</li>
        <li>30-day returns</li>
        <li>Two-year guarantee</li>
      </ul>
    </div>
  </article>

  <section class="section">
    <div class="section-head"><h2>You might also like</h2></div>
    <div class="grid products">
      {#for const auto& p : related}
        <ProductCard id={p.id} name={p.name} tagline={p.tagline} category={p.category} hue={p.hue} price_cents={p.price_cents} />
      {/for}
    </div>
  </section>
</Layout>
<style>
  .crumbs { display: flex; gap: 0.5rem; font-size: 0.9rem; color: var(--muted); margin-bottom: 1.5rem; }
  .crumbs a { color: var(--ink-2); text-decoration: none; }
  .crumbs a:hover { color: var(--accent); }
  .product { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 3rem; align-items: start; }
  .info h1 { margin-bottom: 0.2em; }
  .price { font-family: var(--serif); font-size: 1.9rem; font-weight: 600; margin: 0.25rem 0 1rem; }
  .availability {
    min-height: 6.1rem;
    padding: 1rem 1.1rem;
    margin-bottom: 1.5rem;
    border: 1px solid var(--line);
    border-radius: var(--radius);
    background: var(--surface);
  }
  .description { color: var(--ink-2); }
  .perks { display: flex; flex-wrap: wrap; gap: 0.5rem; list-style: none; padding: 0; margin: 1.5rem 0 0; }
  .perks li { padding: 0.35rem 0.8rem; border-radius: 999px; background: var(--surface-2); font-size: 0.85rem; color: var(--ink-2); }
  .spinner {
    width: 0.85rem;
    height: 0.85rem;
    border: 2px solid currentColor;
    border-right-color: transparent;
    border-radius: 50%;
    animation: spin 0.8s linear infinite;
  }
  @keyframes spin { to { transform: rotate(360deg); } }
  @media (max-width: 800px) {
    .product { grid-template-columns: 1fr; gap: 1.5rem; }
  }
</style>
<style is:global>
  /* The quantity picker is a Preact component: its elements carry no scope attribute. */
  .qty { display: flex; align-items: center; gap: 1rem; margin: 0 0 1.25rem; }
  .qty-stepper { display: inline-flex; align-items: center; border: 1px solid var(--line); border-radius: 999px; background: var(--surface); }
  .qty-stepper button { width: 2.25rem; height: 2.25rem; border: 0; background: none; font-size: 1.2rem; color: var(--ink); cursor: pointer; border-radius: 999px; }
  .qty-stepper button:hover:not(:disabled) { background: var(--surface-2); }
  .qty-stepper button:disabled { color: var(--muted); cursor: default; }
  .qty-value { min-width: 2ch; text-align: center; font-weight: 600; }
  .qty-total { color: var(--ink-2); font-size: 0.95rem; }
</style>
