---
import ProductArt from "./ProductArt.isl";
#include "lib/shop.hpp"

struct Props {
  std::int64_t id;
  std::string name;
  std::string tagline;
  std::string category;
  int hue = 30;
  std::int64_t price_cents = 0;
};
---
<a class="product-card" href={"/product/" + std::to_string(props.id)}>
  <ProductArt category={props.category} hue={props.hue} />
  <div class="body">
    <h3>{props.name}</h3>
    <p>{props.tagline}</p>
    <span class="price">{shop::money(props.price_cents)}</span>
  </div>
</a>
<style>
  .product-card {
    display: flex;
    flex-direction: column;
    overflow: hidden;
    background: var(--surface);
    border: 1px solid var(--line);
    border-radius: var(--radius);
    box-shadow: var(--shadow);
    color: inherit;
    text-decoration: none;
    transition: transform 0.2s ease, box-shadow 0.2s ease;
  }
  .product-card:hover { transform: translateY(-3px); box-shadow: var(--shadow-lift); color: inherit; }
  .body { padding: 1rem 1.15rem 1.2rem; display: flex; flex-direction: column; flex: 1; }
  .body h3 { font-size: 1.1rem; margin-bottom: 0.2rem; }
  .body p { color: var(--muted); font-size: 0.92rem; margin-bottom: 0.8rem; }
  .price { margin-top: auto; font-weight: 700; font-size: 1.05rem; color: var(--ink); }
</style>
