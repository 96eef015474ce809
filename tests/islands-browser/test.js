'use strict';
// Islands in headless Chromium, beyond the corpus: a redirect to another origin moves the
// page and fetches the target once; a preloaded island is requested once (the server's
// access log counts); the loader POSTs on the full URL's length; a streamed page makes no
// island request. node test.js (through ./run, which builds nothing: ISL_BIN must exist).
const fs = require('fs');
const os = require('os');
const path = require('path');
const net = require('net');
const { spawn, execFileSync } = require('child_process');
const { chromium } = require(path.join(__dirname, '../conformance/node_modules/playwright-core'));

const BIN = process.env.ISL_BIN || path.resolve(__dirname, '../../build/isl');
const CHROMIUM = process.env.ISL_CHROMIUM || '/usr/bin/chromium';
const failures = [];
const check = (ok, what) => { console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`); if (!ok) failures.push(what); };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

async function main() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'isl-islands-browser-'));
  const site = path.join(work, 'site');
  fs.cpSync(path.join(__dirname, 'site'), site, { recursive: true });
  const key = execFileSync(BIN, ['keygen']).toString().trim();
  const env = { ...process.env, ISL_KEY: key };
  execFileSync(BIN, ['build', site], { cwd: site, env, stdio: ['ignore', 'inherit', 'inherit'], timeout: 540000 });
  const port = await freePort();
  const logFile = path.join(work, 'serve.log');
  const log = fs.openSync(logFile, 'w');
  const server = spawn(BIN, ['serve', site, '--host', '127.0.0.1', '--port', String(port)],
    { cwd: site, env, stdio: ['ignore', log, log], detached: true });
  const accessed = (re) => fs.readFileSync(logFile, 'utf8').split('\n').filter((l) => re.test(l)).length;
  let browser;
  try {
    for (let i = 0; i < 100 && !fs.readFileSync(logFile, 'utf8').includes('listening'); i++) await sleep(100);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
    const base = `http://127.0.0.1:${port}`;

    // 1. A redirect to another origin (localhost is not 127.0.0.1).
    {
      const page = await (await browser.newContext()).newPage();
      const seen = [];
      page.context().on('request', (r) => seen.push(r.url()));
      await page.goto(`${base}/cross`);
      await page.waitForURL(`http://localhost:${port}/landing`, { timeout: 10000 }).catch(() => {});
      await page.waitForLoadState('networkidle');
      check(page.url() === `http://localhost:${port}/landing`, `cross-origin redirect: the page is at ${page.url()}`);
      check((await page.textContent('h1')) === 'Landed', 'cross-origin redirect: the target is shown');
      check(seen.filter((u) => u.endsWith('/landing')).length === 1, `the browser requested the target once (${seen.join(' ')})`);
      check(accessed(/"GET \/landing"/) === 1, 'the server saw the target requested once');
      await page.context().close();
    }

    // 2. Preloaded islands: one request each, the fetch uses the preloaded answer.
    {
      const context = await browser.newContext();
      await context.addCookies([{ name: 'user', value: 'ada', url: base }]);
      const page = await context.newPage();
      const before = accessed(/_server-islands\/Part/);
      const html = await (await fetch(`${base}/preloaded`)).text();
      check((html.match(/<link rel="preload" as="fetch" crossorigin href="\/_server-islands\/Part/g) || []).length === 3,
        'the page announces its three islands in the head');
      await page.goto(`${base}/preloaded`);
      await page.waitForFunction(() => document.querySelectorAll('p.part').length === 3, null, { timeout: 10000 }).catch(() => {});
      await page.waitForLoadState('networkidle');
      await sleep(300);
      const text = await page.evaluate(() => [...document.querySelectorAll('p.part')].map((p) => p.textContent).join(', '));
      check(text === 'one for ada, two for ada, three for ada', `preloaded islands in place with the cookie: ${text}`);
      const requests = accessed(/_server-islands\/Part/) - before;
      check(requests === 3, `one request per preloaded island: the server saw ${requests} for 3 islands`);
      await context.close();
    }

    // 3. GET or POST on the full URL as the browser sends it.
    {
      const page = await (await browser.newContext()).newPage();
      const methods = [];
      page.on('request', (r) => { if (r.url().includes('/_server-islands/Big')) methods.push([r.method(), r.url()]); });
      await page.goto(`${base}/long`);
      await page.waitForLoadState('networkidle');
      const urls = await page.evaluate(() => {
        const out = [];
        const w = document.createTreeWalker(document, NodeFilter.SHOW_COMMENT);
        for (let n; (n = w.nextNode());) if (n.data === 'isl-island') out.push(n);
        return out.length;
      });
      const html = await (await fetch(`${base}/long`)).text();
      const placeholders = [...html.matchAll(/<!--isl-island:([^>]*)-->/g)].map((m) => m[1]);
      let inWindow = 0;
      let wrong = 0;
      for (const rel of placeholders) {
        const full = base + rel;
        if (rel.length <= 2048 && full.length > 2048) inWindow++;
        const want = full.length > 2048 ? 'POST' : 'GET';
        const got = methods.find(([m, u]) => (m === 'GET' ? u === full : u === full.slice(0, full.indexOf('?'))) && m === want);
        if (!got) wrong++;
      }
      check(urls === placeholders.length && placeholders.length > 0, `every long island claimed (${urls}/${placeholders.length})`);
      check(inWindow > 0, `some islands are under 2048 bytes relative and over it in full (${inWindow})`);
      check(wrong === 0, `each island's method follows its full URL's length (${wrong} wrong)`);
      const big = await page.evaluate(() => document.querySelectorAll('p.big').length);
      check(big === placeholders.length, `every long island in place (${big})`);
      await page.context().close();
    }

    // 4. A streamed page: islands in the response, no island request.
    {
      const context = await browser.newContext();
      await context.addCookies([{ name: 'user', value: 'bo', url: base }]);
      const page = await context.newPage();
      const islandRequests = [];
      page.on('request', (r) => { if (r.url().includes('/_server-islands/')) islandRequests.push(r.url()); });
      await page.addInitScript(() => { window.__loads = 0; document.addEventListener('isl:island-load', () => window.__loads++); });
      const response = await page.goto(`${base}/streamed`);
      await page.waitForLoadState('networkidle');
      const text = await page.evaluate(() => [...document.querySelectorAll('p.part')].map((p) => p.textContent).join(', '));
      check(text === 'one for bo, two for bo', `streamed islands in place: ${text}`);
      check(islandRequests.length === 0, `no island request (${islandRequests.length})`);
      check((await page.evaluate(() => window.__loads)) === 2, 'two isl:island-load events');
      check(/private/.test(response.headers()['cache-control'] || ''), 'the streamed page is private');
      await context.close();
    }
  } finally {
    if (browser) await browser.close();
    try { process.kill(-server.pid, 'SIGTERM'); } catch { /* gone */ }
    if (process.env.ISL_KEEP !== '1') fs.rmSync(work, { recursive: true, force: true });
  }
  console.log(failures.length ? `${failures.length} check(s) failed` : 'all checks passed');
  process.exit(failures.length ? 1 : 0);
}

main().catch((e) => { console.error(e); process.exit(2); });
