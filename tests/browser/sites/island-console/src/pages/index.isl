---
import Boom from "../components/Boom.isl";
import Json from "../components/Json.isl";
import Fine from "../components/Fine.isl";
---
<!doctype html>
<html>
<body>
<h1>Console</h1>
<Boom server:defer><p slot="fallback">boom fallback</p></Boom>
<Json server:defer><p slot="fallback">json fallback</p></Json>
<Fine server:defer><p slot="fallback">fine fallback</p></Fine>
</body>
</html>
