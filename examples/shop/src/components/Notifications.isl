---
// The customer's latest notifications: a server island on /dashboard.
#include "lib/shop.hpp"

const shop::User* user = ctx.locals.get<shop::User>("user");
std::vector<shop::Notification> items;
int unread = 0;
if (user) {
  items = shop::notifications_for(user->id, 4);
  unread = shop::unread_count(user->id);
}
---
<section class="notifications card">
  <div class="card-title">
    <h3>Notifications</h3>
    {#if unread > 0}<span class="badge">{unread} unread</span>{/if}
  </div>
  {#if user}
    <ul>
      {#for const auto& n : items}
        <li class={n.unread ? "unread" : ""}>
          <p class="title">{n.title}</p>
          <p class="text">{n.body}</p>
          <p class="when">{n.when}</p>
        </li>
      {:empty}
        <li class="empty">You're all caught up.</li>
      {/for}
    </ul>
  {:else}
    <p class="muted">Sign in to see order updates and restock alerts.</p>
  {/if}
</section>
<style>
  ul { list-style: none; margin: 0; padding: 0; }
  li { position: relative; padding: 0.7rem 0 0.7rem 1.1rem; border-top: 1px solid var(--line); }
  li:first-child { border-top: 0; padding-top: 0; }
  li.unread::before {
    content: "";
    position: absolute;
    left: 0;
    top: 1.15rem;
    width: 0.5rem;
    height: 0.5rem;
    border-radius: 50%;
    background: var(--accent);
  }
  li.unread:first-child::before { top: 0.45rem; }
  li p { margin: 0; }
  .title { font-weight: 600; }
  .text { color: var(--ink-2); font-size: 0.92rem; }
  .when { color: var(--muted); font-size: 0.8rem; margin-top: 0.2rem; }
  .empty { padding-left: 0; color: var(--muted); }
</style>
