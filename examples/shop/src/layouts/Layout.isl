---
struct Props {
  std::string title;
  std::string section = "";  // shop, stores, dashboard, admin: marks the nav link
  std::string description = "Coffee and tea gear, chosen slowly. Kettles, drippers, grinders and good tea.";
};

export std::optional<std::string> current(const std::string& section, const char* link) {
  if (section == link) return "page";
  return std::nullopt;
}
---
<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8" />
  <meta name="viewport" content="width=device-width, initial-scale=1" />
  <title>{props.title} · Steep &amp; Grind</title>
  <meta name="description" content={props.description} />
  <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
</head>
<body>
  <header class="site-header">
    <div class="container site-bar">
      <a class="brand" href="/">
        <svg class="brand-mark" viewBox="0 0 32 32" aria-hidden="true">
          <circle cx="16" cy="16" r="16" fill="#b4532a" />
          <path d="M9 13h13v5a6 6 0 0 1-6 6h-1a6 6 0 0 1-6-6z" fill="#fdf8f3" />
          <path d="M22 14.5h1.5a2.5 2.5 0 0 1 0 5H22" fill="none" stroke="#fdf8f3" stroke-width="1.8" />
          <path d="M13 7c-1 1.5 1 2.5 0 4M17 7c-1 1.5 1 2.5 0 4" fill="none" stroke="#fdf8f3" stroke-width="1.5" stroke-linecap="round" />
        </svg>
        <span>Steep <em>&amp;</em> Grind</span>
      </a>
      <nav class="site-nav" aria-label="Main">
        <a href="/" aria-current={current(props.section, "shop")}>Shop</a>
        <a href="/stores" aria-current={current(props.section, "stores")}>Stores</a>
        <a href="/dashboard" aria-current={current(props.section, "dashboard")}>Your account</a>
        <a href="/admin" aria-current={current(props.section, "admin")}>Admin</a>
      </nav>
    </div>
  </header>
  <main class="container site-main">
    <slot />
  </main>
  <footer class="site-footer">
    <div class="container footer-row">
      <p><strong>Steep &amp; Grind</strong> · Coffee and tea gear since 2019 · Lisbon, Edinburgh, Kyoto, Hallstatt</p>
      <p class="quiet">A demo shop, built with isl server islands.</p>
    </div>
  </footer>
