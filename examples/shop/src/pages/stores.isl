---
import Layout from "../layouts/Layout.isl";
import WeatherWidget from "../components/WeatherWidget.isl";
#include "lib/shop.hpp"

auto stores = shop::stores();
---
<Layout title="Our stores" section="stores">
  <header class="page-head">
    <p class="eyebrow">Come and taste</p>
    <h1>Our stores</h1>
    <p class="lede">Four small shops with a brew bar in each. Drop in for a cup; we'll show you how
      we make it. The weather for each is live, so you know whether to bring an umbrella.</p>
  </header>
  <div class="grid stores">
    {#for const auto& s : stores}
      <article class="card store">
        <h2>{s.city}</h2>
        <p class="address">{s.address}</p>
        <p class="hours">{s.hours}</p>
        <div class="today">
          <WeatherWidget city={s.city} server:defer>
            <div slot="fallback" class="weather-wait" aria-busy="true">
              <span class="skeleton circle"></span>
              <span class="lines"><span class="skeleton line"></span><span class="skeleton line short"></span></span>
            </div>
          </WeatherWidget>
        </div>
      </article>
    {/for}
  </div>
</Layout>
<style>
  .page-head { margin-bottom: 2rem; }
  .stores { grid-template-columns: repeat(auto-fit, minmax(min(400px, 100%), 1fr)); }
  .store h2 { margin-bottom: 0.3rem; }
  .address { margin: 0; color: var(--ink-2); }
  .hours { margin: 0 0 1rem; color: var(--muted); font-size: 0.9rem; }
  .today { padding-top: 1rem; border-top: 1px solid var(--line); }
  .weather-wait { display: flex; gap: 0.9rem; align-items: center; min-height: 3.5rem; }
  .weather-wait .skeleton.circle { width: 2.75rem; height: 2.75rem; margin: 0; }
  .lines { flex: 1; }
</style>
