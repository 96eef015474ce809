"""Paths, settings from the environment (docs/performance.md lists them), logging and running commands."""
from __future__ import annotations

import os
import pathlib
import shlex
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]
BENCH = ROOT / "bench"
WORK = BENCH / ".work"
sys.path.insert(0, str(BENCH / "sites"))  # make_build_site (build_bench.py)


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def env_float(name: str, default: float) -> float:
    return float(os.environ.get(name, default))


# ENV: every setting, with its default.
SECONDS = env_int("BENCH_SECONDS", 10)             # one wrk run
RUNS = env_int("BENCH_RUNS", 3)                    # wrk runs per measurement (median reported)
WARMUP = env_int("BENCH_WARMUP", 3)                # seconds of warm-up per server and request
CONNECTIONS = [int(c) for c in os.environ.get("BENCH_CONNECTIONS", "1,32").split(",")]
WRK_THREADS = env_int("BENCH_WRK_THREADS", 1)
BUILD_RUNS = env_int("BENCH_BUILD_RUNS", 3)        # warm builds (unchanged, one edit)
COLD_RUNS = env_int("BENCH_COLD_RUNS", 1)          # cold builds
PAGES = env_int("BENCH_PAGES", 200)                # pages of the generated build site
MICRO_MIN_TIME = os.environ.get("BENCH_MICRO_MIN_TIME", "")  # Google Benchmark min time (s)
ONLY = set(os.environ.get("BENCH_ONLY", "micro,http,build").split(","))
JOBS = env_int("BENCH_JOBS", os.cpu_count() or 2)  # for building isl itself
BUILD_DIR = pathlib.Path(os.environ.get("BENCH_BUILD_DIR", str(ROOT / "build-bench")))
PREBUILT = os.environ.get("BENCH_PREBUILT", "0") == "1"  # use BUILD_DIR's isl as it is (no Release build)
NODE_MAJOR = os.environ.get("BENCH_NODE_MAJOR", "24")
ASTRO_SPEC = os.environ.get("BENCH_ASTRO", "")     # e.g. "7"; default: newest major on npm
FULL = (SECONDS, RUNS) == (10, 3) and ONLY >= {"micro", "http", "build"} and PAGES == 200
UPDATE_DOCS = os.environ.get("BENCH_UPDATE_DOCS", "1" if FULL else "0") == "1"

ISL = BUILD_DIR / "isl"
STARTED = time.monotonic()


def log(msg: str) -> None:
    print(f"[bench {time.monotonic() - STARTED:7.1f}s] {msg}", file=sys.stderr, flush=True)


def run(argv, *, cwd=None, env=None, timeout=None, check=True, capture=True) -> subprocess.CompletedProcess:
    r = subprocess.run([str(a) for a in argv], cwd=cwd, env=env, timeout=timeout, text=True,
                       stdout=subprocess.PIPE if capture else None, stderr=subprocess.STDOUT if capture else None)
    if check and r.returncode != 0:
        raise RuntimeError(f"command failed ({r.returncode}): {shlex.join(map(str, argv))}\n{r.stdout or ''}")
    return r


def output_of(argv, **kw) -> str:
    try:
        return run(argv, check=False, timeout=60, **kw).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return ""



LOADAVG_START = pathlib.Path("/proc/loadavg").read_text().split()[:3]
