---
import Card from "../components/Card.isl";
---
<main>
  <Card title="ok"
        count={std::string("three")} />
</main>
