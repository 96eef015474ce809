---
// The back office: a server island behind the middleware of app.cpp. Visitors who are not
// signed in are sent to the login page, customers to /forbidden; the whole page follows.
#include "lib/shop.hpp"

const shop::User* user = ctx.locals.get<shop::User>("user");
if (!user) return ctx.redirect("/login?next=/admin");
if (!user->is_admin) return ctx.redirect("/forbidden");

auto overview = shop::overview();
auto low = shop::low_stock(3);
---
<div class="admin-panel">
  <div class="welcome">
    <p class="eyebrow">Signed in as {user->name} · administrator</p>
    <slot />
  </div>
  <div class="kpis">
    <div class="kpi card"><span>Revenue, 7 days</span><strong>{shop::money(overview.revenue_this_week_cents)}</strong></div>
    <div class="kpi card"><span>Orders, 7 days</span><strong>{overview.orders_this_week}</strong></div>
    <div class="kpi card"><span>Customers</span><strong>{overview.customers}</strong></div>
    <div class="kpi card"><span>Low on stock</span><strong class={overview.low_stock > 0 ? "alert" : ""}>{overview.low_stock} of {overview.products}</strong></div>
  </div>
  <section class="card">
    <div class="card-title">
      <h3>Running low</h3>
      <span class="muted">3 units or fewer</span>
    </div>
    <table>
      <thead><tr><th>Product</th><th>In stock</th><th></th></tr></thead>
      <tbody>
        {#for const auto& p : low}
          <tr>
            <td><a href={"/product/" + std::to_string(p.id)}>{p.name}</a></td>
            <td><span class={p.stock == 0 ? "pill bad" : "pill warn"}>{p.stock}</span></td>
            <td class="right">
              <form method="post" action={"/admin/restock/" + std::to_string(p.id)}>
                <button class="button small" type="submit">Restock +10</button>
              </form>
            </td>
          </tr>
        {:empty}
          <tr><td colspan="3" class="muted">Every product is well stocked.</td></tr>
        {/for}
      </tbody>
    </table>
  </section>
</div>
<style>
  .welcome { margin-bottom: 1.5rem; }
  .kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(190px, 1fr)); gap: 1rem; margin-bottom: 1.5rem; }
  .kpi { display: grid; gap: 0.25rem; padding: 1.1rem 1.25rem; }
  .kpi span { font-size: 0.78rem; font-weight: 700; letter-spacing: 0.08em; text-transform: uppercase; color: var(--muted); }
  .kpi strong { font-family: var(--serif); font-size: 1.75rem; font-weight: 600; }
  .kpi strong.alert { color: var(--amber); }
  table { width: 100%; border-collapse: collapse; font-size: 0.95rem; }
  th { text-align: left; font-size: 0.75rem; letter-spacing: 0.08em; text-transform: uppercase; color: var(--muted); padding: 0 0 0.5rem; }
  td { padding: 0.65rem 0; border-top: 1px solid var(--line); }
  td a { color: var(--ink); font-weight: 500; text-decoration: none; }
  td a:hover { color: var(--accent); }
  .right { text-align: right; }
  form { margin: 0; }
</style>
