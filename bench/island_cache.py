#!/usr/bin/env python3
"""The island cache, measured (docs/performance.md, "Island cache"):

1. An island answered from the cache vs nginx serving a static file of the same size (and
   vs the same isl server serving that file from dist/), in the same run: wrk at 32 connections (1 wrk thread), requests/s, p99, and the server's CPU
   time per request (what a shared, loaded machine distorts least).
2. A thundering herd: 256 connections opened first, then one request each, all at once,
   for one public island whose stored answer has just expired; renders counted from the
   server's /_isl/metrics (the island's render histogram count). Goal: 1.

Usage: ISL_BIN=build/isl bench/island_cache.py [--seconds 10] [--runs 3]
Builds a two-island site in a temporary folder with that isl binary. Prints JSON.
"""
import argparse
import json
import os
import pathlib
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

HERE = pathlib.Path(__file__).resolve().parent
WRK_LUA = HERE / "tools" / "wrk_json.lua"
sys.path.insert(0, str(HERE / "tools"))
import bench  # noqa: E402  (bench/tools/bench.py: its nginx configuration)

PAGE = """---
import Prices from "../components/Prices.isl";
import Herd from "../components/Herd.isl";
---
<!doctype html>
<html><body><h1>Cache bench</h1><Prices server:defer /><Herd server:defer /></body></html>
"""
# About 1 KB of HTML, like a small product-price island.
PRICES = """---
ctx.set_header("Cache-Control", "public, max-age=3600");
ctx.cache_tag("prices");
std::vector<int> rows = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
---
<table class="prices">{#for int r : rows}<tr><td>Item {r}</td><td>{r * 7}.99 EUR</td><td>in stock</td></tr>{/for}</table>
"""
# Expires after one second; a render takes 50 ms (a database call), so the herd's
# requests all arrive while the first one renders.
HERD = """---
#include <chrono>
#include <thread>
ctx.set_header("Cache-Control", "public, max-age=1");
std::this_thread::sleep_for(std::chrono::milliseconds(50));
---
<p class="herd">fresh</p>
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_listening(port: int, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited ({proc.returncode})")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on {port}")


def start(argv, port, **kw) -> subprocess.Popen:
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
                            start_new_session=True, **kw)
    wait_listening(port, proc)
    return proc


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)


def get(url: str) -> tuple[bytes, dict]:
    with urllib.request.urlopen(url, timeout=10) as r:
        return r.read(), {k.lower(): v for k, v in r.headers.items()}


def cpu_seconds(proc: subprocess.Popen) -> float:
    """User + system CPU of the process and its children (nginx's worker)."""
    pids = [proc.pid]
    try:
        pids += [int(c) for c in pathlib.Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()]
    except OSError:
        pass
    total = 0.0
    for pid in pids:
        try:
            stat = pathlib.Path(f"/proc/{pid}/stat").read_text()
            fields = stat[stat.rfind(")") + 2:].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError, ValueError):
            pass
    return total


def wrk(url: str, seconds: int, server: subprocess.Popen | None = None) -> dict:
    cpu_before = cpu_seconds(server) if server else 0.0
    out = subprocess.run(["wrk", "-t1", "-c32", f"-d{seconds}s", "--latency", "-s", str(WRK_LUA), url],
                         capture_output=True, text=True, timeout=seconds + 60).stdout
    data = json.loads(re.search(r"WRK_JSON (\{.*\})", out).group(1))
    errors = sum(data["errors"].values())
    cpu_us = (cpu_seconds(server) - cpu_before) * 1e6 / max(data["requests"], 1) if server else 0.0
    return {"rps": data["requests"] / (data["duration_us"] / 1e6), "p50_ms": data["latency_us"]["p50"] / 1000,
            "p99_ms": data["latency_us"]["p99"] / 1000, "errors": errors, "cpu_us_per_request": cpu_us}


def metric(base: str, pattern: str) -> float:
    body = get(base + "/_isl/metrics")[0].decode()
    m = re.search("^" + re.escape(pattern) + r" (\S+)$", body, re.M)
    return float(m.group(1)) if m else 0.0


