---
import Live from "../components/Live.isl";

// A large page: 8 islands near the top, then ~300 KB of prerendered rows.
std::vector<int> islands{1, 2, 3, 4, 5, 6, 7, 8};
std::vector<int> rows;
for (int i = 0; i < 2500; ++i) rows.push_back(i);
---
<!doctype html>
<html>

<body>
<h1>fetched</h1>
{#for int n : islands}
<Live n={n} server:defer><p slot="fallback">loading {n}</p></Live>
{/for}
<ol>
{#for int r : rows}
<li>Row {r}: a dependable piece for the daily ritual, made to last and easy to clean, sku {r * 7}.</li>
{/for}
</ol>
</body>
</html>
