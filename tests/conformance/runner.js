'use strict';
// Browser conformance runner for isl: node runner.js CORPUS_DIR [--pending FILE] [CASE_FILTER...]
// Normally started through ./run, which installs what this needs first.
// The corpus format is described in the corpus's README.md (case.json, pageText).

const fs = require('fs');
const path = require('path');
const os = require('os');
const net = require('net');
const http = require('http');
const crypto = require('crypto');
const { spawn } = require('child_process');

// The page text function, exactly as the corpus README gives it.
const PAGE_TEXT_SRC = `function pageText(doc) {
  const skip = new Set(["SCRIPT", "STYLE", "TEMPLATE", "NOSCRIPT"]);
  const parts = [];
  (function walk(node) {
    for (const c of node.childNodes) {
      if (c.nodeType === Node.TEXT_NODE) parts.push(c.data);
      else if (c.nodeType === Node.ELEMENT_NODE && !skip.has(c.tagName)) walk(c);
    }
  })(doc.body);
  return parts.join("").replace(/\\s+/g, " ").trim();
}`;

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const ISLAND_PREFIX = '/_server-islands/';
const IDLE_MS = 500;

function envNum(name, def) {
  const v = process.env[name];
  if (v === undefined || v === '') return def;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) fatal(`${name}=${v} is not a positive number`);
  return n;
}

function fatal(msg) {
  console.error(`conformance: ${msg}`);
  process.exit(2);
}

const CFG = {
  bin: process.env.ISL_BIN || path.resolve(__dirname, '../../build/isl'),
  chromium: process.env.ISL_CHROMIUM || '/usr/bin/chromium',
  jobs: Math.floor(envNum('ISL_CONFORMANCE_JOBS', 2)),
  buildTimeoutMs: envNum('ISL_CONFORMANCE_BUILD_TIMEOUT', 300) * 1000,
  startTimeoutMs: envNum('ISL_CONFORMANCE_START_TIMEOUT', 20) * 1000,
  idleTimeoutMs: envNum('ISL_CONFORMANCE_IDLE_TIMEOUT', 15) * 1000,
  visitTimeoutMs: envNum('ISL_CONFORMANCE_VISIT_TIMEOUT', 60) * 1000,
  keep: process.env.ISL_KEEP === '1',
};

// ---------------------------------------------------------------- processes

const children = new Map(); // pid -> ChildProcess, each the leader of its own process group
let tmpRoot = null;
let browserPromise = null;
let interrupted = false;

function killGroup(pid, sig) {
  try { process.kill(-pid, sig); } catch { /* already gone */ }
}

// Spawns cmd in its own process group with stdout and stderr both written, in order, to logFile.
function spawnLogged(cmd, args, { cwd, env, logFile }) {
  const fd = fs.openSync(logFile, 'w');
  let child;
  try {
    child = spawn(cmd, args, { cwd, env, stdio: ['ignore', fd, fd], detached: true });
  } finally {
    fs.closeSync(fd);
  }
  const exited = new Promise((resolve) => {
    let settled = false;
    child.on('error', (err) => { if (!settled) { settled = true; resolve({ error: err }); } });
    child.on('exit', (code, signal) => {
      if (child.pid) children.delete(child.pid);
      if (!settled) { settled = true; resolve({ code, signal }); }
    });
  });
  if (child.pid) children.set(child.pid, child);
  return { child, exited };
}

function sleep(ms) { return new Promise((r) => setTimeout(r, ms)); }

function withTimeout(promise, ms) {
  let t;
  return Promise.race([promise, new Promise((r) => { t = setTimeout(() => r({ timedOut: true }), ms); })])
    .finally(() => clearTimeout(t));
}

async function runProcess(cmd, args, opts) {
  const { child, exited } = spawnLogged(cmd, args, opts);
  let res = await withTimeout(exited, opts.timeoutMs);
  if (res.timedOut) {
    if (child.pid) killGroup(child.pid, 'SIGKILL');
    await withTimeout(exited, 5000);
    return { timedOut: true };
  }
  // Whatever the command left behind in its process group goes with it.
  if (child.pid) killGroup(child.pid, 'SIGKILL');
  return res;
}

function readLog(file) {
  try { return stripAnsi(fs.readFileSync(file, 'utf8')); } catch { return ''; }
}

function stripAnsi(s) {
  return s.replace(/\x1b\[[0-9;?]*[ -\/]*[@-~]/g, '').replace(/\x1b\][^\x07]*\x07/g, '');
}

function tail(text, n) {
  const lines = text.replace(/\s+$/, '').split('\n');
  return (lines.length > n ? [`... (${lines.length - n} earlier lines)`] : []).concat(lines.slice(-n));
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function httpStatus(url, timeoutMs) {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: timeoutMs, agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('timeout', () => { req.destroy(); resolve(null); });
    req.on('error', () => resolve(null));
  });
}

