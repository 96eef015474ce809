---
import Part from "../components/Part.isl";
---
<!doctype html>
<html>
<head><title>preloaded</title></head>
<body>
<h1>Preloaded</h1>
<Part label="one" server:defer><i slot="fallback">...</i></Part>
<Part label="two" server:defer><i slot="fallback">...</i></Part>
<Part label="three" server:defer><i slot="fallback">...</i></Part>
</body>
</html>
