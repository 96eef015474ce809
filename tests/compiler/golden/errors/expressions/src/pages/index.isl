<p>{}</p>
<p>{"unterminated}</p>
<p>{f(a]}</p>
{#each xs}{/each}
<p>{broken</p>
