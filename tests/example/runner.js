'use strict';
// Browser tests of examples/shop: node runner.js [--screenshots] [FILTER...]
// Normally started through ./run, which installs what this needs first. Builds the example
// with a temporary SHOP_DB and a fresh ISL_KEY, serves it on a free 127.0.0.1 port and
// checks each scenario in Chromium. The last line is "N passed, M failed".
const http = require('http');
const lib = require('./lib');

const WAIT = 10000; // every wait for the browser or an island is bounded by this

// ---------------------------------------------------------------- helpers

function pageText() {
  const skip = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT']);
  const parts = [];
  (function walk(node) {
    for (const c of node.childNodes) {
      if (c.nodeType === Node.TEXT_NODE) parts.push(c.data);
      else if (c.nodeType === Node.ELEMENT_NODE && !skip.has(c.tagName)) walk(c);
    }
  })(document.body);
  return parts.join('').replace(/\s+/g, ' ').trim();
}

// The text of HTML as served, no script run: tags dropped, script/style contents skipped.
function staticText(html) {
  const body = (html.match(/<body[^>]*>([\s\S]*)<\/body>/i) || [null, html])[1];
  return body.replace(/<(script|style|template|noscript)\b[\s\S]*?<\/\1>/gi, ' ').replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<[^>]+>/g, ' ').replace(/&amp;/g, '&').replace(/&#39;|&apos;/g, "'").replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/\s+/g, ' ').trim();
}

function expect(cond, message) { if (!cond) throw new Error(message); }

function expectIncludes(text, wanted, where) {
  expect(text.includes(wanted), `${where}: expected to see ${JSON.stringify(wanted)}; the text was:\n    ` +
    JSON.stringify(text.length > 600 ? text.slice(0, 600) + '…' : text));
}

function expectExcludes(text, unwanted, where) {
  expect(!text.includes(unwanted), `${where}: did not expect ${JSON.stringify(unwanted)}`);
}

async function waitForText(page, wanted, where) {
  try {
    await page.waitForFunction((t) => document.body && document.body.innerText.includes(t), wanted, { timeout: WAIT });
  } catch {
    const text = await page.evaluate(pageText).catch(() => '(page gone)');
    expectIncludes(text, wanted, `${where} (after ${WAIT / 1000}s)`);
  }
}

function pathOf(url) { const u = new URL(url); return u.pathname + u.search; }

