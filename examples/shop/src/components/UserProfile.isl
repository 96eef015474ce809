---
// Who is signed in: a server island on the home page. The middleware in app.cpp found the
// user from the session cookie; without one, the island offers the login form.
import LoginForm from "./LoginForm.isl";
#include "lib/shop.hpp"

const shop::User* user = ctx.locals.get<shop::User>("user");
int unread = user ? shop::unread_count(user->id) : 0;
---
{#if user}
<div class="profile card">
  <div class="who">
    <div class="avatar" aria-hidden="true">{user->initials()}</div>
    <div>
      <p class="eyebrow">Signed in as {user->username}</p>
      <h2>Welcome back, {user->first_name()}!</h2>
      <p class="meta">
        {#if !user->last_login.empty()}Last visit {user->last_login} · {/if}Member since {user->member_since}
      </p>
    </div>
  </div>
  <div class="actions">
    <a class="button" href="/dashboard">Your account{#if unread > 0} <span class="count">{unread} new</span>{/if}</a>
    <form method="post" action="/logout">
      <button class="button ghost" type="submit">Log out</button>
    </form>
  </div>
</div>
{:else}
<div class="login-prompt card">
  <p class="eyebrow">Your account</p>
  <h2>Please log in</h2>
  <p class="intro">Sign in to see your orders, points and what's new.</p>
  <LoginForm />
</div>
{/if}
<style>
  .who { display: flex; gap: 1rem; align-items: center; margin-bottom: 1.25rem; }
  .who h2 { margin: 0 0 0.15rem; }
  .avatar {
    flex: none;
    display: grid;
    place-items: center;
    width: 3.5rem;
    height: 3.5rem;
    border-radius: 50%;
    background: linear-gradient(135deg, var(--accent), #d98a4e);
    color: #fff;
    font-weight: 700;
    font-size: 1.15rem;
    letter-spacing: 0.02em;
  }
  .meta { margin: 0; color: var(--muted); font-size: 0.9rem; }
  .actions { display: flex; gap: 0.6rem; flex-wrap: wrap; align-items: center; }
  .actions form { margin: 0; }
  .count { background: rgba(255, 255, 255, 0.22); border-radius: 999px; padding: 0.05rem 0.5rem; font-size: 0.8rem; }
  .login-prompt h2 { margin-bottom: 0.25rem; }
  .intro { color: var(--muted); margin-bottom: 1.1rem; }
</style>
