"""The HTTP part: wrk against isl, Astro's Node server and nginx, side by side."""
from __future__ import annotations

import json
import os
import pathlib
import re
import shutil
import statistics

from common import BENCH, CONNECTIONS, ISL, RUNS, SECONDS, WARMUP, WORK, WRK_THREADS, log, run
from servers import Server, free_port, http_get, render_placement
from setup import ASTRO_DIR, astro_build, astro_env, isl_build, isl_env, node_bin


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
