---
export std::vector<isl::Params> getStaticPaths() { return {{{"id", "1"}}, {{"id", "2"}}}; }
---
<p>Item {ctx.param("id")}</p>
