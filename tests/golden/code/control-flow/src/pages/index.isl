---
std::vector<std::string> items = {"a", "b"};
std::vector<int> none;
int n = 2;
---
{#if n == 1}
  <p>one</p>
{:else if n == 2}
  <p>two</p>
{:else}
  <p>many</p>
{/if}
{#if items.empty()}<p>no items</p>{/if}
<ul>
  {#for const auto& item : items}
    <li>{item}</li>
  {/for}
</ul>
<ol>
  {#for int x : none}
    <li>{x}</li>
  {:empty}
    <li>nothing</li>
  {/for}
</ol>
{#for const auto& outer : items}
  {#for const auto& inner : items}
    {#if outer != inner}<span>{outer}{inner}</span>{/if}
  {/for}
{/for}
