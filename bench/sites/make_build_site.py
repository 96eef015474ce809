#!/usr/bin/env python3
"""Writes the build benchmark's site: N pages (default 200), each with three server islands.

    bench/sites/make_build_site.py isl|astro OUT_DIR [--pages N]

The site is the HTTP benchmark's site (bench/sites/isl or bench/sites/astro: the layout,
the components, the data) with its pages replaced by N generated pages. Each page is its
own template (N translation units for isl, N routes for Astro) and uses the same three
islands, StockStatus, PriceTable and Greeting, with props of its own.
"""
import argparse
import pathlib
import shutil

HERE = pathlib.Path(__file__).resolve().parent

WORDS = ("kettle dripper grinder mug teapot scale filter tin whisk carafe "
         "copper smoky golden misty crisp quiet bright slow rustic little").split()


def page_text(i: int) -> tuple[str, str, list[str]]:
    title = f"Guide {i}: the {WORDS[i % 10]} and the {WORDS[10 + (i * 7) % 10]} morning"
    intro = " ".join(WORDS[(i + k) % len(WORDS)] for k in range(40)).capitalize() + "."
    tips = [f"Tip {k + 1} for guide {i}: warm the {WORDS[(i + k) % 10]} before the first pour." for k in range(10)]
    return title, intro, tips


def page(kind: str, i: int) -> str:
    """Page i in isl's or Astro's syntax: the same markup, imports and data, so that both
    builds do the same work."""
    title, intro, tips = page_text(i)
    if kind == "isl":
        quote, ext = '"', "isl"
        tips_decl = "std::vector<std::string> tips = {" + ", ".join('"' + t + '"' for t in tips) + "};"
        tip_items = "{#for const auto& tip : tips}<li>{tip}</li>{/for}"
    else:
        quote, ext = "'", "astro"
        tips_decl = "const tips = [" + ", ".join("'" + t + "'" for t in tips) + "];"
        tip_items = "{tips.map((tip) => <li>{tip}</li>)}"
    imports = "\n".join(f"import {name} from {quote}../../{folder}/{name}.{ext}{quote};"
                        for name, folder in (("Layout", "layouts"), ("StockStatus", "components"),
                                             ("PriceTable", "components"), ("Greeting", "components")))
    return f'''---
{imports}

{tips_decl}
---
<Layout title="{title}">
  <article class="guide">
    <h1>{title}</h1>
    <Greeting page="guide {i}" server:defer />
    <p class="intro">{intro}</p>
    <ol>
      {tip_items}
    </ol>
    <StockStatus productId={{{i}}} server:defer>
      <p slot="fallback">Checking availability…</p>
    </StockStatus>
    <PriceTable title="Prices for guide {i}" first={{{i}}} count={{10}} server:defer>
      <p slot="fallback">Loading prices…</p>
    </PriceTable>
  </article>
</Layout>
<style>
  .guide .intro {{ font-size: 1.1rem; }}
  .guide li:nth-child({i % 10 + 1}) {{ font-weight: bold; }}
</style>
'''


def page_path(kind: str, out: pathlib.Path, i: int) -> pathlib.Path:
    ext = "isl" if kind == "isl" else "astro"
    return out / "src" / "pages" / "guide" / f"g{i:03d}.{ext}"


def write_page(kind: str, out: pathlib.Path, i: int) -> pathlib.Path:
    path = page_path(kind, out, i)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page(kind, i))
    return path


def make_site(kind: str, out: pathlib.Path, pages: int = 200) -> None:
    base = HERE / kind
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(base, out, ignore=shutil.ignore_patterns("pages", "node_modules", "dist", ".isl", ".astro"))
    for i in range(1, pages + 1):
        write_page(kind, out, i)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("kind", choices=["isl", "astro"])
    ap.add_argument("out", type=pathlib.Path)
    ap.add_argument("--pages", type=int, default=200)
    args = ap.parse_args()
    make_site(args.kind, args.out.resolve(), args.pages)


if __name__ == "__main__":
    main()