// Starts `isl serve` and waits until it answers GET /_isl/health with 200 (or, failing a health
// route, until it has printed its "listening on" line and answers HTTP at all).
async function startServer(site, work, key) {
  let lastReason = '';
  for (let attempt = 1; attempt <= 3; attempt++) {
    const port = await freePort();
    const logFile = path.join(work, `serve${attempt > 1 ? '-' + attempt : ''}.log`);
    const base = `http://127.0.0.1:${port}`;
    const { child, exited } = spawnLogged(CFG.bin, ['serve', site, '--host', '127.0.0.1', '--port', String(port)],
      { cwd: site, env: { ...process.env, ISL_KEY: key }, logFile });
    let exit = null;
    exited.then((r) => { exit = r; });
    const server = { child, exited, port, base, logFile, exitedEarly: () => exit };
    const deadline = Date.now() + CFG.startTimeoutMs;
    const listening = `listening on ${base}`;
    while (Date.now() < deadline && !exit) {
      const st = await httpStatus(`${base}/_isl/health`, 1000);
      if (exit) break;
      if (st === 200 || (st !== null && readLog(logFile).includes(listening))) return server;
      await sleep(100);
    }
    if (exit) {
      const log = readLog(logFile);
      lastReason = exit.error ? `isl serve could not start: ${exit.error.message}`
        : `isl serve exited (${exit.signal ? 'signal ' + exit.signal : 'code ' + exit.code}) before it was ready`;
      lastReason += '\n' + tail(log, 20).map((l) => '  | ' + l).join('\n');
      if (/address (already )?in use|EADDRINUSE/i.test(log)) continue; // port taken meanwhile: try another
      throw new Error(lastReason);
    }
    await stopServer(server);
    throw new Error(`isl serve was not ready within ${CFG.startTimeoutMs / 1000}s ` +
      `(GET /_isl/health never answered 200)\n` + tail(readLog(logFile), 20).map((l) => '  | ' + l).join('\n'));
  }
  throw new Error(lastReason);
}

async function stopServer(server) {
  if (server.exitedEarly()) return;
  killGroup(server.child.pid, 'SIGTERM');
  const r = await withTimeout(server.exited, 5000);
  if (r.timedOut) {
    killGroup(server.child.pid, 'SIGKILL');
    await withTimeout(server.exited, 5000);
  } else {
    killGroup(server.child.pid, 'SIGKILL'); // anything it left in its group
  }
}

// ---------------------------------------------------------------- browser

function getBrowser() {
  if (!browserPromise) {
    const { chromium } = require('playwright-core');
    const p = chromium.launch({
      executablePath: CFG.chromium, args: CHROMIUM_ARGS, timeout: 60000,
      handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false,
    });
    browserPromise = p;
    // A browser that died is launched anew for the next visit; one that fails to launch stays failed.
    p.then((b) => b.on('disconnected', () => { if (browserPromise === p) browserPromise = null; }), () => {});
  }
  return browserPromise;
}

// ---------------------------------------------------------------- case.json

const DOC_KEYS = ['about', 'note', 'comment'];
const VISIT_KEYS = ['path', 'cookies', 'status', 'static_text', 'final_text', 'final_path', 'islands', 'styles',
  'headers', 'viewport', 'steps'];
const ISLAND_KEYS = ['status', 'method', 'headers'];
const STYLE_KEYS = ['selector', 'property', 'value'];
const STEP_ACTIONS = ['click', 'scroll_to', 'text', 'requests', 'event_count'];
const DEFAULT_VIEWPORT = { width: 1280, height: 720 };

// A step is one object with exactly one action key (documentation keys aside).
function stepAction(step) {
  return Object.keys(step).filter((k) => !DOC_KEYS.includes(k));
}

// Every event type the case's steps count, so that the listeners are in place before any page script.
function eventTypes(spec) {
  const types = new Set();
  for (const v of spec.visits || []) for (const s of v.steps || []) if (s.event_count) types.add(s.event_count.type);
  return [...types];
}

