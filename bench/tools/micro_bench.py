"""The micro part: bench/micro's Google Benchmark binary."""
from __future__ import annotations

import json
import sys

from common import BUILD_DIR, MICRO_MIN_TIME, WORK, log, run


def micro() -> dict:
    exe = BUILD_DIR / "bench" / "isl_micro_bench"
    out = WORK / "micro.json"
    argv = [exe, f"--benchmark_out={out}", "--benchmark_out_format=json"]
    if MICRO_MIN_TIME:
        argv.append(f"--benchmark_min_time={MICRO_MIN_TIME}")
    log("micro benchmarks")
    r = run(argv, timeout=1800)
    print(r.stdout, file=sys.stderr)
    data = json.loads(out.read_text())
    results = {}
    for b in data["benchmarks"]:
        if b.get("run_type") == "aggregate":
            continue
        results[b["name"]] = {k: v for k, v in b.items() if k not in ("family_index", "per_family_instance_index",
                                                                      "run_name", "run_type", "repetitions",
                                                                      "repetition_index", "threads")}
    return {"context": data.get("context", {}), "benchmarks": results}
