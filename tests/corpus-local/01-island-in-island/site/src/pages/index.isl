---
import Outer from "../components/Outer.isl";
---
<!doctype html>
<html>
<body>
<h1>Nested</h1>
<Outer who="Ada" server:defer>
  <p slot="fallback">outer loading...</p>
</Outer>
</body>
</html>
