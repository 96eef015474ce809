---
struct Props { int n = 0; };
---
<span>{props.n}<slot name="after" /></span>
