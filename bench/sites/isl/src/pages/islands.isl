---
import Layout from "../layouts/Layout.isl";
import StockStatus from "../components/StockStatus.isl";
import PriceTable from "../components/PriceTable.isl";
---
<Layout title="Heron Gooseneck Kettle">
  <h1>Heron Gooseneck Kettle</h1>
  <p>A slow, steady pour.</p>
  <StockStatus productId={42} server:defer>
    <p slot="fallback">Checking availability…</p>
  </StockStatus>
  <PriceTable title="Today's prices" first={1} count={50} server:defer>
    <p slot="fallback">Loading prices…</p>
  </PriceTable>
</Layout>
