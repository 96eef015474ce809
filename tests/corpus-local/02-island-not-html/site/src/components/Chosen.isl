---
// An island that chooses a 404 of its own: an HTML answer, shown.
ctx.set_status(404);
---
<p class="chosen">no such offer</p>
