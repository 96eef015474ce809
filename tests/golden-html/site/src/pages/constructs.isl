---
import Box from "../components/Box.isl";
import Plain from "../components/Plain.isl";

struct Row { std::string name; double price; };
std::vector<Row> rows = {{"tea & cake", 2.5}, {"<coffee>", 3}};
std::map<std::string, int> counts = {{"a", 1}, {"b", 2}};
export int twice(int x) { return 2 * x; }
---
<!doctype html>
<html lang="en">
<head><title>Constructs</title></head>
<body>
<!-- an HTML comment is kept -->
{/* a template comment is not */}
<Box title="First" note="a 'note'" open>
  <p>inside {rows.size()}</p>
  <Fragment slot="footer">foot <b>bold</b></Fragment>
</Box>
<Box title={std::string("Second")} />
{#for const auto& [name, price] : rows}
  <Plain n={twice(static_cast<int>(price))}><i slot="after">{name}</i></Plain>
{:empty}
  none
{/for}
{#for const auto& [k, v] : counts}{k}={v} {/for}
<p set:html={"<em>trusted</em>"}></p>
<Fragment set:html={std::string("<u>also</u>")} />
<input value={std::string("\"quoted\"")} disabled={false} checked>
<p>{"literal <b>"} {'x'} {isl::Html{"<br>"}} {std::optional<int>()}|{std::optional<int>(5)}</p>
<script is:inline>window.inline = { a: 1 };</script>
<style is:global>body { margin: 0; }</style>
</body>
</html>
