---
import Prices from "../components/Prices.isl";
import Chosen from "../components/Chosen.isl";
---
<!doctype html>
<html>
<body>
<h1>Offers</h1>
<Prices server:defer>
  <p slot="fallback">prices loading...</p>
</Prices>
<Chosen server:defer>
  <p slot="fallback">offer loading...</p>
</Chosen>
</body>
</html>
