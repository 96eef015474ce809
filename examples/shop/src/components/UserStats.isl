---
// Orders, spending and points of the signed-in customer: a server island on /dashboard.
#include "lib/shop.hpp"

const shop::User* user = ctx.locals.get<shop::User>("user");
shop::Stats stats;
if (user) stats = shop::stats_for(user->id);
---
<section class="user-stats card">
  {#if user}
    <div class="card-title">
      <h3>Hello, {user->first_name()}</h3>
      <span class="muted">since {user->member_since}</span>
    </div>
    <dl>
      <div><dt>Orders</dt><dd>{stats.orders}</dd></div>
      <div><dt>Spent</dt><dd>{shop::money(stats.spent_cents)}</dd></div>
      <div><dt>Points</dt><dd>{stats.points}</dd></div>
    </dl>
    <p class="next">{500 - stats.points % 500} points to your next $10 voucher.</p>
  {:else}
    <h3>Your stats</h3>
    <p class="muted">Sign in to see your orders and points.</p>
    <a class="button" href="/login?next=/dashboard">Sign in</a>
  {/if}
</section>
<style>
  dl { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 0.6rem; margin: 0 0 1rem; }
  dl div { padding: 0.7rem 0.75rem; border-radius: var(--radius-sm); background: var(--surface-2); min-width: 0; }
  dt { font-size: 0.7rem; font-weight: 700; letter-spacing: 0.08em; text-transform: uppercase; color: var(--muted); }
  dd { margin: 0.1rem 0 0; font-family: var(--serif); font-size: 1.25rem; font-weight: 600; white-space: nowrap; }
  .next { margin: 0; font-size: 0.9rem; color: var(--ink-2); }
</style>
