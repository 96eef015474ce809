---
import Card from "../components/Card.isl";
---
<Card />
<Crad />