// Returns a list of problems; a case with problems fails (a check that is silently skipped
// because of a typo would be a test that cannot fail).
function validateCase(c) {
  const errs = [];
  const unknown = (obj, allowed, where) => {
    for (const k of Object.keys(obj)) if (!allowed.includes(k) && !DOC_KEYS.includes(k)) errs.push(`${where}: unknown key "${k}"`);
  };
  const isObj = (v) => v && typeof v === 'object' && !Array.isArray(v);
  const checkRe = (s, where) => { try { new RegExp(s); } catch (e) { errs.push(`${where}: bad regular expression: ${e.message}`); } };
  const checkCount = (n, where) => { if (!(Number.isInteger(n) && n >= 0)) errs.push(`${where} must be a non-negative integer`); };
  const checkHeaders = (hs, where) => {
    if (!isObj(hs)) { errs.push(`${where} must be an object`); return; }
    for (const [h, re] of Object.entries(hs)) {
      if (typeof re !== 'string') errs.push(`${where}.${h} must be a string`); else checkRe(re, `${where}.${h}`);
    }
  };
  const checkStep = (st, where) => {
    if (!isObj(st)) { errs.push(`${where}: not an object`); return; }
    const acts = stepAction(st);
    if (acts.length !== 1 || !STEP_ACTIONS.includes(acts[0])) {
      errs.push(`${where}: a step has exactly one of ${STEP_ACTIONS.join(', ')}; found ${acts.length ? acts.map((a) => `"${a}"`).join(', ') : 'none'}`);
      return;
    }
    const a = acts[0];
    const arg = st[a];
    if (a === 'click' || a === 'scroll_to' || a === 'text') {
      if (typeof arg !== 'string' || (a !== 'text' && !arg)) errs.push(`${where}.${a} must be a ${a === 'text' ? '' : 'non-empty '}string`);
    } else if (a === 'requests') {
      if (!isObj(arg)) { errs.push(`${where}.requests must be an object {url, count}`); return; }
      unknown(arg, ['url', 'count'], `${where}.requests`);
      if (typeof arg.url !== 'string') errs.push(`${where}.requests.url must be a string`); else checkRe(arg.url, `${where}.requests.url`);
      checkCount(arg.count, `${where}.requests.count`);
    } else if (a === 'event_count') {
      if (!isObj(arg)) { errs.push(`${where}.event_count must be an object {type, count}`); return; }
      unknown(arg, ['type', 'count'], `${where}.event_count`);
      if (typeof arg.type !== 'string' || !arg.type) errs.push(`${where}.event_count.type must be a non-empty string`);
      checkCount(arg.count, `${where}.event_count.count`);
    }
  };
  const checkStatus = (s, where) => {
    if (typeof s === 'number') { if (!Number.isInteger(s)) errs.push(`${where}: status must be an integer`); }
    else if (typeof s === 'string') checkRe(s, where);
    else errs.push(`${where}: status must be a number or a regular expression string`);
  };
  if (!isObj(c)) return ['case.json is not an object'];
  unknown(c, ['build', 'visits'], 'case.json');
  if (c.build === 'ok') {
    if (c.visits !== undefined && !Array.isArray(c.visits)) errs.push('visits must be a list');
    (Array.isArray(c.visits) ? c.visits : []).forEach((v, i) => {
      const w = `visit ${i + 1}`;
      if (!isObj(v)) { errs.push(`${w}: not an object`); return; }
      unknown(v, VISIT_KEYS, w);
      if (typeof v.path !== 'string' || !v.path.startsWith('/')) errs.push(`${w}: path must be a string starting with /`);
      if (v.cookies !== undefined && (!isObj(v.cookies) || Object.values(v.cookies).some((x) => typeof x !== 'string')))
        errs.push(`${w}: cookies must map names to strings`);
      if (v.status !== undefined) checkStatus(v.status, `${w}.status`);
      for (const k of ['static_text', 'final_text', 'final_path'])
        if (v[k] !== undefined && typeof v[k] !== 'string') errs.push(`${w}.${k} must be a string`);
      if (v.islands !== undefined) {
        if (!Array.isArray(v.islands)) errs.push(`${w}.islands must be a list`);
        else v.islands.forEach((is, j) => {
          const wi = `${w}.islands[${j}]`;
          if (!isObj(is)) { errs.push(`${wi}: not an object`); return; }
          unknown(is, ISLAND_KEYS, wi);
          if (is.status !== undefined) checkStatus(is.status, `${wi}.status`);
          if (is.method !== undefined) { if (typeof is.method !== 'string') errs.push(`${wi}.method must be a string`); else checkRe(is.method, `${wi}.method`); }
          if (is.headers !== undefined) checkHeaders(is.headers, `${wi}.headers`);
        });
      }
      if (v.headers !== undefined) checkHeaders(v.headers, `${w}.headers`);
      if (v.viewport !== undefined) {
        if (!isObj(v.viewport)) errs.push(`${w}.viewport must be an object {width, height}`);
        else {
          unknown(v.viewport, ['width', 'height'], `${w}.viewport`);
          for (const k of ['width', 'height'])
            if (!(Number.isInteger(v.viewport[k]) && v.viewport[k] > 0)) errs.push(`${w}.viewport.${k} must be a positive integer`);
        }
      }
      if (v.steps !== undefined) {
        if (!Array.isArray(v.steps)) errs.push(`${w}.steps must be a list`);
        else v.steps.forEach((st, j) => checkStep(st, `${w}.steps[${j}]`));
      }
      if (v.styles !== undefined) {
        if (!Array.isArray(v.styles)) errs.push(`${w}.styles must be a list`);
        else v.styles.forEach((s, j) => {
          const ws = `${w}.styles[${j}]`;
          if (!isObj(s)) { errs.push(`${ws}: not an object`); return; }
          unknown(s, STYLE_KEYS, ws);
          for (const k of STYLE_KEYS) if (typeof s[k] !== 'string') errs.push(`${ws}.${k} must be a string`);
        });
      }
    });
  } else if (isObj(c.build) && isObj(c.build.error)) {
    const e = c.build.error;
    unknown(c.build, ['error'], 'build');
    unknown(e, ['file', 'line', 'contains'], 'build.error');
    if (typeof e.file !== 'string' || !e.file) errs.push('build.error.file must be a non-empty string');
    if (e.line !== undefined && !(Number.isInteger(e.line) && e.line > 0)) errs.push('build.error.line must be a positive integer');
    if (e.contains !== undefined && typeof e.contains !== 'string') errs.push('build.error.contains must be a string');
    if (c.visits !== undefined) errs.push('a case whose build must fail cannot have visits');
  } else {
    errs.push('build must be "ok" or {"error": {...}}');
  }
  return errs;
}

// ---------------------------------------------------------------- build diagnostics

// "path:line:col: error: message" (col optional). Severity "error" or "fatal error" only.
// "path: error: message" (no line) is also read; it can only satisfy a case that names no line.
const ERROR_RE = /^\s*(\S(?:.*?\S)?)(?::(\d+)(?::(\d+))?)?:\s*(?:fatal )?error:\s?(.*)$/;
// Any line that starts another diagnostic or another block of tool output ends a diagnostic.
const BLOCK_END_RE = new RegExp([
  /^\s*\S(?:.*?\S)?:\d+:(?:\d+:)?\s*(?:fatal error|error|warning|note|remark|info)\b/.source,
  /^\S+: (?:fatal error|error|warning): /.source,
  /^\s*\S[^:]*: (?:In |At global scope|At top level)/.source,
  /^In file included from /.source,
  /^\s+from \S+:\d+/.source,
  /^(?:ninja|make|gmake|cmake)(?:\[\d+\])?: /.source,
  /^FAILED: /.source,
  /^\[\d+\/\d+\] /.source,
  /^CMake (?:Error|Warning)/.source,
].join('|'));

function parseErrors(log) {
  const lines = log.split(/\r?\n/);
  const diags = [];
  for (let i = 0; i < lines.length; i++) {
    const m = ERROR_RE.exec(lines[i]);
    if (!m) continue;
    const block = [lines[i]];
    for (let j = i + 1; j < lines.length && !BLOCK_END_RE.test(lines[j]); j++) block.push(lines[j]);
    while (block.length > 1 && block[block.length - 1].trim() === '') block.pop();
    diags.push({ path: m[1], line: m[2] ? Number(m[2]) : null, col: m[3] ? Number(m[3]) : null, text: block.join('\n') });
  }
  return diags;
}

