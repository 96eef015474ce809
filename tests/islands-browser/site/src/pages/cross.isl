---
import Away from "../components/Away.isl";
---
<!doctype html>
<html>
<head><title>cross</title></head>
<body>
<h1>Cross</h1>
<Away server:defer><p slot="fallback">going</p></Away>
</body>
</html>
