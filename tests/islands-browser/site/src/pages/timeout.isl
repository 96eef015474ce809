---
import Sleepy from "../components/Sleepy.isl";
---
<!doctype html>
<html>
<head><title>timeout</title></head>
<body>
<h1>Timeout</h1>
<Sleepy server:defer>
  <p slot="fallback">waiting</p>
  <p slot="error">too slow</p>
</Sleepy>
</body>
</html>
