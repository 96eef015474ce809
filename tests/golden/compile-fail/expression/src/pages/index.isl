---
std::vector<int> values = {1, 2};
---
<main>
  <p>Total: {values * 2}</p>
</main>
