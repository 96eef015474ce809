---
import Layout from "../layouts/Layout.isl";
import LoginForm from "../components/LoginForm.isl";
#include "lib/web.hpp"

// Rendered on each request: it reads ?next and ?error, and who is already signed in.
export constexpr bool prerender = false;

std::string next = web::safe_next(ctx.query("next"));
auto error = ctx.query("error");
std::string message;
if (error == "credentials") message = "That username and password don't match. Try again?";
if (ctx.locals.contains("user")) return ctx.redirect(next);
---
<Layout title="Sign in">
  <div class="login-page">
    <div class="card">
      <p class="eyebrow">Welcome back</p>
      <h1>Sign in</h1>
      {#if next != "/"}
        <p class="muted">Sign in to continue to <code>{next}</code>.</p>
      {/if}
      <LoginForm next={next} error={message} />
    </div>
  </div>
</Layout>
<style>
  .login-page { display: grid; place-items: center; padding-block: 1rem 2rem; }
  .login-page .card { width: min(26rem, 100%); padding: 2rem; }
  .login-page h1 { font-size: 2rem; }
</style>
