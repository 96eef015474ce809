---
// What the customer did lately: a server island on /dashboard.
#include "lib/shop.hpp"

const shop::User* user = ctx.locals.get<shop::User>("user");
std::vector<shop::Activity> items;
if (user) items = shop::activity_for(user->id, 5);

---
<section class="activity card">
  <div class="card-title"><h3>Recent activity</h3></div>
  {#if user}
    <ol>
      {#for const auto& a : items}
        <li>
          <span class={"icon " + a.kind} aria-hidden="true"></span>
          <div>
            <p>{a.body}</p>
            <p class="when">{a.when}</p>
          </div>
        </li>
      {:empty}
        <li>Nothing yet. Your orders and reviews will show here.</li>
      {/for}
    </ol>
  {:else}
    <p class="muted">Sign in to see your orders, reviews and wishlist.</p>
  {/if}
</section>
<style>
  ol { list-style: none; margin: 0; padding: 0; }
  li { display: flex; gap: 0.8rem; align-items: flex-start; padding: 0.6rem 0; }
  li:first-child { padding-top: 0; }
  li p { margin: 0; font-size: 0.93rem; }
  li .when { color: var(--muted); font-size: 0.8rem; }
  .icon {
    flex: none;
    width: 0.75rem;
    height: 0.75rem;
    margin-top: 0.35rem;
    border-radius: 50%;
    border: 2px solid var(--muted);
    background: var(--surface);
  }
  .icon.order { border-color: var(--accent); background: var(--accent-soft); }
  .icon.review { border-color: var(--amber); background: var(--amber-soft); }
  .icon.wishlist { border-color: #b83f6b; background: #f9e1ea; }
  .icon.account { border-color: var(--green); background: var(--green-soft); }
</style>
