"""The servers the benchmark starts: each in its own process group, stopped at exit whatever happens;
their CPU time and memory from /proc."""
from __future__ import annotations

import atexit
import http.client
import os
import pathlib
import re
import signal
import socket
import subprocess
import sys
import time

from common import WORK


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
