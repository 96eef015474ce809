"""The HTTP part: wrk against isl, Astro's Node server and nginx, side by side."""
from __future__ import annotations

import json
import os
import pathlib
import re
import resource
import shutil
import socket
import sqlite3
import statistics
import time

from common import BENCH, CONNECTIONS, env_int, ISL, RUNS, SECONDS, WARMUP, WORK, WRK_THREADS, log, run
from servers import Server, free_port, http_get, render_placement
from setup import ASTRO_DIR, astro_build, astro_env, isl_build, isl_env, node_bin


ISLAND_ENDPOINTS = ("island_stock", "island_table")
STATIC_ENDPOINTS = ("static_3k", "static_100k")
ONDEMAND_ENDPOINTS = ("ondemand",)
ENDPOINTS = ISLAND_ENDPOINTS + STATIC_ENDPOINTS + ONDEMAND_ENDPOINTS
ENDPOINT_LABEL = {
    "island_stock": "island StockStatus",
    "island_table": "island PriceTable (50 rows)",
    "static_3k": "static page, ~3 KB",
    "static_100k": "static page, ~100 KB",
    "ondemand": "on-demand page, 50 rows from SQLite",
}
SERVER_LABEL = {
    "isl-1t": "`isl serve --threads 1`",
    "isl": "`isl serve`",
    "isl-nolog": "`isl serve --no-access-log`",
    "astro": "Astro (Node)",
    "nginx": "nginx",
}
IDLE_CONNECTIONS = env_int("BENCH_IDLE_CONNECTIONS", 10000)  # the many-connections part
IDLE_PER_ADDRESS = 200  # under isl's default --max-connections-per-address (256)


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
worker_rlimit_nofile 20000;  # the many-connections part: 10,000 idle beside the busy ones
daemon off;
{user}pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 16384; }}
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




def write_rows_db(path: pathlib.Path) -> None:
    """The on-demand page's data, the same file for isl and Astro: catalog::rows as a table."""
    adjectives = ["Slow", "Bright", "Quiet", "Copper", "Smoky", "Golden", "Little", "Rustic", "Misty", "Crisp"]
    nouns = ["Kettle", "Dripper", "Grinder", "Mug", "Teapot", "Scale", "Filter", "Tin", "Whisk", "Carafe"]
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE products (id INTEGER PRIMARY KEY, name TEXT NOT NULL, sku TEXT NOT NULL, "
               "price_cents INTEGER NOT NULL, quantity INTEGER NOT NULL)")
    db.executemany("INSERT INTO products VALUES (?, ?, ?, ?, ?)",
                   [(i, f"{adjectives[i % 10]} {nouns[(i * 3) % 10]} & Co", f"SKU-{100000 + i}",
                     500 + (i * 137) % 9500, (i * 7919) % 23) for i in range(1, 1001)])
    db.commit()
    db.close()


def same_size_root(isl_dist: pathlib.Path, root: pathlib.Path, bodies: dict[str, bytes]) -> dict[str, str]:
    """nginx's root: isl's dist/ and, for each island, a static file holding the island's
    own answer, so that an island is compared with nginx sending the same bytes."""
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(isl_dist, root)
    (root / "_same-size").mkdir()
    paths = {}
    for ep, body in bodies.items():
        (root / "_same-size" / f"{ep}.html").write_bytes(body)
        paths[ep] = f"/_same-size/{ep}.html"
    return paths


def raise_open_files_limit() -> int:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def open_idle(port: int, path: str, count: int) -> list[socket.socket]:
    """`count` keep-alive connections that have each had one answer and then stay idle; from
    127.0.0.2, 127.0.0.3, ... (IDLE_PER_ADDRESS each), so no address passes isl's default
    per-address limit. All are connected first, then each sends its request, then each reads."""
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode()
    socks = []
    try:
        for i in range(count):
            s = socket.socket()
            s.bind((f"127.0.0.{2 + i // IDLE_PER_ADDRESS}", 0))
            s.settimeout(30)
            s.connect(("127.0.0.1", port))
            socks.append(s)
        for s in socks:
            s.sendall(request)
        for s in socks:
            head = b""
            while b"\r\n\r\n" not in head:
                chunk = s.recv(65536)
                if not chunk:
                    raise RuntimeError("an idle connection was closed before its answer")
                head += chunk
            length = int(re.search(rb"(?i)content-length: *(\d+)", head).group(1))
            body = head[head.index(b"\r\n\r\n") + 4:]
            while len(body) < length:
                body += s.recv(65536)
    except BaseException:
        close_all(socks)
        raise
    return socks


