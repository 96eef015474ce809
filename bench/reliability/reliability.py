#!/usr/bin/env python3
"""isl's reliability run (docs/reliability.md): a built site served by `isl serve`, then

  soak      mixed load (pages, islands, on-demand pages, 404s) on N keep-alive connections:
            errors and p99 per minute, RSS every 30 s
  sigterm   SIGTERM under load: every request in flight answered, idle connections closed
            cleanly (FIN, not reset)
  kill9     kill -9 under load, then a new server: time until it answers
  flood     silent connections from one address: another address is still served, and
            the flood is refused or closed at the first-byte timeout
  hostile   the table of bench/reliability/hostile.py, each input followed by a health check
  variety   many distinct requests (made-up islands, paths, queries): RSS and metric labels
            stay bounded

  bench/reliability/reliability.py [--short] [--site DIR] [--isl BIN] [--only a,b] [--json FILE]

--short runs each phase for seconds (what ctest runs); without it the soak lasts
--soak-seconds (600). Without --site, a site made by `isl new` in a temporary folder.
Exit status 0 when every check held.
"""
from __future__ import annotations

import argparse
import concurrent.futures
import datetime
import json
import os
import pathlib
import random
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import client  # noqa: E402
import hostile  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="


def log(*a):
    print(*a, flush=True)


def free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def rss_kib(pid: int) -> int:
    try:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class Site:
    """A built site and the server serving it (restartable)."""

    def __init__(self, isl: str, site: pathlib.Path, extra: list[str]):
        self.isl, self.site, self.extra = isl, site, extra
        self.port = free_port()
        self.proc: subprocess.Popen | None = None
        self.log = open(site / ".isl" / "reliability-server.log", "ab")

    def start(self) -> float:
        """Starts the server; seconds until /_isl/health answered."""
        env = dict(os.environ, ISL_KEY=KEY)
        t0 = time.monotonic()
        self.proc = subprocess.Popen([self.isl, "serve", str(self.site), "--port", str(self.port), "--no-access-log",
                                      *self.extra], env=env, stdout=self.log, stderr=self.log)
        while time.monotonic() - t0 < 30:
            if client.healthy(self.port, 0.5):
                return time.monotonic() - t0
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}")
            time.sleep(0.005)
        raise RuntimeError("server did not answer within 30 s")

    def stop(self, sig=signal.SIGTERM) -> int:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                return self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                return self.proc.wait()
        return self.proc.returncode if self.proc else 0

    @property
    def pid(self) -> int:
        return self.proc.pid if self.proc else 0


def discover(site: Site) -> dict:
    """What to request: the prerendered pages and the island URLs they hold."""
    dist = site.site / "dist"
    pages = []
    for f in sorted(dist.rglob("*.html")):
        rel = "/" + f.relative_to(dist).as_posix()
        if rel.endswith("/index.html"):
            rel = rel[: -len("index.html")]
        if rel != "/404.html":
            pages.append(rel)
    islands = set()
    for p in pages[:200]:
        try:
            body = client.get(site.port, p).body.decode("utf-8", "replace")
        except (OSError, client.Closed):
            continue
        islands.update(m.replace("&amp;", "&") for m in re.findall(r"isl-island:(/_server-islands/[^ \"<>]+?)-->", body))
    return {"pages": pages or ["/"], "islands": sorted(islands), "on_demand": on_demand_pages(site.site),
            "notfound": ["/no-such-page", "/x/y/z.html"]}


def on_demand_pages(site_dir: pathlib.Path) -> list[str]:
    """The routes of the site's on-demand pages (`prerender = false`) without parameters."""
    root = site_dir / "src" / "pages"
    routes = []
    for f in sorted(root.rglob("*.isl")):
        rel = f.relative_to(root).with_suffix("").as_posix()
        if "[" in rel or not re.search(r"\bprerender\s*=\s*false\b", f.read_text(errors="replace")):
            continue
        route = "/" + (rel[: -len("index")] if rel.endswith("index") else rel)
        routes.append(route.rstrip("/") or "/")
    return routes


