#!/usr/bin/env python3
"""Where a cold `isl build` spends its time, phase by phase, in CPU seconds (docs/performance.md).

    bench/tools/profile_cold_build.py SITE [--isl build/isl]

Builds SITE cold (no .isl/, no dist/, ccache off), then runs every step of that build again
alone, one after the other, and measures each one's CPU time (user + system of the step and
its children) and wall time: the CMake configure, each compile unit (the precompiled headers,
the components, the page batches, the two tables), the two links, the prerender with and
without compression. CPU time is what a step costs whatever else runs on the machine; the
wall times of a loaded machine are printed too, with the load average. Prints a Markdown table.
"""
import argparse
import json
import os
import pathlib
import resource
import shutil
import subprocess
import sys
import time


def measured(cmd, cwd, env) -> tuple[float, float]:
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    subprocess.run(cmd, cwd=cwd, env=env, shell=isinstance(cmd, str), check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime, time.monotonic() - t0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("site", type=pathlib.Path)
    ap.add_argument("--isl", type=pathlib.Path, default=pathlib.Path(__file__).resolve().parents[2] / "build" / "isl")
    args = ap.parse_args()
    site, isl = args.site.resolve(), args.isl.resolve()
    env = dict(os.environ, CCACHE_DISABLE="1")
    if not env.get("ISL_KEY"):
        env["ISL_KEY"] = subprocess.run([isl, "keygen"], capture_output=True, text=True, check=True).stdout.strip()
    load_start = os.getloadavg()
    shutil.rmtree(site / ".isl", ignore_errors=True)
    shutil.rmtree(site / "dist", ignore_errors=True)
    rows = []
    cpu, wall = measured([isl, "build", site], site, env)
    rows.append(("`isl build`, cold (all steps)", cpu, wall))

    build = site / ".isl" / "build"
    work = site / ".isl"
    scratch = pathlib.Path(os.environ.get("TMPDIR", "/tmp")) / f"isl-profile-{os.getpid()}"
    scratch.mkdir(parents=True)
    try:
        package = next(l.split("=", 1)[1] for l in (build / "CMakeCache.txt").read_text().splitlines()
                       if l.startswith("isl_DIR:"))
        cpu, wall = measured(["cmake", "-S", work, "-B", scratch / "configure", "-G", "Ninja",
                              "-DCMAKE_BUILD_TYPE=Release", f"-Disl_DIR={package}"], work, env)
        rows.append(("CMake configure (a fresh build folder)", cpu, wall))
        compdb = json.loads(subprocess.run(["ninja", "-t", "compdb"], cwd=build, capture_output=True, text=True,
                                           check=True).stdout)
        units = [e for e in compdb if e["output"].endswith((".o", ".gch"))]
        units.sort(key=lambda e: (not e["output"].endswith(".gch"), e["output"]))  # headers first: the units use them
        for e in units:
            cpu, wall = measured(e["command"], e["directory"], env)
            rows.append((f"compile `{e['output'].replace('CMakeFiles/', '')}`", cpu, wall))
        for target in ("site", "site_prerender"):
            line = subprocess.run(["ninja", "-t", "commands", target], cwd=build, capture_output=True, text=True,
                                  check=True).stdout.strip().splitlines()[-1]
            cpu, wall = measured(line, build, env)
            rows.append((f"link `{target}`", cpu, wall))
        for label, extra in (("prerender (HTML, gzip, brotli q11)", []), ("prerender without compression", ["--no-compress"])):
            out = scratch / "dist"
            shutil.rmtree(out, ignore_errors=True)
            cpu, wall = measured([build / "site_prerender", "prerender", "--out", out, "--public", site / "public", *extra],
                                 build, env)
            rows.append((label, cpu, wall))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    load_end = os.getloadavg()
    cpu_model = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    print(f"{os.cpu_count()} cores ({cpu_model}); load average {load_start[0]:.2f} at the start, "
          f"{load_end[0]:.2f} at the end.\n")
    print("| step | CPU s | wall s |\n|---|---:|---:|")
    for label, cpu, wall in rows:
        print(f"| {label} | {cpu:.2f} | {wall:.2f} |")
    steps = rows[1:]
    print(f"| sum of the steps | {sum(r[1] for r in steps):.2f} | {sum(r[2] for r in steps):.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