def herd(port: int, target: str, n: int) -> list[str]:
    """n connections opened first, then one request on each at the same moment."""
    socks = [socket.create_connection(("127.0.0.1", port), timeout=30) for _ in range(n)]
    request = f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode()
    go = threading.Barrier(n)
    answers = [""] * n

    def one(i: int) -> None:
        go.wait()
        socks[i].sendall(request)
        data = b""
        while chunk := socks[i].recv(65536):
            data += chunk
        answers[i] = data.decode(errors="replace")
        socks[i].close()

    threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return answers


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    isl = os.environ.get("ISL_BIN", "build/isl")
    work = pathlib.Path(tempfile.mkdtemp(prefix="isl-cache-bench-"))
    procs = []
    try:
        site = work / "site"
        (site / "src" / "pages").mkdir(parents=True)
        (site / "src" / "components").mkdir(parents=True)
        (site / "src" / "pages" / "index.isl").write_text(PAGE)
        (site / "src" / "components" / "Prices.isl").write_text(PRICES)
        (site / "src" / "components" / "Herd.isl").write_text(HERD)
        env = dict(os.environ)
        env["ISL_KEY"] = subprocess.run([isl, "keygen"], capture_output=True, text=True, check=True).stdout.strip()
        subprocess.run([isl, "build", str(site), "-q"], env=env, check=True, timeout=3600)
        html = (site / "dist" / "index.html").read_text()
        urls = {}
        for url, name in re.findall(r"<!--isl-island:(/_server-islands/(Prices|Herd)\?.*?)-->", html):
            urls.setdefault(name, url)

        isl_port, isl1_port, nginx_port = free_port(), free_port(), free_port()
        program = site / ".isl" / "build" / "site"
        serve = [str(program), "serve", "--dist", str(site / "dist"), "--no-access-log", "--island-cache-mb", "64"]
        # The island's answer, also as a static file of the site (the same server without the cache).
        first = start(serve + ["--port", str(isl_port)], isl_port, env=env)
        body = get(f"http://127.0.0.1:{isl_port}" + urls["Prices"])[0]
        stop(first)
        (site / "dist" / "island.html").write_bytes(body)
        isl_proc = start(serve + ["--port", str(isl_port)], isl_port, env=env)  # default: one I/O thread a core
        procs.append(isl_proc)
        isl1_proc = start(serve + ["--port", str(isl1_port), "--threads", "1"], isl1_port, env=env)
        procs.append(isl1_proc)
        base = f"http://127.0.0.1:{isl_port}"
        base1 = f"http://127.0.0.1:{isl1_port}"
        for b in (base, base1):
            body, headers = get(b + urls["Prices"])
            body, headers = get(b + urls["Prices"])
            assert "age" in headers, f"the island was not served from the cache: {headers}"

        root = work / "nginx-root"
        root.mkdir()
        (root / "island.html").write_bytes(body)
        prefix = work / "nginx"
        conf = bench.nginx_config(prefix, nginx_port, root)  # the same nginx as bench/run
        nginx_proc = start(["nginx", "-p", str(prefix), "-e", str(prefix / "error.log"), "-c", str(conf)], nginx_port)
        procs.append(nginx_proc)

        targets = {"isl": (base + urls["Prices"], isl_proc), "isl-1t": (base1 + urls["Prices"], isl1_proc),
                   "isl-static": (base + "/island.html", isl_proc),
                   "nginx": (f"http://127.0.0.1:{nginx_port}/island.html", nginx_proc)}
        runs = {name: [] for name in targets}
        for url, _proc in targets.values():
            wrk(url, 2)  # warm-up
        for _ in range(args.runs):  # interleaved, so all see the same machine load
            for name, (url, proc) in targets.items():
                runs[name].append(wrk(url, args.seconds, proc))

        def median(xs):
            return sorted(xs)[len(xs) // 2]
        result = {"body_bytes": len(body), "seconds": args.seconds, "runs": args.runs}
        for name, rs in runs.items():
            result[name] = {"rps": median([r["rps"] for r in rs]), "p99_ms": median([r["p99_ms"] for r in rs]),
                            "p50_ms": median([r["p50_ms"] for r in rs]), "errors": sum(r["errors"] for r in rs),
                            "cpu_us_per_request": median([r["cpu_us_per_request"] for r in rs]),
                            "all_rps": [round(r["rps"]) for r in rs]}
        result["ratio"] = result["isl"]["rps"] / result["nginx"]["rps"]
        result["ratio_1t"] = result["isl-1t"]["rps"] / result["nginx"]["rps"]

        count = 'isl_island_render_duration_seconds_count{island="Herd"}'
        get(base + urls["Herd"])
        time.sleep(1.2)  # the stored answer is now expired
        before = metric(base, count)
        answers = herd(isl_port, urls["Herd"], 256)
        renders = metric(base, count) - before
        ok = sum(1 for a in answers if a.startswith("HTTP/1.1 200") and "fresh" in a)
        result["herd"] = {"requests": 256, "answered_200": ok, "renders": renders,
                          "coalesced": metric(base, 'isl_island_cache_requests_total{outcome="coalesced"}')}
        print(json.dumps(result, indent=2))
        return 0
    finally:
        for p in procs:
            stop(p)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
