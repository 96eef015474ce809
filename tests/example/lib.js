'use strict';
// Shared by runner.js and screenshots.js: builds examples/shop with a throw-away database
// and key, serves it on a free 127.0.0.1 port, and launches the browser. Every wait is bounded.

const fs = require('fs');
const os = require('os');
const net = require('net');
const http = require('http');
const path = require('path');
const { spawn, execFileSync } = require('child_process');

const REPO = path.resolve(__dirname, '../..');
const SITE = path.join(REPO, 'examples/shop');
const BIN = process.env.ISL_BIN || path.join(REPO, 'build/isl');
const CHROMIUM = process.env.ISL_CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const BUILD_TIMEOUT_MS = Number(process.env.ISL_EXAMPLE_BUILD_TIMEOUT || 600) * 1000;
const START_TIMEOUT_MS = 20000;

function playwright() {
  // playwright-core, pinned by tests/conformance/package-lock.json (./run installs it).
  return require(path.join(REPO, 'tests/conformance/node_modules/playwright-core'));
}

const children = new Set();
function killGroup(pid, sig) { try { process.kill(-pid, sig); } catch { /* gone */ } }
function cleanupChildren() { for (const c of children) killGroup(c.pid, 'SIGKILL'); children.clear(); }
process.on('exit', cleanupChildren);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { cleanupChildren(); process.exit(130); });

function sleep(ms) { return new Promise((r) => setTimeout(r, ms)); }

function withTimeout(promise, ms, what) {
  let t;
  return Promise.race([promise, new Promise((_, reject) => {
    t = setTimeout(() => reject(new Error(`${what}: no answer within ${ms / 1000}s`)), ms);
  })]).finally(() => clearTimeout(t));
}

// Runs a command in its own process group, output to logFile; resolves with its exit code.
function run(cmd, args, { env, cwd, logFile, timeoutMs }) {
  return new Promise((resolve, reject) => {
    const fd = fs.openSync(logFile, 'w');
    const child = spawn(cmd, args, { env, cwd, stdio: ['ignore', fd, fd], detached: true });
    fs.closeSync(fd);
    children.add(child);
    const timer = setTimeout(() => { killGroup(child.pid, 'SIGKILL'); reject(new Error(`${cmd} ${args[0]} timed out`)); },
      timeoutMs);
    child.on('error', (e) => { clearTimeout(timer); children.delete(child); reject(e); });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      children.delete(child);
      resolve(code === null ? 128 + (os.constants.signals[signal] || 0) : code);
    });
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => resolve(port)); });
  });
}

function httpGet(url, timeoutMs = 2000) {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: timeoutMs, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
    });
    req.on('timeout', () => { req.destroy(); resolve(null); });
    req.on('error', () => resolve(null));
  });
}

function tail(file, n = 30) {
  try { return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-n).join('\n'); } catch { return ''; }
}

// A fresh work folder with its own database and key; the build writes dist there.
function workspace() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isl-shop-'));
  const key = execFileSync(BIN, ['keygen'], { encoding: 'utf8', timeout: 10000 }).trim();
  return {
    dir,
    dist: path.join(dir, 'dist'),
    env: { ...process.env, ISL_KEY: key, SHOP_DB: path.join(dir, 'shop.db') },
    remove() { if (process.env.ISL_KEEP !== '1') fs.rmSync(dir, { recursive: true, force: true }); },
  };
}

async function build(ws) {
  const logFile = path.join(ws.dir, 'build.log');
  const code = await run(BIN, ['build', SITE, '--out', ws.dist], { env: ws.env, cwd: ws.dir, logFile, timeoutMs: BUILD_TIMEOUT_MS });
  if (code !== 0) throw new Error(`isl build failed (exit ${code}):\n${tail(logFile)}`);
  return fs.readFileSync(logFile, 'utf8');
}

async function serve(ws) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const logFile = path.join(ws.dir, 'serve.log');
  const fd = fs.openSync(logFile, 'w');
  const child = spawn(BIN, ['serve', SITE, '--dist', ws.dist, '--host', '127.0.0.1', '--port', String(port)],
    { env: ws.env, cwd: ws.dir, stdio: ['ignore', fd, fd], detached: true });
  fs.closeSync(fd);
  children.add(child);
  let exited = null;
  child.on('exit', (code, signal) => { exited = { code, signal }; children.delete(child); });
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline && !exited) {
    const r = await httpGet(`${base}/favicon.svg`, 1000);
    if (r && r.status === 200) break;
    await sleep(100);
  }
  if (exited || Date.now() >= deadline) {
    killGroup(child.pid, 'SIGKILL');
    throw new Error(`isl serve did not come up:\n${tail(logFile)}`);
  }
  return {
    base,
    logFile,
    exited: () => exited,
    async stop() {
      if (exited) return;
      killGroup(child.pid, 'SIGTERM');
      const end = Date.now() + 5000;
      while (!exited && Date.now() < end) await sleep(50);
      if (!exited) killGroup(child.pid, 'SIGKILL');
    },
  };
}

async function launchBrowser() {
  const { chromium } = playwright();
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 60000 });
}

// Waits until no island request is in flight and every island placeholder is gone (or the
// time is up); island requests are counted from the moment the page was opened.
function trackIslands(page) {
  const inflight = new Set();
  const done = [];
  page.on('request', (r) => { if (r.url().includes('/_server-islands/')) inflight.add(r); });
  const finish = (r) => { if (inflight.delete(r)) done.push(r); };
  page.on('requestfinished', finish);
  page.on('requestfailed', finish);
  return {
    done,
    async settle(timeoutMs = 10000) {
      const deadline = Date.now() + timeoutMs;
      let quietSince = Date.now();
      while (Date.now() < deadline) {
        if (inflight.size > 0) quietSince = Date.now();
        else if (Date.now() - quietSince >= 300) return true;
        await sleep(50);
      }
      return false;
    },
  };
}

module.exports = {
  REPO, SITE, BIN, CHROMIUM, sleep, withTimeout, httpGet, workspace, build, serve, launchBrowser, trackIslands, tail,
};
