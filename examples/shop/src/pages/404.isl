---
import Layout from "../layouts/Layout.isl";
---
<Layout title="Not found">
  <div class="notice card">
    <p class="eyebrow">404</p>
    <h1>We couldn't find that page</h1>
    <p class="lede">It may have sold out of existence. Try the collection instead.</p>
    <a class="button" href="/">Back to the shop</a>
  </div>
</Layout>
<style>
  .notice { max-width: 36rem; margin: 2rem auto; padding: 2.5rem; text-align: center; }
  .notice .lede { margin-inline: auto; }
</style>