function pathEndsWith(p, file) {
  const norm = (s) => s.replace(/\\/g, '/').replace(/^\.\//, '');
  p = norm(p); file = norm(file);
  return p === file || p.endsWith('/' + file);
}

function checkBuildError(expect, log) {
  const diags = parseErrors(log);
  const want = `${expect.file}${expect.line !== undefined ? ':' + expect.line : ''}` +
    (expect.contains !== undefined ? ` containing ${JSON.stringify(expect.contains)}` : '');
  const hit = diags.find((d) => pathEndsWith(d.path, expect.file) &&
    (expect.line === undefined || d.line === expect.line) &&
    (expect.contains === undefined || d.text.toLowerCase().includes(expect.contains.toLowerCase())));
  if (hit) return [];
  const out = [`no error diagnostic at ${want}`];
  if (diags.length === 0) {
    out.push('  no "path:line:col: error: message" line in the build output; its end:');
    out.push(...tail(log, 25).map((l) => '  | ' + l));
  } else {
    out.push(`  error diagnostics found (${diags.length}):`);
    for (const d of diags.slice(0, 8)) out.push(...d.text.split('\n').slice(0, 6).map((l) => '  | ' + l));
    if (diags.length > 8) out.push(`  ... and ${diags.length - 8} more`);
  }
  return out;
}

// ---------------------------------------------------------------- visits

function matchStatus(expected, actual) {
  if (actual === null || actual === undefined) return false;
  if (typeof expected === 'number') return actual === expected;
  return new RegExp(expected).test(String(actual));
}

function matchMethod(expected, actual) {
  if (/^[A-Za-z]+$/.test(expected)) return expected.toUpperCase() === String(actual).toUpperCase();
  return new RegExp(expected).test(String(actual));
}

function normPath(p) { return p.length > 1 ? p.replace(/\/+$/, '') || '/' : p; }

function textDiff(what, expected, actual) {
  const out = [`${what}:`, `  expected: ${JSON.stringify(expected)}`, `  actual:   ${JSON.stringify(actual)}`];
  if (typeof actual === 'string') {
    let i = 0;
    while (i < expected.length && i < actual.length && expected[i] === actual[i]) i++;
    out.push(`  (first difference at character ${i})`);
  }
  return out;
}

function showIsland(r) {
  let p = r.url;
  try { p = new URL(r.url).pathname; } catch { /* keep */ }
  const st = r.failure ? `failed (${r.failure})` : r.status === null ? 'no response' : String(r.status);
  return `${r.method} ${p} -> ${st}`;
}

async function waitForIdle(page, net, deadline) {
  try { await page.waitForLoadState('load', { timeout: Math.max(1, deadline - Date.now()) }); } catch { /* checked below */ }
  for (;;) {
    const now = Date.now();
    if (net.inflight.size === 0 && now - net.lastChange >= IDLE_MS) return null;
    if (now >= deadline) {
      const urls = [...net.inflight].map((r) => `${r.method()} ${r.url()}`.slice(0, 150));
      return `the network was not idle for ${IDLE_MS} ms within ${CFG.idleTimeoutMs / 1000}s` +
        (urls.length ? `; still in flight: ${urls.join(', ')}` : '');
    }
    await sleep(50);
  }
}

// Evaluates in the page, riding out a navigation that is still going on (e.g. an island redirect).
async function evalSettled(page, net, fn, arg) {
  let lastErr;
  for (let i = 0; i < 4; i++) {
    try {
      return await page.evaluate(fn, arg);
    } catch (e) {
      lastErr = e;
      if (!/context was destroyed|navigat|Target closed/i.test(String(e.message))) throw e;
      await waitForIdle(page, net, Date.now() + 5000);
    }
  }
  throw lastErr;
}

// Counts, per event type, the events that reached `document` since the page started loading.
// Installed as an init script, so it runs before any script of the page; capture listeners on
// window and document see an event before any listener of the page can stop it, and a WeakSet
// keeps an event seen by both from counting twice.
function eventCounterScript(types) {
  return `(() => {
  if (window.top !== window || window.__islConformanceEvents) return;
  const counts = Object.create(null);
  const seen = new WeakSet();
  Object.defineProperty(window, '__islConformanceEvents', { value: counts, enumerable: false });
  const onEvent = (e) => {
    if (seen.has(e)) return;
    seen.add(e);
    const path = e.composedPath();
    if (e.target === document || path.includes(document)) counts[e.type] = (counts[e.type] || 0) + 1;
  };
  for (const t of ${JSON.stringify(types)}) {
    counts[t] = 0;
    window.addEventListener(t, onEvent, true);
    document.addEventListener(t, onEvent, true);
  }
})();`;
}

// A request for a <link rel=preload> (Chromium reports resourceType "other" for as="fetch"),
// as opposed to the loader's own fetch().
function isPreload(req) {
  const h = req.headers();
  return !['fetch', 'xhr'].includes(req.resourceType()) || h.purpose !== undefined || h['sec-purpose'] !== undefined;
}

// The island requests as the case counts them. Chromium reports a preload that the loader's
// fetch consumes as one request; a fetch that did not use the preload (credentials mode differs,
// or it came from the HTTP cache) shows as a second request for the same method and URL. Such a
// pair is one island request: it keeps the preload's place (page order) and the fetch's answer
// (what the loader used).
function islandRequests(recs) {
  const out = [];
  for (const rec of recs) {
    const pair = !rec.preload && out.find((o) => o.preload && !o.merged && o.method === rec.method && o.url === rec.url);
    if (pair) Object.assign(pair, { merged: true, status: rec.status, headersP: rec.headersP, failure: rec.failure, req: rec.req });
    else out.push({ ...rec });
  }
  return out;
}

async function runVisit(base, v, contexts, types) {
  const diffs = [];
  const notes = [];
  const browser = await getBrowser();
  const url = base + v.path;
  const cookies = Object.entries(v.cookies || {}).map(([name, value]) => ({ name, value, domain: '127.0.0.1', path: '/' }));
  const navTimeout = CFG.idleTimeoutMs;
  const viewport = v.viewport || DEFAULT_VIEWPORT;

  // The page as served, with no script run.
  if (v.static_text !== undefined) {
    const ctx = await browser.newContext({ javaScriptEnabled: false, viewport });
    contexts.push(ctx);
    await ctx.addCookies(cookies);
    const page = await ctx.newPage();
    const resp = await page.goto(url, { waitUntil: 'load', timeout: navTimeout });
    if (!resp) diffs.push(['static_text: no response for the page']);
    else {
      const text = await page.evaluate(`(${PAGE_TEXT_SRC})(document)`);
      if (text !== v.static_text) diffs.push(textDiff('static_text', v.static_text, text));
    }
    await ctx.close();
  }

  const needLive = ['status', 'final_text', 'final_path', 'islands', 'styles', 'headers', 'steps'].some((k) => v[k] !== undefined);
  if (!needLive) return { diffs, notes };

  const ctx = await browser.newContext({ viewport });
  contexts.push(ctx);
  await ctx.addCookies(cookies);
  if (types.length) await ctx.addInitScript({ content: eventCounterScript(types) });
  const net = { inflight: new Set(), lastChange: Date.now() };
  const islands = [];
  const requests = []; // every request of the live visit, in start order (for `requests` steps)
  const consoleLines = [];
  const byReq = new Map();
  const done = (req) => { net.inflight.delete(req); net.lastChange = Date.now(); };
  ctx.on('request', (req) => {
    net.inflight.add(req); net.lastChange = Date.now();
    requests.push(req.url());
    let p = '';
    try { p = new URL(req.url()).pathname; } catch { /* not a URL we care about */ }
    if (p.startsWith(ISLAND_PREFIX)) {
      const rec = { req, method: req.method(), url: req.url(), preload: isPreload(req), status: null, headers: null, headersP: null, failure: null };
      islands.push(rec);
      byReq.set(req, rec);
    }
  });
  ctx.on('response', (resp) => {
    const req = resp.request();
    // Chromium reads a preload's body only when something consumes it (playwright#6666): a
    // preload that nothing uses may never finish, so its answer is where it stops counting.
    const rec = byReq.get(req);
    if (rec) {
      if (rec.preload) done(req);
      rec.status = resp.status();
      rec.headersP = resp.allHeaders().catch(() => resp.headers());
    }
  });
  ctx.on('requestfinished', done);
  ctx.on('requestfailed', (req) => {
    const rec = byReq.get(req);
    if (rec) rec.failure = (req.failure() && req.failure().errorText) || 'failed';
    done(req);
  });
  const page = await ctx.newPage();
  page.on('console', (m) => { if (['error', 'warning'].includes(m.type())) consoleLines.push(`console.${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => consoleLines.push(`page error: ${e.message}`));

  const resp = await page.goto(url, { waitUntil: 'commit', timeout: navTimeout });
  const status = resp ? resp.status() : null;
  const idleErr = await waitForIdle(page, net, Date.now() + CFG.idleTimeoutMs);
  if (idleErr) diffs.push([idleErr]);
  // The island requests made until the page settled; steps may make more.
  const settledIslands = islandRequests(islands);

  if (v.status !== undefined && !matchStatus(v.status, status))
    diffs.push([`status: expected ${JSON.stringify(v.status)}, actual ${status === null ? 'no response' : status}`]);

  if (v.headers !== undefined) {
    const hs = resp ? await resp.allHeaders().catch(() => resp.headers()) : {};
    for (const [h, re] of Object.entries(v.headers)) {
      const val = hs[h.toLowerCase()];
      if (val === undefined) diffs.push([`page header ${h}: expected /${re}/, actual: absent`]);
      else if (!new RegExp(re).test(val)) diffs.push([`page header ${h}: expected /${re}/, actual ${JSON.stringify(val)}`]);
    }
  }

  if (v.final_text !== undefined) {
    const text = await evalSettled(page, net, `(${PAGE_TEXT_SRC})(document)`);
    if (text !== v.final_text) diffs.push(textDiff('final_text', v.final_text, text));
  }
  if (v.final_path !== undefined) {
    const p = await evalSettled(page, net, 'location.pathname');
    if (normPath(p) !== normPath(v.final_path)) diffs.push([`final_path: expected ${JSON.stringify(v.final_path)}, actual ${JSON.stringify(p)}`]);
  }
  for (const s of v.styles || []) {
    let r;
    try {
      r = await evalSettled(page, net, ({ sel, prop }) => {
        const el = document.querySelector(sel);
        if (!el) return { missing: true };
        const cs = getComputedStyle(el);
        let val = cs[prop];
        if (val === undefined) val = cs.getPropertyValue(prop);
        return { value: val };
      }, { sel: s.selector, prop: s.property });
    } catch (e) {
      r = { error: e.message.split('\n')[0] };
    }
    const what = `style ${s.property} of ${JSON.stringify(s.selector)}`;
    if (r.missing) diffs.push([`${what}: no element matches the selector`]);
    else if (r.error) diffs.push([`${what}: ${r.error}`]);
    else if (r.value !== s.value) diffs.push([`${what}: expected ${JSON.stringify(s.value)}, actual ${JSON.stringify(r.value)}`]);
  }
  if (v.islands !== undefined) {
    for (const rec of settledIslands) {
      if (rec.status === null && !rec.failure) {
        const r = await rec.req.response().catch(() => null);
        if (r) { rec.status = r.status(); rec.headersP = r.allHeaders().catch(() => r.headers()); }
      }
      rec.headers = rec.headersP ? await rec.headersP.catch(() => ({})) : {};
    }
    const actualList = settledIslands.map((r, i) => `  #${i + 1} ${showIsland(r)}`);
    if (settledIslands.length !== v.islands.length)
      diffs.push([`islands: expected ${v.islands.length} island request(s), actual ${settledIslands.length}`, ...actualList]);
    const n = Math.min(settledIslands.length, v.islands.length);
    for (let i = 0; i < n; i++) {
      const e = v.islands[i];
      const a = settledIslands[i];
      const w = `island #${i + 1} (${showIsland(a)})`;
      if (e.status !== undefined && !matchStatus(e.status, a.status))
        diffs.push([`${w}: status expected ${JSON.stringify(e.status)}`]);
      if (e.method !== undefined && !matchMethod(e.method, a.method))
        diffs.push([`${w}: method expected ${JSON.stringify(e.method)}`]);
      for (const [h, re] of Object.entries(e.headers || {})) {
        const val = a.headers[h.toLowerCase()];
        if (val === undefined) diffs.push([`${w}: header ${h} expected /${re}/, actual: absent`]);
        else if (!new RegExp(re).test(val)) diffs.push([`${w}: header ${h} expected /${re}/, actual ${JSON.stringify(val)}`]);
      }
    }
  }
  if (v.steps !== undefined) await runSteps(page, net, v.steps, requests, diffs);
  if (diffs.length && consoleLines.length) {
    notes.push('browser console:', ...consoleLines.slice(0, 10).map((l) => '  ' + l.slice(0, 300)));
    if (consoleLines.length > 10) notes.push(`  ... and ${consoleLines.length - 10} more`);
  }
  await ctx.close();
  return { diffs, notes };
}

// Waits, after an action, until the network has been idle for 500 ms (bounded like the first load).
async function settleAfter(page, net) {
  net.lastChange = Date.now();
  return waitForIdle(page, net, Date.now() + CFG.idleTimeoutMs);
}

// Does the visit's steps in order. A check that fails is reported and the steps go on; an action
// that cannot be done (no element, or the page never settles) ends them, as what follows depends on it.
async function runSteps(page, net, steps, requests, diffs) {
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    const action = stepAction(step)[0];
    const arg = step[action];
    const w = `step ${i + 1} (${action} ${JSON.stringify(arg)})`;
    if (action === 'click' || action === 'scroll_to') {
      const skipped = () => { if (i + 1 < steps.length) diffs.push([i + 2 === steps.length ? `step ${i + 2} not done` : `steps ${i + 2}-${steps.length} not done`]); };
      try {
        const el = page.locator(arg).first();
        if (await el.count() === 0) {
          diffs.push([`${w}: no element matches the selector`]);
          skipped();
          return;
        }
        if (action === 'click') await el.click({ timeout: CFG.idleTimeoutMs });
        else await el.scrollIntoViewIfNeeded({ timeout: CFG.idleTimeoutMs });
      } catch (e) {
        diffs.push([`${w}: could not ${action === 'click' ? 'click' : 'scroll to'} it: ${String(e.message).split('\n')[0]}`]);
        skipped();
        return;
      }
      const idleErr = await settleAfter(page, net);
      if (idleErr) {
        diffs.push([`${w}: ${idleErr}`]);
        skipped();
        return;
      }
    } else if (action === 'text') {
      const text = await evalSettled(page, net, `(${PAGE_TEXT_SRC})(document)`);
      if (text !== arg) diffs.push(textDiff(w, arg, text));
    } else if (action === 'requests') {
      const re = new RegExp(arg.url);
      const hits = requests.filter((u) => re.test(u));
      if (hits.length !== arg.count)
        diffs.push([`${w}: expected ${arg.count} request(s) matching /${arg.url}/, actual ${hits.length}`,
          ...hits.slice(0, 10).map((u) => `  ${u.slice(0, 200)}`)]);
    } else if (action === 'event_count') {
      const n = await evalSettled(page, net, (t) => {
        const c = window.__islConformanceEvents;
        return c ? (c[t] || 0) : null;
      }, arg.type);
      if (n === null) diffs.push([`${w}: the event counter is not in the page (not an HTML document?)`]);
      else if (n !== arg.count) diffs.push([`${w}: expected ${arg.count} event(s), actual ${n}`]);
    }
  }
}

// ---------------------------------------------------------------- cases

class Semaphore {
  constructor(n) { this.n = n; this.q = []; }
  async acquire() {
    if (this.n > 0) { this.n--; return; }
    await new Promise((r) => this.q.push(r));
  }
  release() {
    const next = this.q.shift();
    if (next) next(); else this.n++;
  }
}

function copySite(src, dst) {
  fs.cpSync(src, dst, { recursive: true, dereference: true });
  // The corpus may be read-only; the copy must be writable (isl build writes dist/ in it).
  (function fix(p) {
    const st = fs.lstatSync(p);
    if (st.isDirectory()) {
      fs.chmodSync(p, st.mode | 0o700);
      for (const e of fs.readdirSync(p)) fix(path.join(p, e));
    } else if (st.isFile()) {
      fs.chmodSync(p, st.mode | 0o600);
    }
  })(dst);
}

function secs(ms) { return (ms / 1000).toFixed(1) + 's'; }

async function runCase(c, key, buildSem, visitSem) {
  const r = { name: c.name, problems: [], timing: [] };
  let spec;
  try {
    spec = JSON.parse(fs.readFileSync(path.join(c.dir, 'case.json'), 'utf8'));
  } catch (e) {
    r.problems.push([`case.json: ${e.message}`]);
    return r;
  }
  const errs = validateCase(spec);
  if (errs.length) { r.problems.push(errs.map((e) => 'case.json: ' + e)); return r; }
  const siteSrc = path.join(c.dir, 'site');
  if (!fs.existsSync(siteSrc) || !fs.statSync(siteSrc).isDirectory()) { r.problems.push(['the case has no site/ folder']); return r; }

  const work = path.join(tmpRoot, c.name);
  const site = path.join(work, 'site');
  const env = { ...process.env, ISL_KEY: key };

  await buildSem.acquire();
  let build;
  const t0 = Date.now();
  try {
    fs.mkdirSync(work, { recursive: true });
    copySite(siteSrc, site);
    build = await runProcess(CFG.bin, ['build', site], { cwd: site, env, logFile: path.join(work, 'build.log'), timeoutMs: CFG.buildTimeoutMs });
  } catch (e) {
    build = { error: e };
  } finally {
    buildSem.release();
  }
  r.timing.push(`build ${secs(Date.now() - t0)}`);
  const log = readLog(path.join(work, 'build.log'));
  const exitDesc = build.signal ? `was killed by signal ${build.signal}` : `exited with code ${build.code}`;

  try {
    if (build.timedOut) {
      r.problems.push([`isl build did not finish within ${CFG.buildTimeoutMs / 1000}s`, ...tail(log, 25).map((l) => '  | ' + l)]);
      return r;
    }
    if (build.error) { r.problems.push([`isl build could not run: ${build.error.message}`]); return r; }

    if (spec.build !== 'ok') {
      if (build.code === 0) r.problems.push(['isl build succeeded, but the case expects it to fail with an error']);
      else if (build.signal) r.problems.push([`isl build ${exitDesc}; the case expects an error diagnostic and a non-zero exit`,
        ...tail(log, 25).map((l) => '  | ' + l)]);
      if (build.code !== 0) {
        const d = checkBuildError(spec.build.error, log);
        if (d.length) r.problems.push(d);
      }
      return r;
    }

    if (build.code !== 0) {
      r.problems.push([`isl build ${exitDesc}; its output ends:`, ...tail(log, 40).map((l) => '  | ' + l)]);
      return r;
    }
    if (!fs.existsSync(path.join(site, 'dist'))) {
      r.problems.push(['isl build exited 0 but wrote no dist/ folder in the site']);
      return r;
    }
    const visits = spec.visits || [];
    const types = eventTypes(spec);
    if (visits.length === 0) return r;

    await visitSem.acquire();
    const t1 = Date.now();
    let server = null;
    try {
      server = await startServer(site, work, key);
      for (let i = 0; i < visits.length; i++) {
        const v = visits[i];
        const label = `visit ${i + 1}: ${v.path}` + (v.cookies && Object.keys(v.cookies).length
          ? ` (cookies ${Object.entries(v.cookies).map(([k, x]) => `${k}=${x}`).join(', ')})` : '');
        const contexts = [];
        let res;
        try {
          res = await withTimeout(runVisit(server.base, v, contexts, types), CFG.visitTimeoutMs);
          if (res.timedOut) res = { diffs: [[`the visit did not finish within ${CFG.visitTimeoutMs / 1000}s`]], notes: [] };
        } catch (e) {
          res = { diffs: [[`error: ${String(e.message || e).split('\n')[0]}`]], notes: [] };
        }
        for (const ctx of contexts) await withTimeout(ctx.close().catch(() => {}), 5000);
        if (res.diffs.length) r.problems.push([`${label}`, ...res.diffs.flat().map((l) => '  ' + l), ...res.notes.map((l) => '  ' + l)]);
        const ex = server.exitedEarly();
        if (ex) {
          r.problems.push([`isl serve exited during the visits (${ex.signal ? 'signal ' + ex.signal : 'code ' + ex.code})`]);
          break;
        }
      }
    } catch (e) {
      r.problems.push([String(e.message || e)]);
    } finally {
      if (server) await stopServer(server);
      visitSem.release();
      r.timing.push(`visits ${secs(Date.now() - t1)}`);
    }
    if (server && r.problems.length) {
      r.problems.push(['isl serve output ends:', ...tail(readLog(server.logFile), 15).map((l) => '  | ' + l)]);
    }
    return r;
  } finally {
    if (!CFG.keep) fs.rmSync(work, { recursive: true, force: true });
  }
}

function listCases(corpus, filters) {
  let names = fs.readdirSync(corpus, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(corpus, e.name, 'case.json')))
    .map((e) => e.name).sort();
  if (filters.length) names = names.filter((n) => filters.some((f) => n.includes(f)));
  return names.map((name) => ({ name, dir: path.join(corpus, name) }));
}

// Reads a pending list: one case folder name a line; `#` starts a comment; blank lines are skipped.
function readPending(file) {
  let text;
  try { text = fs.readFileSync(file, 'utf8'); } catch (e) { fatal(`--pending ${file}: ${e.message}`); }
  const names = new Set();
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (line) names.add(line);
  }
  return names;
}

