'use strict';
// See ./run. Versions are pinned here so that two runs compare the same thing.
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const http = require('http');
const { spawnSync } = require('child_process');
const REPO = path.resolve(__dirname, '../..');
const { chromium } = require(path.join(REPO, 'tests/conformance/node_modules/playwright-core'));

const argv = process.argv.slice(2);
const opt = (name, dflt) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : dflt; };
const PAGES = Number(opt('--pages', 200));
const RUNS = Number(opt('--runs', 15));
const WITH_ASTRO = !argv.includes('--no-astro');
const ISL = process.env.ISL_BIN || path.join(REPO, 'build/isl');
const WORK = path.join(REPO, 'bench/.work/client');
const VERSIONS = { preact: '10.24.3', astro: '4.16.18', '@astrojs/preact': '3.5.4' };

const COUNTER = `import { useState, useEffect } from "preact/hooks";
export default function Counter({ start }) {
  const [n, setN] = useState(start);
  useEffect(() => { performance.mark("hydrated"); }, []);
  return <button class="counter" onClick={() => setN(n + 1)}>Clicks: {n}</button>;
}
`;

function write(file, text) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text) fs.writeFileSync(file, text);
}

function writeSites() {
  const isl = path.join(WORK, 'isl'), astro = path.join(WORK, 'astro');
  write(path.join(isl, 'package.json'), JSON.stringify({ name: 'isl-client-bench', private: true,
    dependencies: { preact: VERSIONS.preact } }, null, 2) + '\n');
  write(path.join(astro, 'package.json'), JSON.stringify({ name: 'astro-client-bench', private: true, type: 'module',
    dependencies: VERSIONS }, null, 2) + '\n');
  write(path.join(astro, 'astro.config.mjs'),
    'import { defineConfig } from "astro/config";\nimport preact from "@astrojs/preact";\n' +
    'export default defineConfig({ integrations: [preact()], output: "static" });\n');
  for (const site of [isl, astro]) write(path.join(site, 'src/components/Counter.jsx'), COUNTER);
  for (let i = 0; i < PAGES; i++) {
    const body = (fm, use) => `---\n${fm}\n---\n<!doctype html>\n<html>\n<head><title>Page ${i}</title></head>\n` +
      `<body>\n<h1>Page ${i}</h1>\n<p>Static text of page ${i}.</p>\n${use}\n</body>\n</html>\n`;
    write(path.join(isl, `src/pages/p${i}.isl`),
      body('import Counter from "../components/Counter.jsx";', `<Counter client:load start={${i}} />`));
    write(path.join(astro, `src/pages/p${i}.astro`),
      body('import Counter from "../components/Counter.jsx";', `<Counter client:load start={${i}} />`));
  }
  return { isl, astro };
}

function timed(cmd, args, cwd) {
  const t = process.hrtime.bigint();
  // CCACHE_DISABLE: a cold isl build compiles everything again (no ccache hits).
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8',
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', CCACHE_DISABLE: '1' } });
  const s = Number(process.hrtime.bigint() - t) / 1e9;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  return { seconds: s, output: r.stdout + r.stderr };
}

function npmInstall(site) {
  if (!fs.existsSync(path.join(site, 'node_modules/.package-lock.json')))
    timed('npm', ['install', '--no-audit', '--no-fund'], site);
}