def close_all(socks: list[socket.socket]) -> None:
    for s in socks:
        try:
            s.close()
        except OSError:
            pass


def still_open(socks: list[socket.socket]) -> int:
    """How many idle connections the server kept (a closed one reads end of file)."""
    n = 0
    for s in socks:
        s.setblocking(False)
        try:
            n += 1 if s.recv(1) else 0
        except BlockingIOError:
            n += 1
        except OSError:
            pass
    return n


def many_connections(servers: dict[str, "Server"], paths: dict, conns: int) -> dict:
    """The busy rate at `conns` connections without and with IDLE_CONNECTIONS idle keep-alive
    connections open, and the server's RSS with them open; isl and nginx, in turn."""
    limit = raise_open_files_limit()
    out = {"idle_connections": IDLE_CONNECTIONS, "per_address": IDLE_PER_ADDRESS, "busy_connections": conns,
           "open_files_limit": limit, "runs": {}}
    for r in range(RUNS):
        for name in ("isl", "nginx"):
            s = servers[name]
            path = paths[name]["static_3k"]
            log(f"run {r + 1}/{RUNS}: {name:9} many connections: {conns} busy, then beside {IDLE_CONNECTIONS} idle")
            cpu0 = s.cpu_seconds()
            base = wrk(s.port, path, conns, SECONDS)
            base["server_cpu_s"] = s.cpu_seconds() - cpu0
            rss_before = s.memory_kb()["VmRSS"]
            t0 = time.monotonic()
            socks = open_idle(s.port, path, IDLE_CONNECTIONS)
            opened_s = time.monotonic() - t0
            try:
                rss_idle = s.memory_kb()
                cpu0 = s.cpu_seconds()
                busy = wrk(s.port, path, conns, SECONDS)
                busy["server_cpu_s"] = s.cpu_seconds() - cpu0
                kept = still_open(socks)
                rss_after = s.memory_kb()
            finally:
                close_all(socks)
            out["runs"].setdefault(name, []).append({
                "without": base, "with": busy, "rss_kb_before": rss_before, "rss_kb_idle": rss_idle["VmRSS"],
                "rss_kb_after_load": rss_after["VmRSS"], "idle_still_open": kept, "open_seconds": opened_s})
            time.sleep(1)  # the closed sockets leave the server before the next measurement
    out["median"] = {}
    for name, runs in out["runs"].items():
        out["median"][name] = {
            "rps_without": statistics.median(x["without"]["rps"] for x in runs),
            "rps_with": statistics.median(x["with"]["rps"] for x in runs),
            "p99_ms_with": statistics.median(x["with"]["latency_us"]["p99"] for x in runs) / 1000,
            "rss_kb_idle": statistics.median(x["rss_kb_idle"] for x in runs),
            "rss_kb_before": statistics.median(x["rss_kb_before"] for x in runs),
            "idle_still_open": min(x["idle_still_open"] for x in runs),
            "errors_with": sum(x["with"]["error_count"] for x in runs),
        }
    return out


