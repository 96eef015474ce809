---
// Greets the visitor by the name in their cookie (a server island): per request.
struct Props {
  std::string page;
};

auto name = ctx.cookie("name");
---
<p class="greeting">
  {#if name}Welcome back, <strong>{*name}</strong>! You are reading {props.page}.{:else}Hello! <a href="/login">Sign in</a> to see your orders.{/if}
</p>
<style>
  .greeting { padding: 0.5rem 1rem; background: #eef; }
</style>