// Where to tell a person to edit the pending list: relative to the repository when it is in it.
function displayPath(file) {
  const repo = path.resolve(__dirname, '../..');
  const rel = path.relative(repo, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

// Prints one case's result; returns "pass", "fail", "pending-fail" or "pending-pass".
function printResult(r, pendingFile) {
  const ok = r.problems.length === 0;
  const timing = r.timing.length ? ` (${r.timing.join(', ')})` : '';
  let verdict;
  if (!r.pending) {
    verdict = ok ? 'pass' : 'fail';
    console.log(`${ok ? 'PASS' : 'FAIL'} ${r.name}${timing}`);
  } else if (ok) {
    verdict = 'pending-pass';
    console.log(`PENDING-PASS ${r.name}: remove it from ${displayPath(pendingFile)}${timing}`);
  } else {
    verdict = 'pending-fail';
    console.log(`PENDING-FAIL ${r.name}${timing}`);
  }
  for (const block of r.problems) {
    for (const entry of block) for (const line of String(entry).split('\n')) console.log('    ' + line);
  }
  return verdict;
}

function parseArgs(argv) {
  const out = { corpus: null, filters: [], pending: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--pending') {
      if (i + 1 >= argv.length) fatal('--pending needs a file');
      out.pending = argv[++i];
    } else if (a.startsWith('--pending=')) out.pending = a.slice('--pending='.length);
    else if (a.startsWith('--')) fatal(`unknown option ${a}`);
    else if (out.corpus === null) out.corpus = a;
    else out.filters.push(a);
  }
  return out;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!args.corpus) fatal('usage: run CORPUS_DIR [--pending FILE] [CASE_FILTER...]');
  const corpus = path.resolve(args.corpus);
  const filters = args.filters;
  if (!fs.existsSync(corpus) || !fs.statSync(corpus).isDirectory()) fatal(`${corpus} is not a folder`);
  if (!fs.existsSync(CFG.bin)) fatal(`isl binary not found: ${CFG.bin} (set ISL_BIN)`);
  const pendingFile = args.pending ? path.resolve(args.pending) : null;
  const pendingNames = pendingFile ? readPending(pendingFile) : new Set();
  const cases = listCases(corpus, filters);
  if (cases.length === 0) fatal(filters.length ? `no case in ${corpus} matches ${filters.join(' ')}` : `no case (*/case.json) in ${corpus}`);
  const allNames = new Set(listCases(corpus, []).map((c) => c.name));
  const stale = [...pendingNames].filter((n) => !allNames.has(n));

  const key = process.env.ISL_KEY || crypto.randomBytes(32).toString('base64');
  tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'isl-conformance-'));
  console.log(`isl conformance: ${cases.length} case(s) from ${corpus}`);
  console.log(`  isl: ${CFG.bin}; jobs: ${CFG.jobs}; key: ${process.env.ISL_KEY ? 'from ISL_KEY' : 'generated for this run'}` +
    (CFG.keep ? `; work dir kept: ${tmpRoot}` : ''));
  if (pendingFile) console.log(`  pending (run, reported, not judged): ${pendingNames.size} case(s) listed in ${displayPath(pendingFile)}`);
  for (const n of stale) console.log(`  warning: ${displayPath(pendingFile)} names "${n}", which is no case of ${corpus}`);

  const start = Date.now();
  const buildSem = new Semaphore(Math.max(1, CFG.jobs));
  const visitSem = new Semaphore(1);
  const running = cases.map((c) => runCase(c, key, buildSem, visitSem).catch((e) =>
    ({ name: c.name, problems: [[`runner error: ${e.stack || e}`]], timing: [] })));
  const tally = { pass: 0, fail: 0, 'pending-fail': 0, 'pending-pass': 0 };
  const nowPassing = [];
  for (const p of running) {
    const r = await p;
    if (interrupted) return;
    r.pending = pendingNames.has(r.name);
    const verdict = printResult(r, pendingFile);
    tally[verdict]++;
    if (verdict === 'pending-pass') nowPassing.push(r.name);
  }
  await closeBrowser();
  if (CFG.keep) console.log(`work dir kept: ${tmpRoot}`);
  else fs.rmSync(tmpRoot, { recursive: true, force: true });
  console.log(`total time ${secs(Date.now() - start)}`);
  if (pendingFile) {
    console.log(`pending: ${tally['pending-fail']} still failing (not counted below), ${tally['pending-pass']} passing now (counted as passed)`);
    if (nowPassing.length) console.log(`PENDING-PASS: remove ${nowPassing.join(', ')} from ${displayPath(pendingFile)}`);
  }
  // The last line, as before: pending cases that fail count in neither number.
  console.log(`${tally.pass + tally['pending-pass']} passed, ${tally.fail} failed`);
  // Exit now rather than wait for a visit abandoned after its timeout to wind down.
  process.exit(tally.fail ? 1 : 0);
}

async function closeBrowser() {
  const bp = browserPromise;
  browserPromise = null;
  if (!bp) return;
  try {
    const b = await withTimeout(bp, 5000);
    if (b && !b.timedOut) await withTimeout(b.close(), 5000);
  } catch { /* it failed to launch; nothing to close */ }
}

// ---------------------------------------------------------------- cleanup

process.on('exit', () => {
  for (const pid of children.keys()) killGroup(pid, 'SIGKILL');
  if (tmpRoot && !CFG.keep) {
    try { fs.rmSync(tmpRoot, { recursive: true, force: true }); } catch { /* best effort */ }
  }
});
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, async () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    console.error(`\nconformance: interrupted (${sig}); stopping servers and builds`);
    for (const pid of children.keys()) killGroup(pid, 'SIGTERM');
    await Promise.race([closeBrowser(), sleep(3000)]);
    process.exit(130);
  });
}

main().catch((e) => {
  console.error(`conformance: ${e.stack || e}`);
  process.exit(2);
});