def http_bench() -> dict:
    # The sites, and the on-demand page's SQLite file (the same for both).
    isl_site = WORK / "http" / "isl"
    astro_site = ASTRO_DIR / "http"
    for src, dst in ((BENCH / "sites" / "isl", isl_site), (BENCH / "sites" / "astro", astro_site)):
        if dst.exists():
            shutil.rmtree(dst)
        shutil.copytree(src, dst)
    db = WORK / "http" / "rows.db"
    write_rows_db(db)
    log("building the HTTP site with isl and with Astro")
    isl_build(isl_site, isl_env(ccache=True))
    astro_build(astro_site)
    isl_dist, astro_dist = isl_site / "dist", astro_site / "dist" / "client"
    iu, au = island_urls_isl(isl_dist / "islands" / "index.html"), island_urls_astro(astro_dist / "islands" / "index.html")
    paths = {
        "isl": {"island_stock": iu["StockStatus"], "island_table": iu["PriceTable"],
                "static_3k": "/small/", "static_100k": "/large/", "ondemand": "/rows/"},
        "astro": {"island_stock": au["StockStatus"], "island_table": au["PriceTable"],
                  "static_3k": "/small/", "static_100k": "/large/", "ondemand": "/rows/"},
    }
    paths["isl-1t"] = paths["isl"]
    paths["isl-nolog"] = {ep: paths["isl"][ep] for ep in ("island_stock", "static_3k")}

    # The servers, all started before the first run so that every measurement of a request
    # is taken beside its peers' within minutes. isl runs as a user runs it: `isl serve`,
    # access log on (to /dev/null: what is measured is the server's side of logging).
    servers: dict[str, Server] = {}
    serve_env = isl_env({"BENCH_DB": str(db)})
    # 10,000 idle + the busy connections pass the default --max-connections (10,000).
    limits = ["--max-connections", str(IDLE_CONNECTIONS + 2000)]
    for name, extra in (("isl-1t", ["--threads", "1"]), ("isl", []), ("isl-nolog", ["--no-access-log"])):
        p = free_port()
        servers[name] = Server(name, [ISL, "serve", isl_site, "--host", "127.0.0.1", "--port", p, *extra, *limits],
                               port=p, env=serve_env, stdout_to_null=True)
    for s in servers.values():
        s.start()
    bodies = {ep: http_get(servers["isl"].port, paths["isl"][ep])[2] for ep in ISLAND_ENDPOINTS}
    prefix = WORK / "nginx"
    same = same_size_root(isl_dist, WORK / "http" / "nginx-root", bodies)
    paths["nginx"] = {"static_3k": "/small/", "static_100k": "/large/", **same}
    p = free_port()
    aenv = astro_env()
    aenv.update({"HOST": "127.0.0.1", "PORT": str(p), "NODE_ENV": "production", "BENCH_DB": str(db)})
    servers["astro"] = Server("astro", [node_bin(), astro_site / "dist" / "server" / "entry.mjs"], port=p, env=aenv,
                              cwd=astro_site)
    p = free_port()
    conf = nginx_config(prefix, p, WORK / "http" / "nginx-root")
    servers["nginx"] = Server("nginx", ["nginx", "-p", prefix, "-e", prefix / "error.log", "-c", conf], port=p)
    for name in ("astro", "nginx"):
        log(f"starting {name} on 127.0.0.1:{servers[name].port}")
        servers[name].start()

    # Every request answers 200 with the expected content before anything is measured.
    responses = {}
    for name, endpoints in paths.items():
        for ep, path in endpoints.items():
            status, headers, body = http_get(servers[name].port, path)
            if status != 200:
                raise RuntimeError(f"{name} {path}: status {status}: {body[:300]!r}")
            responses.setdefault(ep, {})[name] = {"path": path, "bytes": len(body),
                                                  "content_type": headers.get("content-type", "")}
    for ep, marker in (("island_stock", b'class="stock-status"'), ("island_table", b'class="price-table"'),
                       ("ondemand", b"Bright Mug &amp; Co")):
        for name in ("isl", "astro"):
            body = http_get(servers[name].port, paths[name][ep])[2]
            if marker not in body or (ep == "ondemand" and body.count(b"<tr class=") != 50):
                raise RuntimeError(f"{name} {ep}: the answer is not what the benchmark expects")

    # The plan: each request at each connection count, on every server that answers it.
    top = max(CONNECTIONS)
    plan = []
    for conns in CONNECTIONS:
        for ep in ENDPOINTS:
            names = [n for n in ("isl-1t", "isl", "astro", "nginx") if ep in paths[n]]
            if conns == top:
                names += [n for n in ("isl-nolog",) if ep in paths[n]]
            plan += [(ep, conns, n) for n in names]

    log(f"warm-up: {WARMUP} s per server and request")
    for name, endpoints in paths.items():
        for ep, path in endpoints.items():
            if WARMUP > 0:
                wrk(servers[name].port, path, top, WARMUP)

    results: dict[tuple, list] = {}
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
    placement = {name: render_placement(servers[name].port) for name in ("isl-1t", "isl", "isl-nolog")
                 if name in servers and servers[name].alive()}
    many = many_connections(servers, paths, top) if IDLE_CONNECTIONS > 0 else None
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
                         "wrk_threads": WRK_THREADS, "isl_limits": limits},
            "responses": responses, "cells": cells, "rss_kb": rss, "crashes": crashes,
            "render_placement": placement, "many_connections": many}
