---
import Layout from "../layouts/Layout.isl";
---
<Layout title="Staff only">
  <div class="notice card">
    <p class="eyebrow">403 · Staff only</p>
    <h1>This part of the shop is for staff</h1>
    <p class="lede">You're signed in, but your account can't open the back office. If you work
      here, ask Grace to give you access.</p>
    <div class="actions">
      <a class="button" href="/">Back to the shop</a>
      <a class="button ghost" href="/dashboard">Your account</a>
    </div>
  </div>
</Layout>
<style>
  .notice { max-width: 40rem; margin: 2rem auto; padding: 2.5rem; text-align: center; }
  .notice .lede { margin-inline: auto; }
  .actions { display: flex; gap: 0.75rem; justify-content: center; margin-top: 1.5rem; }
</style>
