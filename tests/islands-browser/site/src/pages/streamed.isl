---
import Part from "../components/Part.isl";
export constexpr bool stream_islands = true;
---
<!doctype html>
<html>
<head><title>streamed</title></head>
<body>
<h1>Streamed</h1>
<Part label="one" server:defer><i slot="fallback">...</i></Part>
<Part label="two" server:defer><i slot="fallback">...</i></Part>
</body>
</html>
