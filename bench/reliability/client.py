"""A small blocking HTTP/1.1 client on raw sockets, bounded in time, for the reliability
runs: it sends exactly the bytes it is given and reads answers by Content-Length, so it
can send what no well-behaved library would."""
from __future__ import annotations

import socket
import time


class Closed(Exception):
    """The server closed (or reset) the connection before a whole answer."""

    def __init__(self, reset: bool):
        super().__init__("reset" if reset else "closed")
        self.reset = reset


class Answer:
    def __init__(self, status: int, headers: dict[str, str], body: bytes):
        self.status = status
        self.headers = headers
        self.body = body

    @property
    def closes(self) -> bool:
        return self.headers.get("connection", "").lower() == "close"


class Conn:
    def __init__(self, port: int, host: str = "127.0.0.1", timeout: float = 5.0, source: str | None = None):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if source:
            self.sock.bind((source, 0))
        self.sock.settimeout(timeout)
        self.sock.connect((host, port))
        self.buf = b""

    def close(self) -> None:
        try:
            self.sock.close()
        except OSError:
            pass

    def send(self, data: bytes) -> bool:
        try:
            self.sock.sendall(data)
            return True
        except OSError:
            return False

    def _fill(self) -> None:
        try:
            chunk = self.sock.recv(65536)
        except ConnectionResetError as e:
            raise Closed(True) from e
        except socket.timeout:
            raise
        except OSError as e:
            raise Closed(True) from e
        if not chunk:
            raise Closed(False)
        self.buf += chunk

    def read(self, head: bool = False) -> Answer:
        """One answer (interim 1xx skipped). Raises Closed, or socket.timeout."""
        while True:
            while b"\r\n\r\n" not in self.buf:
                self._fill()
            end = self.buf.index(b"\r\n\r\n")
            lines = self.buf[:end].decode("latin-1").split("\r\n")
            self.buf = self.buf[end + 4:]
            parts = lines[0].split(" ", 2)
            if len(parts) < 2 or not parts[0].startswith("HTTP/1."):
                raise ValueError("bad status line: " + lines[0][:80])
            status = int(parts[1])
            headers = {}
            for line in lines[1:]:
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
            if 100 <= status < 200:
                continue
            length = 0 if head or status in (204, 304) else int(headers.get("content-length", "0"))
            while len(self.buf) < length:
                self._fill()
            body, self.buf = self.buf[:length], self.buf[length:]
            return Answer(status, headers, body)

    def wait_closed(self, within: float) -> str:
        """'closed' (FIN), 'reset', or 'open' after `within` seconds; data is discarded."""
        deadline = time.monotonic() + within
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return "open"
            self.sock.settimeout(left)
            try:
                if not self.sock.recv(65536):
                    return "closed"
            except socket.timeout:
                return "open"
            except OSError:
                return "reset"


def request(path: str, host: str = "localhost", method: str = "GET", headers: str = "", close: bool = False) -> bytes:
    text = f"{method} {path} HTTP/1.1\r\nHost: {host}\r\n{headers}"
    if close:
        text += "Connection: close\r\n"
    return (text + "\r\n").encode("latin-1")


def get(port: int, path: str, timeout: float = 5.0, source: str | None = None) -> Answer:
    c = Conn(port, timeout=timeout, source=source)
    try:
        c.send(request(path, close=True))
        return c.read()
    finally:
        c.close()


def healthy(port: int, timeout: float = 2.0) -> bool:
    try:
        a = get(port, "/_isl/health", timeout)
        return a.status == 200 and a.body == b"ok"
    except (OSError, Closed, ValueError):
        return False
