---
// Not HTML: the loader keeps the fallback and says why in the console.
ctx.set_header("Content-Type", "application/json");
---
[1]