def load(port: int, urls: list[tuple[str, tuple]], seconds: float, connections: int, stop: threading.Event | None = None,
         on_result=None) -> dict:
    """Keep-alive connections each sending requests for `seconds`; counts and latencies."""
    lock = threading.Lock()
    out = {"requests": 0, "errors": 0, "latencies": [], "error_samples": [], "error_kinds": {}}
    deadline = time.monotonic() + seconds

    def worker(i: int):
        rng = random.Random(i)
        conn = None
        while time.monotonic() < deadline and not (stop and stop.is_set()):
            path, ok = urls[rng.randrange(len(urls))]
            try:
                if conn is None:
                    conn = client.Conn(port, timeout=10)
                t0 = time.monotonic()
                conn.send(client.request(path))
                a = conn.read()
                dt = time.monotonic() - t0
                good = a.status in ok
                with lock:
                    out["requests"] += 1
                    out["latencies"].append(dt)
                    if not good:
                        out["errors"] += 1
                        out["error_kinds"]["status"] = out["error_kinds"].get("status", 0) + 1
                        if len(out["error_samples"]) < 5:
                            out["error_samples"].append(f"{path}: {a.status}")
                if on_result:
                    on_result(t0, dt, good)
                if a.closes:
                    conn.close()
                    conn = None
            except (OSError, client.Closed, ValueError) as e:
                kind = ("reset" if e.reset else "closed") if isinstance(e, client.Closed) else \
                    "refused" if isinstance(e, ConnectionRefusedError) else \
                    "timeout" if isinstance(e, socket.timeout) else "other"
                with lock:
                    out["errors"] += 1
                    out["error_kinds"][kind] = out["error_kinds"].get(kind, 0) + 1
                    if len(out["error_samples"]) < 5 and kind != "refused":
                        out["error_samples"].append(f"{kind} {path}: {e!r}")
                if on_result:
                    on_result(time.monotonic(), 0, False)
                if conn:
                    conn.close()
                conn = None
                if kind == "refused":
                    time.sleep(0.01)  # no server (being restarted): do not spin
        if conn:
            conn.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return out


def p99(values: list[float]) -> float:
    if not values:
        return 0.0
    v = sorted(values)
    return v[min(len(v) - 1, int(len(v) * 0.99))]


def mixed_urls(targets: dict) -> list[tuple[str, tuple]]:
    urls = [(p, (200,)) for p in targets["pages"]]
    urls += [(i, (200,)) for i in targets["islands"]] * 3
    # On-demand pages answer 200, or a redirect when they need a session (the shop's).
    urls += [(o, (200, 302, 303)) for o in targets.get("on_demand", [])] * 2
    urls += [(n, (404,)) for n in targets["notfound"]]
    return urls


# --- phases ------------------------------------------------------------------------------


