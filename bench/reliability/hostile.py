"""The hostile table: requests an attacker sends, each with what the server must do.

An entry is (name, head, piece, expect): `head` is sent, then `piece` again and again (up to
ENDLESS_BYTES) until the server answers or closes, for inputs that never end. `expect`:
  an int     that status, then the connection closed or usable
  "4xx"      any 400..499 (or 501, 505: refusing what is not implemented)
  "ok"       2xx/3xx/404: an ordinary answer
  "close"    an answer of 4xx/5xx, or a close without one (garbage that is not HTTP)
  "bounded"  any answer below 500, or a close
Every entry must be answered or closed within its bound (seconds; "slow" entries wait for
the read timeout), and /_isl/health must answer right after it.
"""
from __future__ import annotations

import random

ENDLESS_BYTES = 4 << 20

H = "Host: x\r\n"


def _e(name, head, expect, piece=b"", slow=False):
    if isinstance(head, str):
        head = head.encode("latin-1")
    if isinstance(piece, str):
        piece = piece.encode("latin-1")
    return {"name": name, "head": head, "piece": piece, "expect": expect, "slow": slow}


def table(island: str = "/_server-islands/Nope") -> list[dict]:
    t = []
    post = "POST /_server-islands/X HTTP/1.1\r\n" + H
    chunked = post + "Transfer-Encoding: chunked\r\n\r\n"

    # Request lines.
    for name, line in [
        ("no version", "GET /\r\n\r\n"), ("bad version", "GET / HTTP/1.2\r\n\r\n"),
        ("HTTP/2 version", "GET / HTTP/2.0\r\n\r\n"), ("HTTP/0.9", "GET /\n"), ("ftp version", "GET / FTP/1.0\r\n\r\n"),
        ("lower-case version", "GET / http/1.1\r\n\r\n"), ("two spaces", "GET  / HTTP/1.1\r\n\r\n"),
        ("tab separator", "GET\t/ HTTP/1.1\r\n\r\n"), ("trailing space", "GET / HTTP/1.1 \r\n\r\n"),
        ("extra token", "GET / HTTP/1.1 x\r\n\r\n"), ("bare LF", "GET / HTTP/1.1\n" + H + "\n"),
        ("bare CR", "GET / HTTP/1.1\r" + H + "\r\r"), ("no method", " / HTTP/1.1\r\n\r\n"),
        ("method with @", "G@T / HTTP/1.1\r\n\r\n"), ("unknown method", "BREW / HTTP/1.1\r\n" + H + "\r\n"),
        ("DELETE", "DELETE / HTTP/1.1\r\n" + H + "\r\n"), ("CONNECT", "CONNECT x:443 HTTP/1.1\r\n" + H + "\r\n"),
        ("TRACE", "TRACE / HTTP/1.1\r\n" + H + "\r\n"), ("OPTIONS *", "OPTIONS * HTTP/1.1\r\n" + H + "\r\n"),
        ("PRI (HTTP/2 preface)", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"), ("only CRLFs", "\r\n\r\n\r\n\r\n"),
        ("NUL in method", "G\0T / HTTP/1.1\r\n\r\n"), ("huge method", "A" * 20000 + " / HTTP/1.1\r\n\r\n"),
    ]:
        t.append(_e("line: " + name, line, "4xx" if "0.9" not in name else "close"))

    # Framing (RFC 9112 §6): each refused and closed.
    for name, fields in [
        ("TE xchunked", "Transfer-Encoding: xchunked\r\n"), ("TE identity", "Transfer-Encoding: identity\r\n"),
        ("TE chunked, identity", "Transfer-Encoding: chunked, identity\r\n"),
        ("TE chunked twice", "Transfer-Encoding: chunked, chunked\r\n"),
        ("TE two fields", "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n"),
        ("TE empty", "Transfer-Encoding: \r\n"), ("TE gzip, chunked", "Transfer-Encoding: gzip, chunked\r\n"),
        ("TE gzip", "Transfer-Encoding: gzip\r\n"), ("TE with CL", "Transfer-Encoding: chunked\r\nContent-Length: 3\r\n"),
        ("CL with TE", "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n"),
        ("TE xchunked with CL", "Transfer-Encoding: xchunked\r\nContent-Length: 3\r\n"),
        ("TE space before colon", "Transfer-Encoding : chunked\r\n"), ("TE obs-fold", "Transfer-Encoding:\r\n chunked\r\n"),
        ("TE quoted", "Transfer-Encoding: \"chunked\"\r\n"), ("TE chunked;q=1", "Transfer-Encoding: chunked;q=1\r\n"),
        ("TE vertical tab", "Transfer-Encoding:\x0bchunked\r\n"),
        ("CL list", "Content-Length: 3, 3\r\n"), ("CL twice", "Content-Length: 3\r\nContent-Length: 3\r\n"),
        ("CL differ", "Content-Length: 3\r\nContent-Length: 4\r\n"), ("CL plus", "Content-Length: +3\r\n"),
        ("CL minus", "Content-Length: -1\r\n"), ("CL hex", "Content-Length: 0x3\r\n"), ("CL empty", "Content-Length: \r\n"),
        ("CL huge", "Content-Length: 99999999999999999999999\r\n"), ("CL space inside", "Content-Length: 1 2\r\n"),
        ("CL over body limit", "Content-Length: 1000000000\r\n"),
    ]:
        smuggled = "0\r\n\r\nGET /_isl/health HTTP/1.1\r\n" + H + "\r\n"
        t.append(_e("framing: " + name, post + fields + "\r\n" + smuggled, "4xx"))
    t.append(_e("framing: HTTP/1.0 with TE", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400))

    # Header fields.
    for name, fields, expect in [
        ("no Host", "", 400), ("two Host", "Host: a\r\n", 400),
        ("one 9 KiB line", "X-Long: " + "v" * 9000 + "\r\n", "ok"),
        ("one 20 KiB line", "X-Long: " + "v" * 20000 + "\r\n", 431),
        ("200 small fields", "".join(f"X-{i}: v\r\n" for i in range(200)), "ok"),
        ("2000 small fields", "".join(f"X-{i}: v\r\n" for i in range(2000)), 431),
        ("NUL in value", "X: a\0b\r\n", 400), ("DEL in name", "X\x7f: a\r\n", 400),
        ("space in name", "X Y: a\r\n", 400), ("empty name", ": a\r\n", 400), ("no colon", "Junk\r\n", 400),
        ("CR in value", "X: a\rb\r\n", 400), ("obs-fold", "X: a\r\n b\r\n", "ok"),
        ("high bytes in value", "X: \xff\xfe\r\n", "ok"), ("Expect unknown", "Expect: 200-ok\r\n", "ok"),
        ("Connection: upgrade", "Connection: Upgrade\r\nUpgrade: websocket\r\n", "ok"),
        ("Range absurd", "Range: bytes=" + ",".join(["0-1"] * 2000) + "\r\n", "ok"),
        ("Accept-Encoding long", "Accept-Encoding: " + ", ".join(["gzip;q=0.5"] * 500) + "\r\n", "ok"),
        ("If-Modified-Since junk", "If-Modified-Since: yesterday\r\n", "ok"),
        ("Cookie huge", "Cookie: " + "a=b; " * 2000 + "\r\n", "ok"),
    ]:
        host = "" if name == "no Host" else H
        t.append(_e("header: " + name, "GET / HTTP/1.1\r\n" + host + fields + "\r\n", expect))

    # Chunked bodies.
    for name, body, expect in [
        ("size not hex", "zz\r\n", 400), ("size negative", "-1\r\n", 400), ("size huge", "f" * 40 + "\r\n", "4xx"),
        ("size over body limit", "7fffffff\r\n", 413), ("missing CRLF after data", "3\r\nabcX\r\n0\r\n\r\n", 400),
        ("bad extension", "3;=\r\nabc\r\n0\r\n\r\n", 400), ("quoted extension unterminated", "3;a=\"b\r\nabc\r\n", "close"),
        ("bad trailer", "0\r\nBad Trailer\r\n\r\n", 400), ("trailer Content-Length", "0\r\nContent-Length: 5\r\n\r\n", 400),
        ("trailer Transfer-Encoding", "0\r\nTransfer-Encoding: chunked\r\n\r\n", "4xx"),
        ("well formed", "3;x=y\r\nabc\r\n0\r\nX-T: 1\r\n\r\n", "ok"),
    ]:
        t.append(_e("chunked: " + name, chunked + body, expect, slow=expect == "close"))
    for name, head, piece, expect in [
        ("endless trailer field", chunked + "1\r\na\r\n0\r\nX-T: ", "v" * 4096, 431),
        ("endless trailer fields", chunked + "0\r\n", "X-T: " + "v" * 90 + "\r\n", 431),
        ("endless extension", chunked + "1;", "name=value;", 400),
        ("endless last-chunk extension", chunked + "0;", "e=" + "q" * 500 + ";", 400),
        ("endless chunk size", chunked, "0" * 4096, 400),
        ("endless small extensions", chunked, "1;e=" + "x" * 200 + "\r\na\r\n", 400),
        ("endless one-byte chunks", chunked, "1\r\na\r\n", "close"),  # 4 MiB of them stay under the body limit
        ("endless header", "GET / HTTP/1.1\r\n" + H, "X-F: " + "a" * 100 + "\r\n", 431),
        ("endless header line", "GET / HTTP/1.1\r\n" + H + "X: ", "a" * 4096, 431),
        ("endless URL", "GET /", "a" * 4096, 414),
        ("endless method", "", "A" * 4096, "4xx"),
        ("endless CRLFs", "", "\r\n", "close"),
        ("endless body past length", post + "Content-Length: 5000000\r\n\r\n", "b" * 4096, 413),
    ]:
        t.append(_e("endless: " + name, head, expect, piece=piece, slow=expect == "close"))

    # Targets.
    for name, target, expect in [
        ("dot dot", "/../../etc/passwd", "4xx"), ("encoded dot dot", "/%2e%2e/%2e%2e/etc/passwd", "4xx"),
        ("encoded slash", "/a%2fb", "4xx"), ("backslash", "/..\\..\\x", "4xx"), ("NUL encoded", "/a%00b", "4xx"),
        ("bad percent", "/%zz", "4xx"), ("half percent", "/%4", "4xx"), ("no leading slash", "index.html", "4xx"),
        ("absolute form", "http://x/", "ok"), ("asterisk on GET", "*", "4xx"), ("double slash", "//index.html", "ok"),
        ("dot segment", "/./index.html", "4xx"), ("query only", "/?" + "a=b&" * 500, "ok"),
        ("fragment", "/#frag", "ok"), ("UTF-8 raw", "/\xc3\xa9", "ok"), ("long path 7 KiB", "/" + "a" * 7000, "ok"),
        ("long path 9 KiB", "/" + "a" * 9000, 414), ("dotfile", "/.isl-manifest.json", "ok"),
        ("hidden folder", "/.git/config", "ok"), ("island made up", "/_server-islands/" + "Z" * 50, "ok"),
    ]:
        t.append(_e("target: " + name, f"GET {target} HTTP/1.1\r\n{H}\r\n", expect))

    # Islands: what a forged island request looks like.
    for name, req, expect in [
        ("no props", f"GET {island} HTTP/1.1\r\n{H}\r\n", "4xx"),
        ("forged props", f"GET {island}?p=AAAA&s=BBBB HTTP/1.1\r\n{H}\r\n", "4xx"),
        ("huge props", f"GET {island}?p={'A' * 7000} HTTP/1.1\r\n{H}\r\n", "4xx"),
        ("POST as text", f"POST {island} HTTP/1.1\r\n{H}Content-Type: text/plain\r\nContent-Length: 7\r\n\r\np=1&s=2", 415),
        ("POST as JSON", f"POST {island} HTTP/1.1\r\n{H}Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{{}}", 415),
        ("POST forged form", f"POST {island} HTTP/1.1\r\n{H}Content-Type: application/x-www-form-urlencoded\r\n"
                      "Content-Length: 7\r\n\r\np=1&s=2", "4xx"),
        ("PUT", f"PUT {island} HTTP/1.1\r\n{H}Content-Length: 0\r\n\r\n", "4xx"),
        ("metrics POST", f"POST /_isl/metrics HTTP/1.1\r\n{H}Content-Length: 0\r\n\r\n", "4xx"),
        ("Expect continue then nothing", f"POST {island} HTTP/1.1\r\n{H}Expect: 100-continue\r\nContent-Length: 5\r\n\r\n",
         "close", ),
    ]:
        t.append(_e("island: " + name, req, expect, slow=name.startswith("Expect")))

    # Not HTTP at all.
    rng = random.Random(20261201)
    t.append(_e("noise: TLS ClientHello", b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + bytes(40), "close"))
    t.append(_e("noise: HTTP/2 preface", b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\x00\x00\x12\x04\x00", "close"))
    t.append(_e("noise: SSH banner", b"SSH-2.0-OpenSSH_9.0\r\n", "close"))
    t.append(_e("noise: NUL bytes", b"\0" * 4096, "close"))
    for i in range(8):
        t.append(_e(f"noise: random 4 KiB #{i}", bytes(rng.randrange(256) for _ in range(4096)), "close"))
    # Slow: a head that stops half way; closed at the read timeout, without an answer.
    t.append(_e("slow: half a request line", "GET /ind", "close", slow=True))
    t.append(_e("slow: half a head", "GET / HTTP/1.1\r\n" + H, "close", slow=True))
    t.append(_e("slow: half a body", post + "Content-Length: 10\r\n\r\nabc", "close", slow=True))
    t.append(_e("slow: silent", "", "close", slow=True))
    return t