// Signs in over HTTP with an Authorization: Basic header (the /login route takes it as well as the form fields)
// and gives the session cookie for a browser context.
function sessionCookie(base, user, password) {
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}/login`, {
      method: 'POST', agent: false, timeout: WAIT,
      headers: { Authorization: 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64'), 'Content-Length': 0 },
    }, (res) => {
      res.resume();
      const set = [].concat(res.headers['set-cookie'] || []).find((c) => c.startsWith('session='));
      if (res.statusCode !== 303 || !set) return reject(new Error(`signing in as ${user}: ${res.statusCode}, no session cookie`));
      const value = set.split(';')[0].slice('session='.length);
      resolve([{ name: 'session', value, domain: '127.0.0.1', path: '/', httpOnly: true, sameSite: 'Lax' }]);
    });
    req.on('timeout', () => req.destroy(new Error('signing in: timed out')));
    req.on('error', reject);
    req.end();
  });
}

// ---------------------------------------------------------------- the checks

const checks = [];
function check(name, fn) { checks.push({ name, fn }); }

check('home page: static HTML holds the island placeholder, not the profile', async ({ base }) => {
  const r = await lib.httpGet(`${base}/`, WAIT);
  expect(r && r.status === 200, `GET / answered ${r && r.status}`);
  const text = staticText(r.body);
  expectIncludes(text, 'Good mornings, slowly made.', 'static /');
  expectIncludes(text, 'Heron Gooseneck Kettle', 'static / (catalogue from the database)');
  expectExcludes(text, 'Please log in', 'static /');
  expectExcludes(text, 'Welcome back', 'static /');
  expect(/isl-island:\/_server-islands\/UserProfile\?/.test(r.body), 'no UserProfile island placeholder in /');
});

check('home page shows the login prompt when signed out', async ({ browser, base }) => {
  const ctx = await browser.newContext();
  try {
    const page = await ctx.newPage();
    await page.goto(`${base}/`, { timeout: WAIT });
    await waitForText(page, 'Please log in', '/');
    expect(await page.locator('form[data-login] input[name=username]').count() === 1, 'no login form in the island');
  } finally { await ctx.close(); }
});

check('a wrong password keeps you signed out, with a message', async ({ browser, base }) => {
  const ctx = await browser.newContext();
  try {
    const page = await ctx.newPage();
    await page.goto(`${base}/`, { timeout: WAIT });
    await page.fill('input[name=username]', 'ada', { timeout: WAIT });
    await page.fill('input[name=password]', 'latte', { timeout: WAIT });
    await page.click('form[data-login] button[type=submit]', { timeout: WAIT });
    await waitForText(page, "That username and password don't match", '/ after a wrong password');
    expect((await ctx.cookies()).every((c) => c.name !== 'session'), 'a session cookie was set for a wrong password');
  } finally { await ctx.close(); }
});

check('logging in with the form makes the island greet the user by name', async ({ browser, base }) => {
  const ctx = await browser.newContext();
  try {
    const page = await ctx.newPage();
    await page.goto(`${base}/`, { timeout: WAIT });
    await page.fill('input[name=username]', 'ada', { timeout: WAIT });
    await page.fill('input[name=password]', 'espresso', { timeout: WAIT });
    await Promise.all([
      page.waitForURL(`${base}/`, { timeout: WAIT, waitUntil: 'load' }),
      page.click('form[data-login] button[type=submit]', { timeout: WAIT }),
    ]);
    await waitForText(page, 'Welcome back, Ada!', '/ after signing in');
    const cookie = (await ctx.cookies()).find((c) => c.name === 'session');
    expect(cookie && cookie.httpOnly, 'no HttpOnly session cookie after signing in');
    // And out again.
    await Promise.all([
      page.waitForURL(`${base}/`, { timeout: WAIT, waitUntil: 'load' }),
      page.click('text=Log out', { timeout: WAIT }),
    ]);
    await waitForText(page, 'Please log in', '/ after logging out');
  } finally { await ctx.close(); }
});

check('the cached widget answers with Cache-Control: public, max-age=60', async ({ browser, base }) => {
  const ctx = await browser.newContext();
  try {
    const page = await ctx.newPage();
    const cached = page.waitForResponse((r) => r.url().includes('/_server-islands/CachedWidget'), { timeout: WAIT });
    const profile = page.waitForResponse((r) => r.url().includes('/_server-islands/UserProfile'), { timeout: WAIT });
    await page.goto(`${base}/`, { timeout: WAIT });
    const r = await cached;
    expect(r.status() === 200, `CachedWidget island answered ${r.status()}`);
    expect(r.headers()['cache-control'] === 'public, max-age=60',
      `CachedWidget cache-control: ${JSON.stringify(r.headers()['cache-control'])}`);
    const p = await profile;
    expect(/no-store/.test(p.headers()['cache-control'] || ''),
      `UserProfile (per user) must not be cacheable; cache-control: ${JSON.stringify(p.headers()['cache-control'])}`);
    await waitForText(page, 'Best sellers this month', '/');
  } finally { await ctx.close(); }
});

check('product page: the fallback before, the live stock after the island arrives', async ({ browser, base }) => {
  const r = await lib.httpGet(`${base}/product/2`, WAIT);
  expect(r && r.status === 200, `GET /product/2 answered ${r && r.status}`);
  const text = staticText(r.body);
  expectIncludes(text, 'No. 2 Ceramic Dripper', 'static /product/2');
  expectIncludes(text, '$32.00', 'static /product/2');
  expectIncludes(text, 'Checking availability…', 'static /product/2');
  expectExcludes(text, 'left', 'static /product/2');
  expectExcludes(text, 'In stock', 'static /product/2');
  const ctx = await browser.newContext();
  try {
    const page = await ctx.newPage();
    await page.goto(`${base}/product/2`, { timeout: WAIT });
    await waitForText(page, 'Only 3 left', '/product/2');
    expectExcludes(await page.evaluate(pageText), 'Checking availability', '/product/2 once the island arrived');
    await page.goto(`${base}/product/4`, { timeout: WAIT });
    await waitForText(page, 'Out of stock', '/product/4');
    await page.goto(`${base}/product/1`, { timeout: WAIT });
    await waitForText(page, 'In stock (12 available)', '/product/1');
  } finally { await ctx.close(); }
});

check('product page: the quantity picker is rendered at build time and hydrates (a Preact client island)', async ({ browser, base }) => {
  const r = await lib.httpGet(`${base}/product/2`, WAIT);
  const text = staticText(r.body);
  expectIncludes(text, 'Total $32.00', 'static /product/2 (the picker rendered by Node at build time)');
  const ctx = await browser.newContext();
  try {
    const page = await ctx.newPage();
    await page.goto(`${base}/product/2`, { timeout: WAIT });
    await page.click('button.qty-more', { timeout: WAIT });
    await page.click('button.qty-more', { timeout: WAIT });
    await waitForText(page, 'Total $96.00', '/product/2 after two clicks on +');
  } finally { await ctx.close(); }
});

check('every product in the database has a prerendered page; unknown ones are 404', async ({ base }) => {
  for (let id = 1; id <= 8; id++) {
    const r = await lib.httpGet(`${base}/product/${id}`, WAIT);
    expect(r && r.status === 200, `GET /product/${id} answered ${r && r.status}`);
  }
  const r = await lib.httpGet(`${base}/product/99`, WAIT);
  expect(r && r.status === 404, `GET /product/99 answered ${r && r.status}`);
  expectIncludes(staticText(r.body), "We couldn't find that page", '/product/99');
});

check('dashboard: skeletons in the static HTML, then all three islands arrive', async ({ browser, base }) => {
  const r = await lib.httpGet(`${base}/dashboard`, WAIT);
  expect(r && r.status === 200, `GET /dashboard answered ${r && r.status}`);
  expect((r.body.match(/class="skeleton/g) || []).length >= 6, 'no skeleton fallbacks in the static /dashboard');
  expectExcludes(staticText(r.body), 'Hello, Ada', 'static /dashboard');
  const ctx = await browser.newContext();
  try {
    await ctx.addCookies(await sessionCookie(base, 'ada', 'espresso'));
    const page = await ctx.newPage();
    await page.goto(`${base}/dashboard`, { timeout: WAIT });
    await waitForText(page, 'Hello, Ada', '/dashboard (UserStats)');
    await waitForText(page, 'Order #1052 is on its way', '/dashboard (Notifications)');
    await waitForText(page, 'Placed order #1052', '/dashboard (ActivityFeed)');
    await page.waitForFunction(() => !document.querySelector('.skeleton'), null, { timeout: WAIT })
      .catch(() => { throw new Error('/dashboard: skeletons still shown once the islands arrived'); });
  } finally { await ctx.close(); }
});

check('/admin signed out ends on the login page', async ({ browser, base }) => {
  const ctx = await browser.newContext();
  try {
    const page = await ctx.newPage();
    await page.goto(`${base}/admin`, { timeout: WAIT });
    await page.waitForURL((u) => u.pathname === '/login', { timeout: WAIT })
      .catch(() => { throw new Error(`/admin signed out: ended on ${pathOf(page.url())}, not /login`); });
    expect(pathOf(page.url()) === '/login?next=/admin', `/admin signed out: ended on ${pathOf(page.url())}`);
    await waitForText(page, 'Sign in to continue to /admin', '/login?next=/admin');
  } finally { await ctx.close(); }
});

check('/admin as a customer ends on /forbidden', async ({ browser, base }) => {
  const ctx = await browser.newContext();
  try {
    await ctx.addCookies(await sessionCookie(base, 'ada', 'espresso'));
    const page = await ctx.newPage();
    await page.goto(`${base}/admin`, { timeout: WAIT });
    await page.waitForURL((u) => u.pathname.replace(/\/$/, '') === '/forbidden', { timeout: WAIT })
      .catch(() => { throw new Error(`/admin as ada: ended on ${pathOf(page.url())}, not /forbidden`); });
    await waitForText(page, 'This part of the shop is for staff', '/forbidden');
  } finally { await ctx.close(); }
});

check('/admin as an admin shows the panel; restocking updates the product page', async ({ browser, base }) => {
  const ctx = await browser.newContext();
  try {
    await ctx.addCookies(await sessionCookie(base, 'grace', 'hopper'));
    const page = await ctx.newPage();
    await page.goto(`${base}/admin`, { timeout: WAIT });
    await waitForText(page, 'Running low', '/admin as grace');
    await waitForText(page, 'Signed in as Grace Hopper', '/admin as grace');
    expect(pathOf(page.url()).startsWith('/admin'), `/admin as grace: ended on ${pathOf(page.url())}`);
    // Harbour Stovetop Kettle (id 7) has 2 left: restock it, then its page shows 12.
    await Promise.all([
      page.waitForURL((u) => u.pathname.replace(/\/$/, '') === '/admin', { timeout: WAIT, waitUntil: 'load' }),
      page.click('form[action="/admin/restock/7"] button', { timeout: WAIT }),
    ]);
    await page.goto(`${base}/product/7`, { timeout: WAIT });
    await waitForText(page, 'In stock (12 available)', '/product/7 after restocking');
  } finally { await ctx.close(); }
});

check('restocking is refused to customers', async ({ base }) => {
  const [cookie] = await sessionCookie(base, 'ada', 'espresso');
  const status = await new Promise((resolve, reject) => {
    const req = http.request(`${base}/admin/restock/4`, {
      method: 'POST', agent: false, timeout: WAIT, headers: { Cookie: `session=${cookie.value}`, 'Content-Length': 0 },
    }, (res) => { res.resume(); resolve(res.statusCode); });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end();
  });
  expect(status === 403, `POST /admin/restock/4 as ada answered ${status}`);
});

check('weather widget: the failing city shows its error and a Retry button', async ({ browser, base }) => {
  const ctx = await browser.newContext();
  try {
    const page = await ctx.newPage();
    await page.goto(`${base}/stores`, { timeout: WAIT });
    await waitForText(page, 'Failed to load weather: the weather service has no station near Hallstatt', '/stores');
    await waitForText(page, '22°C', '/stores (Lisbon)');
    const hallstatt = page.locator('article', { hasText: 'Hallstatt' });
    const retry = hallstatt.getByRole('button', { name: 'Retry' });
    expect(await retry.count() === 1, 'no Retry button in the Hallstatt card');
    expect(await retry.isVisible(), 'the Retry button is not visible');
    expect(await page.getByRole('button', { name: 'Retry' }).count() === 1, 'a Retry button for a city that did not fail');
    // Retry loads the page again (and the island with it).
    await Promise.all([page.waitForEvent('load', { timeout: WAIT }), retry.click({ timeout: WAIT })]);
    await waitForText(page, 'no station near Hallstatt', '/stores after Retry');
  } finally { await ctx.close(); }
});

check('the favicon and the styles are served', async ({ browser, base }) => {
  const r = await lib.httpGet(`${base}/favicon.svg`, WAIT);
  expect(r && r.status === 200 && /image\/svg\+xml/.test(r.headers['content-type'] || ''),
    `GET /favicon.svg: ${r && r.status} ${r && r.headers['content-type']}`);
  const ctx = await browser.newContext();
  try {
    const page = await ctx.newPage();
    await page.goto(`${base}/`, { timeout: WAIT });
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(bg === 'rgb(246, 241, 234)', `body background is ${bg}: the global stylesheet did not apply`);
    await waitForText(page, 'Please log in', '/');
    const radius = await page.evaluate(() => getComputedStyle(document.querySelector('.login-prompt')).borderRadius);
    expect(radius === '14px', `island card border-radius is ${radius}: the island's styles did not apply`);
  } finally { await ctx.close(); }
});

