---
struct Props {
  std::string title;
};
---
<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8" />
  <meta name="viewport" content="width=device-width, initial-scale=1" />
  <title>{props.title} · Bench Shop</title>
</head>
<body>
  <header class="bar"><a href="/">Bench Shop</a> <nav><a href="/small/">Small</a> <a href="/large/">Large</a> <a href="/islands/">Islands</a></nav></header>
  <main>
    <slot />
  </main>
  <footer class="foot">Bench Shop · a benchmark site</footer>
</body>
</html>
<style is:global>
  body { margin: 0; font: 16px/1.5 system-ui, sans-serif; color: #222; background: #fafafa; }
  main { max-width: 60rem; margin: 0 auto; padding: 1rem; }
  .bar, .foot { padding: 0.75rem 1rem; background: #333; color: #eee; }
  .bar a, .foot a { color: #fff; }
</style>
