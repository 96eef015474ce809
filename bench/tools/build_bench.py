"""The build part: `isl build` cold, unchanged and after one edit, beside `astro build`."""
from __future__ import annotations

import json
import pathlib
import re
import shlex
import shutil
import statistics
import time

from common import BUILD_RUNS, COLD_RUNS, PAGES, ROOT, WORK, log, run
from setup import ASTRO_DIR, astro_build, isl_build, isl_env

import make_build_site  # noqa: E402  (bench/sites: on sys.path once common is imported)


FRONTMATTER_END = re.compile(r"^---\s*$", re.M)


def edit_template(path: pathlib.Path, n: int) -> None:
    """One edit as a person makes it: a line of markup added at the top of the template."""
    text = path.read_text()
    text = re.sub(r"\n<p hidden>bench edit \d+</p>", "", text)
    ends = [m.end() for m in FRONTMATTER_END.finditer(text)]
    at = ends[1] if len(ends) >= 2 else 0
    path.write_text(text[:at] + f"\n<p hidden>bench edit {n}</p>" + text[at:])


def timed_isl_builds(site: pathlib.Path, env: dict, edits: dict[str, pathlib.Path]) -> dict:
    out = {}
    cold = []
    for _ in range(COLD_RUNS):
        shutil.rmtree(site / ".isl", ignore_errors=True)
        shutil.rmtree(site / "dist", ignore_errors=True)
        seconds, lines = isl_build(site, env)
        cold.append({"seconds": seconds, "output": lines})
        log(f"  cold: {seconds:.1f} s")
    out["cold"] = cold
    same = []
    for _ in range(BUILD_RUNS):
        seconds, lines = isl_build(site, env)
        same.append({"seconds": seconds, "output": lines})
    out["unchanged"] = same
    log(f"  unchanged: {statistics.median(r['seconds'] for r in same):.2f} s")
    for label, path in edits.items():
        original = path.read_text()
        runs = []
        try:
            for k in range(BUILD_RUNS):
                edit_template(path, k + 1)
                seconds, lines = isl_build(site, env)
                runs.append({"seconds": seconds, "output": lines})
        finally:
            path.write_text(original)
        out[label] = runs
        log(f"  {label}: {statistics.median(r['seconds'] for r in runs):.2f} s")
    return out


def component_compile(site: pathlib.Path, component: str) -> dict:
    """g++ -O2 of one generated component alone: with the site's own flags (its precompiled
    header included), and plainly with only the include paths."""
    build = site / ".isl" / "build"
    gen = site / ".isl" / "gen"
    source = gen / "components" / f"{component}.isl.cpp"
    compdb = json.loads(run(["ninja", "-C", build, "-t", "compdb"], timeout=60).stdout)
    entry = next(e for e in compdb if pathlib.Path(e["file"]).resolve() == source.resolve())
    argv = shlex.split(entry["command"])
    while argv and not re.search(r"(g\+\+|c\+\+|clang\+\+)(-\d+)?$", argv[0]):
        argv.pop(0)  # a compiler launcher (ccache)
    obj = WORK / "component.o"
    if "-o" in argv:
        argv[argv.index("-o") + 1] = str(obj)
    plain = ["g++", "-std=c++20", "-O2", "-DNDEBUG", "-I", ROOT / "include", "-I", gen, "-I", site / "src",
             "-c", source, "-o", obj]

    def timed(cmd) -> list[float]:
        times = []
        for _ in range(3):
            t0 = time.monotonic()
            run(cmd, cwd=entry["directory"], timeout=600)
            times.append(time.monotonic() - t0)
        return times

    site_flags = timed(argv)
    plain_times = timed(plain)
    return {"component": f"src/components/{component}.isl",
            "site_flags": {"command": shlex.join(map(str, argv)), "seconds": site_flags,
                           "median": statistics.median(site_flags)},
            "plain": {"command": shlex.join(map(str, plain)), "seconds": plain_times,
                      "median": statistics.median(plain_times)}}


def build_bench() -> dict:
    results = {"settings": {"cold_runs": COLD_RUNS, "warm_runs": BUILD_RUNS, "pages": PAGES,
                            "ccache": "disabled (CCACHE_DISABLE=1)"}}
    base = WORK / "build"
    base.mkdir(parents=True, exist_ok=True)

    # examples/shop, copied (its own .isl/ and dist/ are left alone).
    shop = base / "shop"
    if shop.exists():
        shutil.rmtree(shop)
    source = ROOT / "examples" / "shop"
    # The site's own build output is left out, not the dist/ folders of its node_modules.
    top = shutil.ignore_patterns(".isl", "dist", "*.db", "*.db-*")
    shutil.copytree(source, shop, ignore=lambda d, names: top(d, names) if pathlib.Path(d) == source else set())
    log("build: examples/shop")
    db = base / "shop.db"
    for f in base.glob("shop.db*"):
        f.unlink()
    results["shop"] = timed_isl_builds(shop, isl_env({"SHOP_DB": str(db)}),
                                       {"one component edited": shop / "src" / "components" / "StockStatus.isl"})

    # The generated site: PAGES pages, 3 islands each.
    site = base / f"pages{PAGES}"
    make_build_site.make_site("isl", site, PAGES)
    log(f"build: generated site of {PAGES} pages")
    mid = PAGES // 2 or 1
    results["generated"] = timed_isl_builds(site, isl_env(), {
        "one page edited": make_build_site.page_path("isl", site, mid),
        "one component edited": site / "src" / "components" / "PriceTable.isl"})
    results["component_compile"] = component_compile(site, "PriceTable")
    log(f"  one component, g++ -O2: {results['component_compile']['site_flags']['median']:.2f} s (site flags), "
        f"{results['component_compile']['plain']['median']:.2f} s (plain)")

    # The same site with Astro.
    asite = ASTRO_DIR / f"pages{PAGES}"
    make_build_site.make_site("astro", asite, PAGES)
    log(f"build: astro build of the same {PAGES} pages")
    astro = {"cold": [], "unchanged": [], "one page edited": []}
    for _ in range(COLD_RUNS):
        for d in ("dist", ".astro", "node_modules"):
            shutil.rmtree(asite / d, ignore_errors=True)
        shutil.rmtree(ASTRO_DIR / "node_modules" / ".astro", ignore_errors=True)
        shutil.rmtree(ASTRO_DIR / "node_modules" / ".vite", ignore_errors=True)
        astro["cold"].append({"seconds": astro_build(asite)})
        log(f"  cold: {astro['cold'][-1]['seconds']:.1f} s")
    for _ in range(BUILD_RUNS):
        astro["unchanged"].append({"seconds": astro_build(asite)})
    page = make_build_site.page_path("astro", asite, mid)
    original = page.read_text()
    try:
        for k in range(BUILD_RUNS):
            edit_template(page, k + 1)
            astro["one page edited"].append({"seconds": astro_build(asite)})
    finally:
        page.write_text(original)
    log(f"  unchanged: {statistics.median(r['seconds'] for r in astro['unchanged']):.1f} s, one page edited: "
        f"{statistics.median(r['seconds'] for r in astro['one page edited']):.1f} s")
    results["astro_generated"] = astro
    return results