function serve(dir) {
  const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css' };
  const server = http.createServer((req, res) => {
    let p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file = path.join(dir, p);
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!fs.existsSync(file) && fs.existsSync(file + '.html')) file += '.html';
    if (!file.startsWith(dir) || !fs.existsSync(file)) { res.writeHead(404); return res.end(); }
    res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(fs.readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const gz = (buf) => zlib.gzipSync(buf, { level: 9 }).length;

async function measurePage(browser, base, urlPath) {
  // JavaScript shipped: every script response, and the inline scripts, each gzipped.
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const bodies = [];
  page.on('response', async (r) => { if (r.request().resourceType() === 'script') bodies.push(r.body().catch(() => Buffer.alloc(0))); });
  await page.goto(base + urlPath, { waitUntil: 'networkidle' });
  await page.waitForFunction(() => performance.getEntriesByName('hydrated').length > 0, null, { timeout: 15000 });
  const external = (await Promise.all(bodies)).map((b) => ({ raw: b.length, gz: gz(b) }));
  const inline = await page.evaluate(() => [...document.querySelectorAll('script:not([src])')].map((s) => s.textContent));
  const inl = inline.map((t) => ({ raw: Buffer.byteLength(t), gz: gz(Buffer.from(t)) }));
  await page.click('button.counter');
  const clicked = await page.textContent('button.counter');
  await ctx.close();
  const sum = (xs, k) => xs.reduce((a, x) => a + x[k], 0);
  // Hydration time: navigation start to the counter's effect, a fresh context each run.
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const c = await browser.newContext();
    const p = await c.newPage();
    await p.goto(base + urlPath, { waitUntil: 'load' });
    await p.waitForFunction(() => performance.getEntriesByName('hydrated').length > 0, null, { timeout: 15000 });
    times.push(await p.evaluate(() => performance.getEntriesByName('hydrated')[0].startTime));
    await c.close();
  }
  return { files: external.length, inline_scripts: inl.length, js_raw: sum(external, 'raw') + sum(inl, 'raw'),
           js_gzip: sum(external, 'gz') + sum(inl, 'gz'), hydrated_ms_median: median(times), clicked };
}

async function main() {
  const sites = writeSites();
  const results = { pages: PAGES, runs: RUNS, versions: VERSIONS, cpu: require('os').cpus()[0].model,
    loadavg_start: require('os').loadavg().map((x) => x.toFixed(2)) };
  npmInstall(sites.isl);
  fs.rmSync(path.join(sites.isl, '.isl'), { recursive: true, force: true });
  fs.rmSync(path.join(sites.isl, 'dist'), { recursive: true, force: true });
  const cold = timed(ISL, ['build', sites.isl], sites.isl);
  results.isl_cold_build_s = cold.seconds;
  // isl build's own step lines: how much of it is the client side (npm, esbuild, Node).
  results.isl_cold_build_steps = cold.output.split('\n').filter((l) => /^  (templates|client|compile|prerender)/.test(l)).map((l) => l.trim());
  const warm = timed(ISL, ['build', sites.isl], sites.isl);
  results.isl_nochange_build_s = warm.seconds;
  results.isl_nochange_ran_esbuild = !/unchanged/.test(warm.output);
  results.isl_nochange_node_renders = Number((warm.output.match(/(\d+) client renders by Node/) || [0, -1])[1]);
  if (WITH_ASTRO) {
    npmInstall(sites.astro);
    fs.rmSync(path.join(sites.astro, 'dist'), { recursive: true, force: true });
    fs.rmSync(path.join(sites.astro, 'node_modules/.astro'), { recursive: true, force: true });
    results.astro_cold_build_s = timed('npx', ['astro', 'build'], sites.astro).seconds;
    results.astro_nochange_build_s = timed('npx', ['astro', 'build'], sites.astro).seconds;
  }
  const browser = await chromium.launch({ executablePath: process.env.ISL_CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
  try {
    const islServer = await serve(path.join(sites.isl, 'dist'));
    results.isl_page = await measurePage(browser, `http://127.0.0.1:${islServer.address().port}`, '/p7');
    islServer.close();
    if (WITH_ASTRO) {
      const astroServer = await serve(path.join(sites.astro, 'dist'));
      results.astro_page = await measurePage(browser, `http://127.0.0.1:${astroServer.address().port}`, '/p7');
      astroServer.close();
    }
  } finally { await browser.close(); }
  results.loadavg_end = require('os').loadavg().map((x) => x.toFixed(2));
  console.log(JSON.stringify(results, null, 2));
  const out = path.join(REPO, 'bench/results', `client-${new Date().toISOString().slice(0, 10)}.json`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(results, null, 2) + '\n');
}

main().catch((e) => { console.error(e); process.exit(1); });
