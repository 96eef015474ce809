---
import Layout from "../components/Layout.isl";
import Card from "../components/Card.isl";
import Badge from "../components/Badge.isl";
int rank = 2;
---
<Layout title="Slots">
  <Card heading="Plain" />
  <Card heading={"Rank " + std::to_string(rank)} featured rank={rank} label="x">
    <h3 slot="header">A header</h3>
    <p>Default slot content.</p>
    <Fragment slot="footer">Footer <b>bold</b></Fragment>
  </Card>
  <Card heading="Component fill">
    <Badge slot="header" text="hot" />
    text in the default slot
  </Card>
</Layout>