// ---------------------------------------------------------------- main

async function main() {
  const argv = process.argv.slice(2);
  const screenshots = argv.includes('--screenshots');
  const filters = argv.filter((a) => !a.startsWith('--'));
  const selected = checks.filter((c) => filters.length === 0 || filters.some((f) => c.name.includes(f)));
  let passed = 0;
  let failed = 0;
  const ws = lib.workspace();
  let server = null;
  let browser = null;
  try {
    console.log(`building examples/shop (SHOP_DB in ${ws.dir}) ...`);
    const started = Date.now();
    await lib.build(ws);
    console.log(`  built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    server = await lib.serve(ws);
    console.log(`  serving on ${server.base}`);
    browser = await lib.launchBrowser();
    for (const c of selected) {
      let error = null;
      for (let attempt = 1; attempt <= 2; attempt++) {
        error = null;
        try {
          await lib.withTimeout(c.fn({ browser, base: server.base }), 60000, c.name);
        } catch (e) {
          error = e;
        }
        // The HTTP server is still being hardened: when it died under a check, say so loudly,
        // start it again and run the check once more (the shop's data is in SHOP_DB).
        const died = server.exited();
        if (!died) break;
        console.log(`  !! isl serve died (${died.signal || 'exit ' + died.code}) during "${c.name}": ` +
          `a server bug, not the example's. Its log:\n${lib.tail(server.logFile, 8).replace(/^/gm, '     | ')}`);
        server = await lib.serve(ws);
        if (attempt === 2) error = error || new Error('isl serve died');
      }
      if (error) {
        failed++;
        console.log(`FAIL ${c.name}\n  ${String(error.message || error).replace(/\n/g, '\n  ')}`);
      } else {
        passed++;
        console.log(`ok   ${c.name}`);
      }
    }
    if (screenshots) {
      const shots = require('./screenshots');
      await shots.capture(browser, server.base);
    }
  } catch (e) {
    failed++;
    console.log(`FAIL setup\n  ${String(e.message || e).replace(/\n/g, '\n  ')}`);
  } finally {
    if (browser) await browser.close().catch(() => {});
    if (server) await server.stop();
    if (failed === 0) ws.remove();
    else console.log(`(kept ${ws.dir}: build.log, serve.log, shop.db)`);
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

main();
