---
import Layout from "../layouts/Layout.isl";
import ProductCard from "../components/ProductCard.isl";
import UserProfile from "../components/UserProfile.isl";
import CachedWidget from "../components/CachedWidget.isl";
#include "lib/shop.hpp"

// Prerendered: the catalogue is read from the database when the site is built.
auto products = shop::products();
---
<Layout title="Coffee & tea gear" section="shop">
  <section class="hero">
    <div class="hero-text">
      <p class="eyebrow">Small batch · Ships from Lisbon</p>
      <h1>Good mornings, <em>slowly</em> made.</h1>
      <p class="lede">Kettles, drippers, grinders and tea we use every day, chosen by people who
        care a little too much about the first cup.</p>
      <div class="hero-actions">
        <a class="button" href="#collection">Browse the collection</a>
        <a class="button ghost" href="/stores">Visit a store</a>
      </div>
    </div>
    <UserProfile server:defer>
      <div slot="fallback" class="card profile-skeleton" aria-busy="true" aria-label="Loading your account">
        <div class="row"><span class="skeleton circle"></span><span class="skeleton title"></span></div>
        <span class="skeleton line"></span>
        <span class="skeleton line short"></span>
        <span class="skeleton block"></span>
      </div>
    </UserProfile>
  </section>

  <section class="section" id="collection">
    <div class="section-head">
      <h2>The collection</h2>
      <span class="muted">{products.size()} things we love</span>
    </div>
    <div class="grid products">
      {#for const auto& p : products}
        <ProductCard id={p.id} name={p.name} tagline={p.tagline} category={p.category} hue={p.hue} price_cents={p.price_cents} />
      {/for}
    </div>
  </section>

  <section class="section extras">
    <CachedWidget server:defer>
      <aside slot="fallback" class="card" aria-busy="true">
        <span class="skeleton title"></span>
        <span class="skeleton line"></span>
        <span class="skeleton line"></span>
        <span class="skeleton line short"></span>
      </aside>
    </CachedWidget>
    <div class="card promise">
      <h3>The Steep &amp; Grind promise</h3>
      <ul>
        <li><strong>Free delivery</strong> on orders over $50, in recycled paper.</li>
        <li><strong>30-day returns</strong>, even if you just changed your mind.</li>
        <li><strong>Brewing help</strong> from real people at any of our four stores.</li>
      </ul>
    </div>
  </section>
</Layout>
<style>
  .hero {
    display: grid;
    grid-template-columns: minmax(0, 1.25fr) minmax(0, 1fr);
    gap: 2.5rem;
    align-items: center;
  }
  .hero h1 { font-size: clamp(2.3rem, 5vw, 3.4rem); margin-bottom: 0.4em; }
  .hero h1 em { color: var(--accent); }
  .hero-actions { display: flex; gap: 0.75rem; flex-wrap: wrap; margin-top: 1.5rem; }
  .profile-skeleton { min-height: 12rem; }
  .row { display: flex; gap: 1rem; align-items: center; margin-bottom: 1.1rem; }
  .row .skeleton.title { margin: 0; flex: 1; }
  .extras { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 1.5rem; align-items: start; }
  .promise ul { margin: 0; padding-left: 1.1rem; color: var(--ink-2); }
  .promise li + li { margin-top: 0.5rem; }
  @media (max-width: 800px) {
    .hero { grid-template-columns: 1fr; }
  }
</style>
