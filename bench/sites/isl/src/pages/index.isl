---
import Layout from "../layouts/Layout.isl";
---
<Layout title="Bench Shop">
  <h1>Bench Shop</h1>
  <p>The pages of isl's HTTP benchmark: <a href="/small/">small</a>, <a href="/large/">large</a>, <a href="/islands/">islands</a>.</p>
</Layout>