</body>
</html>
<style is:global>
  :root {
    --bg: #f6f1ea;
    --surface: #fffdfa;
    --surface-2: #f1ebe2;
    --ink: #231d18;
    --ink-2: #4a4139;
    --muted: #7a6e63;
    --line: #e6ddd1;
    --accent: #b4532a;
    --accent-dark: #8f3f1e;
    --accent-soft: #f5e2d6;
    --green: #2e7d4f;
    --green-soft: #e1f1e6;
    --amber: #a8641a;
    --amber-soft: #fbecd6;
    --red: #b42318;
    --red-soft: #fbe4e1;
    --radius: 14px;
    --radius-sm: 9px;
    --shadow: 0 1px 2px rgba(35, 29, 24, 0.06), 0 6px 20px rgba(35, 29, 24, 0.06);
    --shadow-lift: 0 2px 4px rgba(35, 29, 24, 0.08), 0 14px 34px rgba(35, 29, 24, 0.12);
    --serif: "Iowan Old Style", "Palatino Linotype", Palatino, "Book Antiqua", Georgia, "DejaVu Serif", serif;
    --sans: "Inter", "Segoe UI", Roboto, "Helvetica Neue", Arial, "Liberation Sans", system-ui, sans-serif;
    --mono: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace;
    color-scheme: light;
  }

  *, *::before, *::after { box-sizing: border-box; }

  html { -webkit-text-size-adjust: 100%; }

  body {
    margin: 0;
    min-height: 100vh;
    display: flex;
    flex-direction: column;
    background: var(--bg);
    color: var(--ink);
    font-family: var(--sans);
    font-size: 16px;
    line-height: 1.6;
    -webkit-font-smoothing: antialiased;
    text-rendering: optimizeLegibility;
  }

  h1, h2, h3, h4 {
    font-family: var(--serif);
    font-weight: 600;
    line-height: 1.2;
    letter-spacing: -0.01em;
    margin: 0 0 0.5em;
    color: var(--ink);
  }
  h1 { font-size: clamp(2rem, 4vw, 2.75rem); }
  h2 { font-size: 1.5rem; }
  h3 { font-size: 1.15rem; }
  p { margin: 0 0 1em; }
  a { color: var(--accent-dark); text-decoration-thickness: 1px; text-underline-offset: 3px; }
  a:hover { color: var(--accent); }
  code { font-family: var(--mono); font-size: 0.9em; background: var(--surface-2); padding: 0.1em 0.35em; border-radius: 5px; }
  img, svg { display: block; max-width: 100%; }

  .container { width: min(1120px, 100% - 2.5rem); margin-inline: auto; }

  /* Header */
  .site-header {
    position: sticky;
    top: 0;
    z-index: 10;
    background: rgba(246, 241, 234, 0.88);
    backdrop-filter: saturate(1.4) blur(10px);
    border-bottom: 1px solid var(--line);
  }
  .site-bar { display: flex; align-items: center; justify-content: space-between; gap: 1.5rem; height: 68px; }
  .brand {
    display: inline-flex;
    align-items: center;
    gap: 0.6rem;
    font-family: var(--serif);
    font-size: 1.3rem;
    font-weight: 600;
    color: var(--ink);
    text-decoration: none;
  }
  .brand em { font-style: italic; color: var(--accent); font-weight: 500; }
  .brand-mark { width: 32px; height: 32px; }
  .site-nav { display: flex; gap: 0.25rem; flex-wrap: wrap; }
  .site-nav a {
    padding: 0.45rem 0.85rem;
    border-radius: 999px;
    color: var(--ink-2);
    font-size: 0.95rem;
    font-weight: 500;
    text-decoration: none;
    transition: background 0.15s, color 0.15s;
  }
  .site-nav a:hover { background: var(--surface-2); color: var(--ink); }
  .site-nav a[aria-current="page"] { background: var(--ink); color: var(--surface); }

  .site-main { flex: 1; padding-block: 2.5rem 4rem; }

  /* Footer */
  .site-footer { border-top: 1px solid var(--line); background: var(--surface-2); color: var(--muted); font-size: 0.9rem; }
  .footer-row { display: flex; justify-content: space-between; gap: 1rem; flex-wrap: wrap; padding-block: 1.5rem; }
  .footer-row p { margin: 0; }
  .footer-row strong { color: var(--ink-2); }
  .quiet a { color: inherit; }

  /* Building blocks */
  .eyebrow {
    margin: 0 0 0.35rem;
    font-size: 0.75rem;
    font-weight: 700;
    letter-spacing: 0.12em;
    text-transform: uppercase;
    color: var(--accent);
  }
  .lede { font-size: 1.15rem; color: var(--ink-2); max-width: 38rem; }
  .muted { color: var(--muted); }

  .card {
    background: var(--surface);
    border: 1px solid var(--line);
    border-radius: var(--radius);
    box-shadow: var(--shadow);
    padding: 1.5rem;
  }
  .card > :last-child { margin-bottom: 0; }
  .card-title { display: flex; align-items: baseline; justify-content: space-between; gap: 1rem; margin-bottom: 1rem; }
  .card-title h2, .card-title h3 { margin: 0; }

  .button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 0.5rem;
    padding: 0.65rem 1.15rem;
    border: 1px solid var(--accent);
    border-radius: 999px;
    background: var(--accent);
    color: #fff;
    font: 600 0.95rem/1.2 var(--sans);
    text-decoration: none;
    cursor: pointer;
    transition: background 0.15s, border-color 0.15s, transform 0.1s;
  }
  .button:hover { background: var(--accent-dark); border-color: var(--accent-dark); color: #fff; }
  .button:active { transform: translateY(1px); }
  .button:disabled { opacity: 0.6; cursor: progress; }
  .button.ghost { background: transparent; color: var(--ink-2); border-color: var(--line); }
  .button.ghost:hover { background: var(--surface-2); color: var(--ink); }
  .button.small { padding: 0.4rem 0.8rem; font-size: 0.85rem; }

  .badge {
    display: inline-block;
    min-width: 1.4rem;
    padding: 0.05rem 0.45rem;
    border-radius: 999px;
    background: var(--accent);
    color: #fff;
    font-size: 0.75rem;
    font-weight: 700;
    text-align: center;
    line-height: 1.4;
  }

  .pill {
    display: inline-flex;
    align-items: center;
    gap: 0.4rem;
    padding: 0.3rem 0.75rem;
    border-radius: 999px;
    font-size: 0.9rem;
    font-weight: 600;
  }
  .pill.ok { background: var(--green-soft); color: var(--green); }
  .pill.warn { background: var(--amber-soft); color: var(--amber); }
  .pill.bad { background: var(--red-soft); color: var(--red); }
  .pill.wait { background: var(--surface-2); color: var(--muted); }
  .dot { width: 0.5rem; height: 0.5rem; border-radius: 50%; background: currentColor; }

  label { display: grid; gap: 0.3rem; font-size: 0.9rem; font-weight: 600; color: var(--ink-2); }
  input {
    width: 100%;
    padding: 0.65rem 0.8rem;
    border: 1px solid var(--line);
    border-radius: var(--radius-sm);
    background: #fff;
    color: var(--ink);
    font: 400 1rem/1.3 var(--sans);
    transition: border-color 0.15s, box-shadow 0.15s;
  }
  input:focus { outline: none; border-color: var(--accent); box-shadow: 0 0 0 3px var(--accent-soft); }
  :focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }

  .grid { display: grid; gap: 1.5rem; }
  .grid.products { grid-template-columns: repeat(auto-fill, minmax(230px, 1fr)); }
  .grid.three { grid-template-columns: repeat(auto-fit, minmax(280px, 1fr)); }

  .section { margin-top: 3.5rem; }
  .section-head { display: flex; align-items: baseline; justify-content: space-between; gap: 1rem; margin-bottom: 1.25rem; }
  .section-head h2 { margin: 0; }

  /* Skeletons: what an island shows until it arrives */
  .skeleton {
    display: block;
    border-radius: 7px;
    background: linear-gradient(90deg, #ece4d9 0%, #f7f1e9 40%, #ece4d9 80%);
    background-size: 300% 100%;
    animation: shimmer 1.4s ease-in-out infinite;
  }
  .skeleton + .skeleton { margin-top: 0.6rem; }
  .skeleton.line { height: 0.9rem; }
  .skeleton.title { height: 1.4rem; width: 45%; margin-bottom: 1.1rem; }
  .skeleton.block { height: 4.5rem; }
  .skeleton.short { width: 60%; }
  .skeleton.circle { width: 2.5rem; height: 2.5rem; border-radius: 50%; }
  @keyframes shimmer {
    from { background-position: 100% 0; }
    to { background-position: -50% 0; }
  }
  @media (prefers-reduced-motion: reduce) {
    .skeleton { animation: none; }
  }

  @media (max-width: 640px) {
    .site-bar { height: auto; padding-block: 0.75rem; flex-direction: column; align-items: flex-start; gap: 0.5rem; }
    .site-main { padding-block: 1.5rem 3rem; }
  }
</style>
