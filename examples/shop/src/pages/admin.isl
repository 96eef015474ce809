---
import Layout from "../layouts/Layout.isl";
import AdminPanel from "../components/AdminPanel.isl";
---
<Layout title="Back office" section="admin">
  <header class="page-head">
    <p class="eyebrow">Staff only</p>
    <h1>Back office</h1>
  </header>
  <AdminPanel server:defer>
    <div slot="fallback" class="card checking" aria-busy="true">
      <span class="skeleton title"></span>
      <span class="skeleton line short"></span>
      <p class="muted">Checking your access…</p>
    </div>
    <p class="lede">Sales, customers and stock at a glance. Restocking takes effect at once: every
      product page shows the new count on its next visit.</p>
  </AdminPanel>
</Layout>
<style>
  .page-head { margin-bottom: 1rem; }
  .checking p { margin: 1rem 0 0; }
</style>
