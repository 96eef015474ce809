---
// An island whose answer is not HTML: the loader must keep the fallback.
ctx.set_header("Content-Type", "application/json");
---
[3]
