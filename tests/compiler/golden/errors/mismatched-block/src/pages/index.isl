---
std::vector<int> xs = {1, 2};
---
<ul>
{#for int x : xs}
  <li>{x}</li>
{/if}
</ul>
