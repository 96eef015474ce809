'use strict';
// Time from navigation to every island in place (the last isl:island-load event), in
// headless Chromium with 100 ms of added latency (CDP network emulation), for the same
// large page with fetched islands, fetched with preload, and streamed.
//   node latency.js BASE_URL [RUNS]
const path = require('path');
const { chromium } = require(path.join(__dirname, '../../tests/conformance/node_modules/playwright-core'));

const base = process.argv[2];
const runs = Number(process.argv[3] || 7);
const ISLANDS = 8;

async function once(browser, page_path) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  // 100 ms per round trip; 20 Mbit/s down, 5 up (a decent mobile or home line).
  await cdp.send('Network.emulateNetworkConditions',
    { offline: false, latency: 100, downloadThroughput: 2.5e6, uploadThroughput: 625e3 });
  await page.addInitScript((n) => {
    window.__loaded = 0;
    document.addEventListener('isl:island-load', () => {
      if (++window.__loaded === n) window.__allIn = performance.now();
    });
  }, ISLANDS);
  let islandRequests = 0;
  page.on('request', (r) => { if (r.url().includes('/_server-islands/')) islandRequests++; });
  await page.goto(base + page_path, { waitUntil: 'load' });
  await page.waitForFunction(() => window.__allIn !== undefined, null, { timeout: 20000 });
  const t = await page.evaluate(() => ({ all: window.__allIn, dcl: performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd }));
  await context.close();
  return { ...t, islandRequests };
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

(async () => {
  const browser = await chromium.launch({ executablePath: process.env.ISL_CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  const results = {};
  for (const kind of ['fetched', 'preloaded', 'streamed']) await once(browser, `/${kind}`);  // warm up
  for (let i = 0; i < runs; i++) {
    for (const kind of ['fetched', 'preloaded', 'streamed']) {
      const r = await once(browser, `/${kind}`);
      (results[kind] = results[kind] || []).push(r);
    }
  }
  await browser.close();
  console.log(`runs: ${runs}, islands per page: ${ISLANDS}, latency 100 ms, 20 Mbit/s down`);
  for (const [kind, rs] of Object.entries(results)) {
    console.log(`${kind.padEnd(10)} all islands in place: median ${median(rs.map((r) => r.all)).toFixed(0)} ms ` +
      `(min ${Math.min(...rs.map((r) => r.all)).toFixed(0)}, max ${Math.max(...rs.map((r) => r.all)).toFixed(0)}); ` +
      `DOMContentLoaded ${median(rs.map((r) => r.dcl)).toFixed(0)} ms; island requests seen ${rs[0].islandRequests}`);
  }
  console.log(JSON.stringify(Object.fromEntries(Object.entries(results).map(([k, rs]) => [k, rs.map((r) => Math.round(r.all))]))));
})().catch((e) => { console.error(e); process.exit(1); });
