#!/usr/bin/env python3
"""isl's benchmarks against Astro and nginx, in one command: `bench/run` (docs/performance.md).

Builds isl in Release (with the micro benchmarks), then:
  micro  Google Benchmark: escaping, rendering a generated 100-row table, sealing, translation
  http   wrk on 127.0.0.1: isl's island endpoint and static pages beside Astro's Node server
         and nginx, at 1 and 32 connections, then each server's RSS
  build  `isl build` cold / unchanged / after one edit (examples/shop and a generated site of
         200 pages with 3 islands each) beside `astro build`; one generated component's g++ -O2
Prints one table, writes the raw results to bench/results/<date>.json and the table to
docs/performance.md. Settings come from the environment (common.py, and docs).
The parts live beside this file: common, servers, setup, micro_bench, http_bench, build_bench,
report.
"""
from __future__ import annotations

import datetime
import json
import os
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

import setup  # noqa: E402
from common import BENCH, FULL, ISL, ONLY, UPDATE_DOCS, WORK, log, run  # noqa: E402
from setup import build_isl, machine_info, setup_astro  # noqa: E402
from micro_bench import micro  # noqa: E402
from http_bench import http_bench  # noqa: E402
from build_bench import build_bench  # noqa: E402
from report import goals, render_tables, update_docs  # noqa: E402


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == "--report":
        # Tables again from a results file (after changing how they are written).
        res = json.loads(pathlib.Path(sys.argv[2]).read_text())
        res["goals"] = goals(res)
        tables = render_tables(res)
        print(tables.replace("<br>", " · "))
        if UPDATE_DOCS or os.environ.get("BENCH_UPDATE_DOCS") == "1":
            update_docs(tables)
        return 0
    WORK.mkdir(parents=True, exist_ok=True)
    for f in (WORK / "logs").glob("*.log"):
        f.unlink()
    date = datetime.datetime.now().astimezone()
    build_isl()
    setup.KEY = run([ISL, "keygen"]).stdout.strip()
    astro_versions = setup_astro() if ONLY & {"http", "build"} else {}
    res: dict = {"date": date.isoformat(timespec="seconds"), "command": "bench/run",
                 "settings": {k: os.environ[k] for k in sorted(os.environ) if k.startswith("BENCH_")},
                 "machine": machine_info(astro_versions)}
    if "micro" in ONLY:
        res["micro"] = micro()
    if "http" in ONLY:
        res["http"] = http_bench()
    if "build" in ONLY:
        res["build"] = build_bench()
    res["goals"] = goals(res)
    res["machine"]["loadavg_end"] = pathlib.Path("/proc/loadavg").read_text().split()[:3]

    out_dir = BENCH / "results"
    out_dir.mkdir(exist_ok=True)
    name = date.strftime("%Y-%m-%d") + ("" if FULL else "-quick") + ".json"
    res["results_file"] = f"bench/results/{name}"
    tables = render_tables(res)
    (out_dir / name).write_text(json.dumps(res, indent=1, ensure_ascii=False) + "\n")
    print(tables.replace("<br>", " · "))
    log(f"wrote bench/results/{name}")
    if UPDATE_DOCS:
        update_docs(tables)
    else:
        log("docs/performance.md left as it is (a partial or quick run; BENCH_UPDATE_DOCS=1 writes it anyway)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
