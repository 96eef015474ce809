<p>a</p>
{:else}
{#for int x : std::vector<int>{}}
  {x}
{:else}
{/for}