def phase_soak(site: Site, targets: dict, seconds: float, connections: int) -> dict:
    minutes: dict[int, dict] = {}
    lock = threading.Lock()
    start = time.monotonic()

    def on_result(t0, dt, good):
        m = int((t0 - start) // 60)
        with lock:
            bucket = minutes.setdefault(m, {"requests": 0, "errors": 0, "lat": []})
            bucket["requests"] += 1
            bucket["errors"] += 0 if good else 1
            if good:
                bucket["lat"].append(dt)

    rss = []
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            rss.append((round(time.monotonic() - start), rss_kib(site.pid)))
            stop.wait(min(30, max(1, seconds / 4)))

    sampler = threading.Thread(target=sample)
    sampler.start()
    r = load(site.port, mixed_urls(targets), seconds, connections, on_result=on_result)
    stop.set()
    sampler.join()
    rss.append((round(time.monotonic() - start), rss_kib(site.pid)))
    per_minute = [{"minute": m, "requests": b["requests"], "errors": b["errors"], "p99_ms": round(p99(b["lat"]) * 1000, 2)}
                  for m, b in sorted(minutes.items())]
    rss_values = [v for _, v in rss if v]
    # Flat: the last sample within 25% (and 8 MiB) of the one after the first quarter.
    settled = rss_values[min(1, len(rss_values) - 1)] if rss_values else 0
    flat = not rss_values or rss_values[-1] <= max(settled * 1.25, settled + 8192)
    return {"seconds": seconds, "connections": connections, "requests": r["requests"], "errors": r["errors"],
            "error_kinds": r["error_kinds"],
            "error_samples": r["error_samples"], "p99_ms": round(p99(r["latencies"]) * 1000, 2),
            "per_minute": per_minute, "rss_kib": rss, "ok": r["errors"] == 0 and r["requests"] > 0 and flat}


def phase_sigterm(site: Site, targets: dict, seconds: float) -> dict:
    """Load on 16 connections plus 16 idle keep-alive ones; SIGTERM; what each saw."""
    idle = []
    for _ in range(16):
        c = client.Conn(site.port, timeout=10)
        c.send(client.request("/"))
        c.read()
        idle.append(c)
    stop = threading.Event()
    results = {}
    t = threading.Thread(target=lambda: results.update(load(site.port, mixed_urls(targets), seconds + 30, 16, stop)))
    t.start()
    time.sleep(seconds)
    site.proc.send_signal(signal.SIGTERM)
    # A request on each idle connection right after the signal: answered, or a clean close
    # (a client retries those); a reset is a loss.
    outcomes = {"answered": 0, "closed": 0, "reset": 0}
    for c in idle:
        if not c.send(client.request("/")):
            outcomes["reset"] += 1
            continue
        try:
            c.read()
            outcomes["answered"] += 1
        except client.Closed as e:
            outcomes["reset" if e.reset else "closed"] += 1
        except (OSError, ValueError):
            outcomes["reset"] += 1
        c.close()
    code = site.proc.wait(30)
    stop.set()
    t.join()
    # A request in flight dropped: a reset, a wrong status or no answer at all. A clean close
    # of a keep-alive connection (retried by clients) and refused connections once the
    # listener closed are what stopping means.
    kinds = results.get("error_kinds", {})
    dropped = kinds.get("reset", 0) + kinds.get("timeout", 0) + kinds.get("status", 0) + kinds.get("other", 0)
    return {"exit_code": code, "requests": results.get("requests", 0), "after_signal": kinds,
            "idle": outcomes, "dropped_in_flight": dropped, "samples": results.get("error_samples", []),
            "ok": code == 0 and outcomes["reset"] == 0 and dropped == 0}


def phase_kill9(site: Site, targets: dict, seconds: float) -> dict:
    stop = threading.Event()
    t = threading.Thread(target=lambda: load(site.port, mixed_urls(targets), seconds + 30, 8, stop))
    t.start()
    time.sleep(seconds)
    site.proc.send_signal(signal.SIGKILL)
    site.proc.wait()
    back = site.start()
    stop.set()
    t.join()
    return {"back_after_ms": round(back * 1000, 1), "ok": back < 5}


def phase_flood(site: Site, sockets: int, first_byte_timeout: float) -> dict:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    flood = []
    t0 = time.monotonic()
    for _ in range(sockets):
        try:
            s = socket.socket()
            s.settimeout(2)
            s.connect(("127.0.0.1", site.port))
            flood.append(s)
        except OSError:
            break
    opened = time.monotonic() - t0
    # Another client (another address: 127.0.0.2) during the flood.
    served, worst = 0, 0.0
    for _ in range(20):
        t = time.monotonic()
        try:
            a = client.get(site.port, "/", timeout=5, source="127.0.0.2")
            served += a.status == 200
        except (OSError, client.Closed, ValueError):
            pass
        worst = max(worst, time.monotonic() - t)
    # The flood's fate: refused at once (503 or closed) or closed at the first-byte timeout.
    time.sleep(first_byte_timeout + 1)
    closed = 0
    for s in flood:
        s.setblocking(False)
        try:
            closed += s.recv(4096, socket.MSG_PEEK) is not None
        except BlockingIOError:
            pass
        except OSError:
            closed += 1
        s.close()
    resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    healthy = client.healthy(site.port)
    return {"sockets": len(flood), "open_seconds": round(opened, 2), "other_client_served": served,
            "other_client_worst_ms": round(worst * 1000, 1), "flood_closed_after_timeout": closed,
            "ok": served == 20 and closed == len(flood) and healthy}


def run_hostile_entry(port: int, e: dict, read_timeout: float) -> dict:
    bound = read_timeout + 3 if e["slow"] else 5.0
    t0 = time.monotonic()
    outcome, status = "open", None
    try:
        c = client.Conn(port, timeout=bound)
    except OSError as ex:
        return {"name": e["name"], "outcome": "connect failed " + repr(ex), "ok": False, "healthy": client.healthy(port)}
    try:
        c.send(e["head"])
        if e["piece"]:
            sent = len(e["head"])
            import select
            while sent < hostile.ENDLESS_BYTES and not select.select([c.sock], [], [], 0)[0]:
                if not c.send(e["piece"]):
                    break
                sent += len(e["piece"])
        try:
            c.sock.settimeout(max(0.1, bound - (time.monotonic() - t0)))
            a = c.read()
            status, outcome = a.status, "answered"
        except client.Closed as ex:
            outcome = "reset" if ex.reset else "closed"
        except socket.timeout:
            outcome = "open"
        except ValueError:
            outcome = "garbage answer"
    finally:
        c.close()
    took = time.monotonic() - t0
    x = e["expect"]
    if outcome == "answered":
        if isinstance(x, int):
            ok = status == x
        elif x == "4xx":
            ok = 400 <= status < 500 or status in (501, 505)
        elif x == "ok":
            ok = 200 <= status < 400 or status == 404
        elif x == "bounded":
            ok = status < 500
        else:
            ok = status >= 400
    else:
        ok = x in ("close", "bounded") and outcome in ("closed", "reset")
    ok = ok and took <= bound
    healthy = client.healthy(port)
    return {"name": e["name"], "outcome": outcome, "status": status, "seconds": round(took, 3), "ok": ok and healthy,
            "healthy": healthy}


def phase_hostile(site: Site, targets: dict, read_timeout: float) -> dict:
    island = targets["islands"][0].split("?")[0] if targets["islands"] else "/_server-islands/Nope"
    table = hostile.table(island)
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        rows = list(pool.map(lambda e: run_hostile_entry(site.port, e, read_timeout), table))
    failed = [r for r in rows if not r["ok"]]
    return {"inputs": len(rows), "failed": failed, "rss_kib": rss_kib(site.pid), "ok": not failed and len(rows) >= 120}


def phase_variety(site: Site, targets: dict, seconds: float) -> dict:
    before = rss_kib(site.pid)
    rng = random.Random(5)
    count, errors = 0, 0
    deadline = time.monotonic() + seconds
    conn = None
    while time.monotonic() < deadline:
        kind = rng.randrange(5)
        token = "%x" % rng.getrandbits(48)
        if kind == 0:
            path = f"/_server-islands/Made{token}?p={token}&s={token}"
        elif kind == 1:
            path = f"/{token}/{token}.html"
        elif kind == 2:
            path = rng.choice(targets["pages"]) + f"?q={token}"
        elif kind == 3 and targets["islands"]:
            path = rng.choice(targets["islands"]) + f"&x={token}"
        else:
            path = f"/static-{token}.js"
        headers = f"Accept-Encoding: {rng.choice(['gzip', 'br', 'identity', 'gzip, br', token])}\r\n"
        try:
            if conn is None:
                conn = client.Conn(site.port, timeout=10)
            conn.send(client.request(path, headers=headers))
            a = conn.read()
            count += 1
            errors += a.status >= 500
        except (OSError, client.Closed, ValueError):
            errors += 1
            conn = None
    after = rss_kib(site.pid)
    metrics = client.get(site.port, "/_isl/metrics").body.decode()
    labels = set(re.findall(r'island="([^"]*)"', metrics))
    made_up = sorted(lbl for lbl in labels if lbl.startswith("Made"))
    return {"requests": count, "errors": errors, "rss_before_kib": before, "rss_after_kib": after,
            "island_labels": sorted(labels), "made_up_labels": len(made_up),
            "ok": errors == 0 and not made_up and after <= before + 32 * 1024}


# --- main --------------------------------------------------------------------------------


def make_site(isl: str, work: pathlib.Path) -> pathlib.Path:
    site = work / "site"
    subprocess.run([isl, "new", str(site)], check=True, stdout=subprocess.DEVNULL)
    return site


def build(isl: str, site: pathlib.Path):
    env = dict(os.environ, ISL_KEY=KEY)
    r = subprocess.run([isl, "build", "-q", str(site)], env=env, capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError("isl build failed:\n" + r.stdout + r.stderr)


def cpu_model() -> str:
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--short", action="store_true", help="seconds per phase (the ctest version)")
    ap.add_argument("--site", help="a site folder (built if needed); default: `isl new` in a temporary folder")
    ap.add_argument("--isl", default=str(ROOT / "build" / "isl"))
    ap.add_argument("--only", default="soak,sigterm,kill9,flood,hostile,variety")
    ap.add_argument("--soak-seconds", type=float, default=600)
    ap.add_argument("--connections", type=int, default=32)
    ap.add_argument("--flood", type=int, default=10000)
    ap.add_argument("--json", help="write the results here")
    a = ap.parse_args()
    phases = a.only.split(",")
    short = a.short
    soak_s = 5 if short else a.soak_seconds
    phase_s = 2 if short else 10
    flood_n = min(a.flood, 600) if short else a.flood
    conns = 8 if short else a.connections
    first_byte = 1.0 if short else 5.0
    read_timeout = 2.0 if short else 15.0

    work = pathlib.Path(tempfile.mkdtemp(prefix="isl-reliability-"))
    try:
        site_dir = pathlib.Path(a.site).resolve() if a.site else make_site(a.isl, work)
        log(f"building {site_dir}")
        build(a.isl, site_dir)
        extra = ["--first-byte-timeout-ms", str(int(first_byte * 1000)), "--read-timeout-ms", str(int(read_timeout * 1000))]
        site = Site(a.isl, site_dir, extra)
        site.start()
        targets = discover(site)
        log(f"{len(targets['pages'])} pages, {len(targets['islands'])} island URLs, "
            f"{len(targets['on_demand'])} on-demand pages {targets['on_demand']}")
        results = {"date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
                   "cpu": cpu_model(), "cores": os.cpu_count(), "short": short, "site": str(site_dir)}
        for name in ["soak", "variety", "hostile", "flood", "sigterm", "kill9"]:
            if name not in phases:
                continue
            if site.proc.poll() is not None:
                site.start()
            t0 = time.monotonic()
            if name == "soak":
                r = phase_soak(site, targets, soak_s, conns)
            elif name == "variety":
                r = phase_variety(site, targets, phase_s * 2)
            elif name == "hostile":
                r = phase_hostile(site, targets, read_timeout)
            elif name == "flood":
                r = phase_flood(site, flood_n, first_byte)
            elif name == "sigterm":
                r = phase_sigterm(site, targets, phase_s)
            else:
                r = phase_kill9(site, targets, phase_s)
            r["phase_seconds"] = round(time.monotonic() - t0, 1)
            results[name] = r
            log(f"{name}: {'ok' if r['ok'] else 'FAILED'} {json.dumps({k: v for k, v in r.items() if k not in ('rss_kib', 'per_minute', 'failed', 'island_labels')})}")
            if name == "hostile":
                for f in r["failed"]:
                    log(f"  hostile input failed: {f}")
        site.stop()
        if a.json:
            pathlib.Path(a.json).write_text(json.dumps(results, indent=1) + "\n")
        failed = [n for n in phases if n in results and not results[n]["ok"]]
        log("reliability: " + ("all checks held" if not failed else "FAILED: " + ", ".join(failed)))
        return 0 if not failed else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
