---
export using MaybeLabel = std::optional<std::string>;
struct Props {
  std::string heading;
  bool featured = false;
  int rank = 0;
  MaybeLabel label;
};
---
<article class={props.featured ? "card featured" : "card"}>
  <header><slot name="header"><h2>{props.heading}</h2></slot></header>
  <slot />
  {#if ctx.has_slot("footer")}<footer><slot name="footer" /></footer>{/if}
</article>
