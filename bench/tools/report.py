"""The tables and goals written to docs/performance.md, from a results dict."""
from __future__ import annotations

import statistics

from common import ROOT, log
from http_bench import ENDPOINT_LABEL, ENDPOINTS, ISLAND_ENDPOINTS, SERVER_LABEL


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
        for ep in ("static_3k", "island_stock"):
            on, off = cell(http, ep, top, "isl"), cell(http, ep, top, "isl-nolog")
            if on and off:
                ratio = on["rps"] / off["rps"]
                out.append({"goal": f"access log costs ≤ 5 %: `isl serve` ÷ `isl serve --no-access-log`, "
                                    f"{ENDPOINT_LABEL[ep]}, {top} connections ≥ 0.95",
                            "measured": f"{ratio:.2f} × ({fmt_int(on['rps'])} vs {fmt_int(off['rps'])} req/s; "
                                        f"{on['cpu_us_per_request']:.1f} vs {off['cpu_us_per_request']:.1f} µs CPU)",
                            "met": ratio >= 0.95})
        one = {ep: cell(http, ep, top, "isl-1t") for ep in ("static_3k", "island_stock")}
        if ngx and one["static_3k"]:
            a_, b_ = one["static_3k"]["cpu_us_per_request"], ngx["cpu_us_per_request"]
            out.append({"goal": f"server CPU per static 3 KB request ≤ nginx's (1 I/O thread vs 1 worker, {top} "
                                f"connections)",
                        "measured": f"{a_:.1f} vs {b_:.1f} µs ({a_ / b_:.2f} ×)", "met": a_ <= b_})
        if ngx and one["island_stock"]:
            a_, b_ = one["island_stock"]["cpu_us_per_request"], ngx["cpu_us_per_request"]
            out.append({"goal": f"server CPU per StockStatus island request ≤ 1.5 × nginx's per static request "
                                f"(1 I/O thread, {top} connections)",
                        "measured": f"{a_:.1f} vs {b_:.1f} µs ({a_ / b_:.2f} ×)", "met": a_ <= 1.5 * b_})
        for ep in ISLAND_ENDPOINTS:
            isl, same = cell(http, ep, top, "isl"), cell(http, ep, top, "nginx")
            if isl and same:
                ratio = isl["rps"] / same["rps"]
                p99_goal = 1.0 if ep == "island_stock" else 2.0
                out.append({"goal": f"{ENDPOINT_LABEL[ep]} at {top} connections ≥ 0.8 × nginx's rate for a static "
                                    f"file of the same bytes, p99 ≤ {p99_goal:g} ms",
                            "measured": f"{ratio:.2f} × nginx ({fmt_int(isl['rps'])} vs {fmt_int(same['rps'])} "
                                        f"req/s), p99 {isl['p99_ms']:.2f} ms",
                            "met": ratio >= 0.8 and isl["p99_ms"] <= p99_goal})
        isl, ast = cell(http, "ondemand", top, "isl"), cell(http, "ondemand", top, "astro")
        if isl and ast:
            ratio = isl["rps"] / ast["rps"]
            out.append({"goal": f"on-demand page (50 rows from SQLite) at {top} connections ≥ 10 × Astro's "
                                f"(`prerender = false`, @astrojs/node), p99 ≤ 2 ms",
                        "measured": f"{ratio:.1f} × Astro ({fmt_int(isl['rps'])} vs {fmt_int(ast['rps'])} req/s), "
                                    f"p99 {isl['p99_ms']:.2f} ms",
                        "met": ratio >= 10 and isl["p99_ms"] <= 2.0})
        for conns in connections:
            isl, n = cell(http, "static_3k", conns, "isl"), cell(http, "static_3k", conns, "nginx")
            if isl and n:
                out.append({"goal": f"static 3 KB page at {conns} connection{'s' if conns > 1 else ''} ≥ nginx's rate",
                            "measured": f"{isl['rps'] / n['rps']:.2f} × nginx ({fmt_int(isl['rps'])} vs "
                                        f"{fmt_int(n['rps'])} req/s)",
                            "met": isl["rps"] >= n["rps"]})
        many = (http.get("many_connections") or {}).get("median", {})
        if "isl" in many and "nginx" in many:
            mi, mn = many["isl"], many["nginx"]
            idle = http["many_connections"]["idle_connections"]
            out.append({"goal": f"RSS with {idle:,} idle keep-alive connections ≤ nginx's + 50 %",
                        "measured": f"{fmt_mib(mi['rss_kb_idle'])} vs nginx {fmt_mib(mn['rss_kb_idle'])} "
                                    f"({mi['rss_kb_idle'] / mn['rss_kb_idle']:.2f} ×)",
                        "met": mi["rss_kb_idle"] <= 1.5 * mn["rss_kb_idle"]})
            ratio = mi["rps_with"] / mi["rps_without"]
            out.append({"goal": f"busy rate ({http['many_connections']['busy_connections']} connections, 3 KB page) "
                                f"beside {idle:,} idle ones within 10 % of the rate without them",
                        "measured": f"{ratio:.2f} × ({fmt_int(mi['rps_with'])} vs {fmt_int(mi['rps_without'])} "
                                    f"req/s; nginx {mn['rps_with'] / mn['rps_without']:.2f} ×)",
                        "met": ratio >= 0.9})
        rss = http["rss_kb"]
        if "astro" in rss and ("isl" in rss or "isl-1t" in rss):
            isl_rss = max(rss[k]["VmRSS"] for k in ("isl", "isl-1t", "isl-nolog") if k in rss)
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
                 f"and p99, and the server's CPU time per request. isl runs as a user runs it: `isl serve` with "
                 f"its access log on (to /dev/null), with its default threads ({m['nproc']} I/O threads here) and "
                 f"with `--threads 1` (beside Node's one process and nginx's one worker); nginx's access log is "
                 f"off. In the island rows nginx serves a static file holding the island's own answer (the "
                 f"same bytes). An island render runs inline on the I/O thread once "
                 f"its island has proven fast, else on the render pool ({max(8, 4 * m['nproc'])} threads; "
                 f"docs/server.md){placement_note(http.get('render_placement', {}))}.")
        L.append("")
        servers = ["isl-1t", "isl", "astro", "nginx"]
        L.append("| request | conns | " + " | ".join(SERVER_LABEL[s] for s in servers) +
                 " | isl 1 t ÷ Astro | isl ÷ Astro | isl ÷ nginx |")
        L.append("|---|---:|" + "---|" * len(servers) + "---:|---:|---:|")
        for conns in st["connections"]:
            for ep in ENDPOINTS:
                sizes = http["responses"].get(ep)
                if not sizes:
                    continue
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
        for c in [c for c in http["cells"] if c["server"] in ("isl-nolog", "isl-serve") and "median" in c]:
            on = cell(http, c["endpoint"], c["connections"], "isl")
            mm = c["median"]
            L.append("")
            L.append(f"The access log's cost, {ENDPOINT_LABEL[c['endpoint']]} at {c['connections']} connections: "
                     f"`isl serve --no-access-log` {fmt_int(mm['rps'])} req/s, p50 {mm['p50_ms']:.2f} / p99 "
                     f"{mm['p99_ms']:.2f} ms, {mm['cpu_us_per_request']:.1f} µs CPU per request"
                     + (f"; with the log ({SERVER_LABEL['isl']}) {fmt_int(on['rps'])} req/s, "
                        f"{on['cpu_us_per_request']:.1f} µs CPU: {on['rps'] / mm['rps']:.2f} × the rate." if on else "."))
        many = http.get("many_connections")
        if many and many.get("median"):
            L.append("")
            L.append(f"Many connections: {many['busy_connections']} busy connections (wrk, 3 KB page) without and "
                     f"then beside {many['idle_connections']:,} idle keep-alive connections (each had one answer, "
                     f"then stays open; from 127.0.0.2, 127.0.0.3, … {many['per_address']} per address, under "
                     f"isl's default per-address limit of 256; isl given `{' '.join(http['settings'].get('isl_limits', []))}` "
                     f"since 10,000 idle + the busy ones pass its default 10,000; open-files limit "
                     f"{many['open_files_limit']:,}; nginx `worker_connections 16384`). Medians of {st['runs']} "
                     f"runs; RSS (VmRSS) with the idle connections open, before the busy run.")
            L.append("")
            L.append("| server | rate without | rate beside the idle ones | p99 beside | RSS before | RSS with idle open | idle still open after |")
            L.append("|---|---:|---:|---:|---:|---:|---:|")
            for name in ("isl", "nginx"):
                x = many["median"].get(name)
                if x:
                    L.append(f"| {SERVER_LABEL[name]} | {fmt_int(x['rps_without'])}/s | {fmt_int(x['rps_with'])}/s "
                             f"({x['rps_with'] / x['rps_without']:.2f} ×) | {x['p99_ms_with']:.2f} ms | "
                             f"{fmt_mib(x['rss_kb_before'])} | {fmt_mib(x['rss_kb_idle'])} | "
                             f"{x['idle_still_open']:,} |")
        L.append("")
        L.append("Server memory after all the load (VmRSS of the server's processes; nginx: master + worker):")
        L.append("")
        L.append("| server | RSS after load | peak RSS (VmHWM) |")
        L.append("|---|---:|---:|")
        for s in ("isl-1t", "isl", "isl-nolog", "isl-serve", "astro", "nginx"):
            if s in http["rss_kb"] and s in SERVER_LABEL:
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
