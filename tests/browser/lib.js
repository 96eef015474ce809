'use strict';
// What the browser tests share: the isl binary, temporary sites, processes in their own
// process groups (all killed on exit), free ports, bounded waits, one headless Chromium,
// and a small check list that makes the test's exit status.
const fs = require('fs');
const path = require('path');
const os = require('os');
const net = require('net');
const { spawn } = require('child_process');

const repo = path.resolve(__dirname, '../..');
const ISL_BIN = process.env.ISL_BIN || path.join(repo, 'build/isl');
// The example's helpers: bounded HTTP GET, sleep, and Chromium launched the same way
// (playwright-core pinned by tests/conformance/package.json).
const { httpGet, sleep, launchBrowser } = require('../example/lib');

const children = new Set();
const tmpDirs = [];
let browser = null;

// A writable copy of tests/browser/sites/NAME in a fresh temporary folder.
function copySite(name) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `isl-browser-${name}-`));
  tmpDirs.push(dir);
  const site = path.join(dir, 'site');
  fs.cpSync(path.join(__dirname, 'sites', name), site, { recursive: true, dereference: true });
  return site;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => resolve(port)); });
  });
}

// Starts the isl binary in its own process group; .output() is what it printed so far
// (stdout and stderr together), .exited resolves with {code, signal}.
function startIsl(args, { cwd, env } = {}) {
  const child = spawn(ISL_BIN, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { out += d; });
  children.add(child);
  const exited = new Promise((resolve) => {
    child.on('error', (e) => resolve({ error: e }));
    child.on('exit', (code, signal) => { children.delete(child); resolve({ code, signal }); });
  });
  return { child, exited, output: () => out.replace(/\x1b\[[0-9;?]*[ -/]*[@-~]/g, '') };
}

async function stop(proc) {
  if (!children.has(proc.child)) return;
  try { process.kill(-proc.child.pid, 'SIGTERM'); } catch { /* gone */ }
  const r = await Promise.race([proc.exited, sleep(8000).then(() => null)]);
  try { process.kill(-proc.child.pid, 'SIGKILL'); } catch { /* gone */ }
  if (!r) await Promise.race([proc.exited, sleep(3000)]);
}

// Runs `isl ARGS...` to its end, bounded; returns {code, signal, output}.
async function runIsl(args, opts, timeoutMs) {
  const p = startIsl(args, opts);
  const r = await Promise.race([p.exited, sleep(timeoutMs).then(() => ({ timedOut: true }))]);
  if (r.timedOut) await stop(p);
  return { ...r, output: p.output() };
}

// Polls fn() until it returns a truthy value or timeoutMs passes; returns that value or null.
async function until(fn, timeoutMs, everyMs = 50) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() >= deadline) return null;
    await sleep(everyMs);
  }
}

async function getBrowser() {
  if (!browser) browser = await launchBrowser();
  return browser;
}

// The corpus README's page text: text under <body>, scripts and styles skipped, white space folded.
function pageText(page) {
  return page.evaluate(() => {
    const skip = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT']);
    const parts = [];
    (function walk(node) {
      for (const c of node.childNodes) {
        if (c.nodeType === Node.TEXT_NODE) parts.push(c.data);
        else if (c.nodeType === Node.ELEMENT_NODE && !skip.has(c.tagName)) walk(c);
      }
    })(document.body);
    return parts.join('').replace(/\s+/g, ' ').trim();
  }).catch(() => null); // a page in the middle of a reload has no text yet
}

// The checks of one test file: each prints PASS/FAIL; done() prints the summary and exits.
const results = [];
function check(name, ok, detail) {
  results.push({ name, ok: !!ok });
  console.log(`${ok ? 'PASS' : 'FAIL'} ${name}`);
  if (!ok && detail) for (const l of String(detail).split('\n')) console.log('    ' + l);
  return !!ok;
}

async function done() {
  if (browser) await Promise.race([browser.close().catch(() => {}), sleep(5000)]);
  for (const c of [...children]) await stop({ child: c, exited: new Promise((r) => c.on('exit', r)) });
  const failed = results.filter((r) => !r.ok).length;
  console.log(`${results.length - failed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

function tail(text, n = 20) {
  const lines = String(text).replace(/\s+$/, '').split('\n');
  return lines.slice(-n).map((l) => '| ' + l).join('\n');
}

process.on('exit', () => {
  for (const c of children) { try { process.kill(-c.pid, 'SIGKILL'); } catch { /* gone */ } }
  if (process.env.ISL_KEEP !== '1') for (const d of tmpDirs) { try { fs.rmSync(d, { recursive: true, force: true }); } catch { /* best effort */ } }
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));

module.exports = { repo, ISL_BIN, sleep, copySite, freePort, startIsl, stop, runIsl, httpGet, until, getBrowser, pageText, check, done, tail };
