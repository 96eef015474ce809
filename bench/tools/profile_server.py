#!/usr/bin/env python3
"""Where a server's CPU time per request goes (docs/performance.md, "Where the time goes").

    bench/tools/profile_server.py NAME PORT PID PATH SECONDS CONNECTIONS

Runs wrk (1 thread) against http://127.0.0.1:PORT/PATH for SECONDS while `perf record -F 1999`
samples the process PID (and its children), then groups the samples' own time (no callers:
the release build has no frame pointers) by symbol into parts: the kernel's TCP and epoll
work, allocation, the access log, Beast's parser and serializer, Asio's coroutine and
reactor machinery, isl's session and routing, the island's render and sealed props. Prints
each part's share and µs per request (the share of the server's CPU time per request, from
/proc) as a Markdown table, and the top symbols; writes /tmp/prof-NAME.json."""
import re, subprocess, sys, json, os, time
name, port, pid, path, seconds, conns = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]), sys.argv[6]
data = f"/tmp/perf-{name}.data"
def cpu(pid):
    tot = 0
    for p in [pid] + open(f"/proc/{pid}/task/{pid}/children").read().split():
        f = open(f"/proc/{p}/stat").read(); f = f[f.rfind(")")+2:].split(); tot += int(f[11]) + int(f[12])
    return tot / os.sysconf("SC_CLK_TCK")
perf = subprocess.Popen(["perf", "record", "-F", "1999", "-o", data, "-p", pid, "--", "sleep", str(seconds + 1)],
                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
time.sleep(0.5)
c0 = cpu(pid)
w = subprocess.run(["wrk", "-t1", "-c", conns, "-d", f"{seconds}s", f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True).stdout
c1 = cpu(pid)
perf.wait()
reqs = int(re.search(r"(\d+) requests in", w).group(1))
us = (c1 - c0) * 1e6 / reqs
rep = subprocess.run(["perf", "report", "-i", data, "--no-children", "--sort", "dso,sym", "--stdio", "-q", "--percent-limit", "0"],
                     capture_output=True, text=True).stdout
parts = {}
rows = []
def part(dso, sym):
    s = sym
    if "kernel" in dso or dso.startswith("[k"):
        if re.search(r"tcp|skb|ip_|__dev|net_|sock|loopback|nf_|inet|__sys_(send|recv)|copy_user|csum|napi|dst_|release_sock|lock_sock", s): return "kernel: TCP/loopback send+receive"
        if re.search(r"epoll|ep_|poll", s): return "kernel: epoll"
        if re.search(r"futex|schedule|switch|wake|sched|pick_|enqueue|dequeue|update_|finish_task", s): return "kernel: scheduler/futex"
        if re.search(r"entry_|syscall|do_sys|__x64|exit_to_user|ksys", s): return "kernel: syscall entry/exit"
        return "kernel: other"
    if re.search(r"malloc|free|_int_|operator new|operator delete|cfree|tcache|arena", s): return "allocation (malloc/free)"
    if re.search(r"spdlog|fmt::|AccessLog|access_message|printable|shown_path", s): return "access log (format)"
    if re.search(r"basic_parser|parse_|http::detail::basic_parser|find_eol|basic_fields|field_table|string_to_field|iequals|make_field|to_field", s): return "Beast parser/fields"
    if re.search(r"serializer|chunk|buffers_cat|buffers_prefix|write_some_op|write_op|writer", s): return "Beast write/serializer"
    if re.search(r"awaitable|co_spawn|coro|strand|executor|scheduler|epoll_reactor|reactive_socket|handler|thread_info|asio::detail|timer|steady_timer|any_io", s): return "Asio: coroutines, strand, reactor, timers"
    if re.search(r"dispatch|static_files|StaticSite|path_safety|split_target|mime|cache_control|content_coding|http_date|Metrics|count_request|Session|serve_one|finish|framing|check_framing|receive_head", s): return "isl: session, routing, static lookup"
    if re.search(r"seal|sodium|crypto|chacha|poly|blake|xsalsa", s): return "island: opening sealed props"
    if re.search(r"render|Component|isl::|Island|island", s): return "island: render and handler"
    if re.search(r"mem(cpy|move|set|cmp|chr)|str(len|cmp)|__memcpy|__memmove|__memset|__memchr|__strlen", s): return "libc: memcpy/memchr/..."
    if re.search(r"pthread|mutex|__lll|atomic", s): return "locks (pthread)"
    if re.search(r"std::|basic_string|_M_", s): return "libstdc++ (strings, containers)"
    return "other"
for line in rep.splitlines():
    m = re.match(r"\s*([\d.]+)%\s+(\S+)\s+\[[.k]\]\s+(.*)$", line)
    if not m: continue
    pct, dso, sym = float(m.group(1)), m.group(2), m.group(3).strip()
    parts[part(dso, sym)] = parts.get(part(dso, sym), 0) + pct
    rows.append((pct, dso, sym))
out = {"name": name, "path": path, "connections": int(conns), "requests": reqs, "cpu_us_per_request": us,
       "parts_percent": dict(sorted(parts.items(), key=lambda kv: -kv[1])), "top": rows[:40]}
json.dump(out, open(f"/tmp/prof-{name}.json", "w"), indent=1)
print(f"{name} `{path}`, {conns} connections: {reqs} requests, {us:.1f} µs of server CPU per request "
      f"(load average {' '.join(open('/proc/loadavg').read().split()[:3])})")
print()
print("| part | share of samples | µs per request |")
print("|---|---:|---:|")
for k, v in out["parts_percent"].items():
    if v >= 0.5:
        print(f"| {k} | {v:.1f} % | {v * us / 100:.2f} |")
print()
print("top symbols:")
for pct, dso, sym in rows[:25]:
    print(f"  {pct:5.2f} %  {dso[:20]:20} {sym[:110]}")
