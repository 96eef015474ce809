---
export constexpr bool prerender = false;
---
<p>On demand: {ctx.page_url()}</p>
