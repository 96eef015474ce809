---
#include "lib/web.hpp"

struct Props {
  std::string next = "/";   // where to go once signed in
  std::string error = "";   // shown above the form
  bool hint = true;         // show the demo accounts
};
---
<form class="login-form" method="post" action={"/login?next=" + web::url_encode(props.next)} data-login>
  <p class="form-error" role="alert" hidden={props.error.empty()}>{props.error}</p>
  <label>Username
    <input name="username" autocomplete="username" required />
  </label>
  <label>Password
    <input type="password" name="password" autocomplete="current-password" required />
  </label>
  <button class="button" type="submit">Sign in</button>
  {#if props.hint}
    <p class="hint">Demo accounts: <code>ada</code> / <code>espresso</code>, or <code>grace</code> / <code>hopper</code> (admin).</p>
  {/if}
</form>
<script>
  // The form works without JavaScript (the /login route reads its fields with ctx.form());
  // this script sends the same body itself so that a wrong password is shown in place,
  // without a page load. The answer is a redirect: home (or ?next) when signed in, back to
  // /login?error=… when not.
  if (!window.shopLoginForm) {
    window.shopLoginForm = true;
    document.addEventListener("submit", async (event) => {
      const form = event.target;
      if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-login")) return;
      event.preventDefault();
      const button = form.querySelector("button[type=submit]");
      const error = form.querySelector(".form-error");
      button.disabled = true;
      try {
        const response = await fetch(form.action, { method: "POST", body: new URLSearchParams(new FormData(form)) });
        const landed = new URL(response.url);
        if (landed.pathname === "/login" && landed.searchParams.get("error") === "credentials") {
          error.textContent = "That username and password don't match. Try again?";
          error.hidden = false;
          button.disabled = false;
          form.querySelector("input[type=password]").select();
          return;
        }
        location.assign(response.url);
      } catch (e) {
        error.textContent = "We couldn't reach the shop. Check your connection and try again.";
        error.hidden = false;
        button.disabled = false;
      }
    });
  }
</script>
<style>
  .login-form { display: grid; gap: 0.9rem; }
  .login-form .button { justify-self: start; }
  .form-error {
    margin: 0;
    padding: 0.6rem 0.8rem;
    border-radius: var(--radius-sm);
    background: var(--red-soft);
    color: var(--red);
    font-size: 0.9rem;
    font-weight: 500;
  }
  .form-error[hidden] { display: none; }
  .hint { margin: 0; font-size: 0.85rem; color: var(--muted); }
</style>
