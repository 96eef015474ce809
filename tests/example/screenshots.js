'use strict';
// Screenshots of examples/shop for docs/screenshots/: the home page (signed in), a product
// page and the dashboard, each as served (JavaScript off: the islands' fallbacks) and after
// the islands arrived.
//   node screenshots.js [--base http://127.0.0.1:PORT --db FILE]   (default: build and serve)
const fs = require('fs');
const path = require('path');
const lib = require('./lib');

const OUT = path.join(lib.REPO, 'docs/screenshots');
const VIEWPORT = { width: 1280, height: 860 };

async function signIn(browser, base, user = 'ada', password = 'espresso') {
  const ctx = await browser.newContext({ viewport: VIEWPORT });
  const page = await ctx.newPage();
  await page.goto(`${base}/login`, { timeout: 15000 });
  await page.fill('input[name=username]', user, { timeout: 5000 });
  await page.fill('input[name=password]', password, { timeout: 5000 });
  await Promise.all([page.waitForURL(`${base}/`, { timeout: 15000 }), page.click('button[type=submit]', { timeout: 5000 })]);
  const cookies = await ctx.cookies();
  await ctx.close();
  return cookies;
}

async function shoot(browser, base, cookies, { name, path: urlPath, fullPage }) {
  for (const js of [false, true]) {
    const ctx = await browser.newContext({ viewport: VIEWPORT, javaScriptEnabled: js, reducedMotion: 'reduce' });
    await ctx.addCookies(cookies);
    const page = await ctx.newPage();
    const islands = lib.trackIslands(page);
    await page.goto(base + urlPath, { timeout: 15000, waitUntil: 'load' });
    if (js) await islands.settle(10000);
    await page.waitForTimeout(150);
    const file = path.join(OUT, `${name}-${js ? 'after' : 'before'}.png`);
    await page.screenshot({ path: file, fullPage: !!fullPage, timeout: 15000 });
    console.log(`wrote ${path.relative(lib.REPO, file)}`);
    await ctx.close();
  }
}

async function capture(browser, base, { all = false } = {}) {
  fs.mkdirSync(OUT, { recursive: true });
  const cookies = await signIn(browser, base);
  await shoot(browser, base, cookies, { name: 'home', path: '/', fullPage: true });
  await shoot(browser, base, cookies, { name: 'product', path: '/product/2' });
  await shoot(browser, base, cookies, { name: 'dashboard', path: '/dashboard' });
  if (all) {
    await shoot(browser, base, cookies, { name: 'stores', path: '/stores' });
    await shoot(browser, base, [], { name: 'home-signed-out', path: '/' });
    const admin = await signIn(browser, base, 'grace', 'hopper');
    await shoot(browser, base, admin, { name: 'admin', path: '/admin' });
  }
}

async function main() {
  const argv = process.argv.slice(2);
  const arg = (name) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : undefined; };
  let ws = null;
  let server = null;
  let base = arg('--base');
  const browser = await lib.launchBrowser();
  try {
    if (!base) {
      ws = lib.workspace();
      console.log('building examples/shop ...');
      await lib.build(ws);
      server = await lib.serve(ws);
      base = server.base;
    }
    await capture(browser, base, { all: argv.includes('--all') });
  } finally {
    await browser.close().catch(() => {});
    if (server) await server.stop();
    if (ws) ws.remove();
  }
}

if (require.main === module) {
  main().catch((e) => { console.error(`screenshots: ${e.stack || e}`); process.exit(1); });
}
module.exports = { capture };
