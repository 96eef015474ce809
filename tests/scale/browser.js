'use strict';
// The browser half of tests/scale/run: node browser.js BASE PORT1,PORT2,PORT3
// BASE is nginx in front of three shop instances (X-Upstream says which one answered).
// Prints one "ok ..." or "FAIL ..." line per check; exits 1 when one failed.
const http = require('http');
const path = require('path');
const { chromium } = require(path.join(__dirname, '../conformance/node_modules/playwright-core'));

const [base, portList] = process.argv.slice(2);
const ports = portList.split(',');
const WAIT = 15000;
const CHROMIUM = process.env.ISL_CHROMIUM || '/usr/bin/chromium';

function expect(cond, message) { if (!cond) throw new Error(message); }
const upstreamPort = (r) => (r.headers()['x-upstream'] || '').split(':').pop();

// POST /login the way the login form's script does (Authorization: Basic): the cookie.
function sessionCookie(user, password) {
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}/login`, {
      method: 'POST', agent: false, timeout: WAIT,
      headers: { Authorization: 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64'), 'Content-Length': 0 },
    }, (res) => {
      res.resume();
      const set = [].concat(res.headers['set-cookie'] || []).find((c) => c.startsWith('session='));
      if (res.statusCode !== 303 || !set) return reject(new Error(`signing in as ${user}: ${res.statusCode}`));
      resolve([{ name: 'session', value: set.split(';')[0].slice(8), url: base, httpOnly: true, sameSite: 'Lax' }]);
    });
    req.on('timeout', () => req.destroy(new Error('signing in: timed out')));
    req.on('error', reject);
    req.end();
  });
}

// Opens `url` in `page` until the island `name` has been answered by every instance;
// returns {port: body}. Every answer must satisfy `good` (its body).
async function islandFromEveryInstance(page, url, name, good, what) {
  const seen = {};
  for (let i = 0; i < 15 && !ports.every((p) => p in seen); ++i) {
    const island = page.waitForResponse((r) => r.url().includes(`/_server-islands/${name}`), { timeout: WAIT })
      .catch((e) => e);
    await page.goto(url, { timeout: WAIT });
    const r = await island;
    if (r instanceof Error) throw new Error(`${what}: visit ${i + 1} of ${url}: ${r.message}`);
    // Before the next visit: the body goes with its page. An answer to an earlier page (its
    // islands still arriving when this visit began) has no body any more: visit again.
    const body = await r.text().catch(() => null);
    if (body === null) continue;
    const port = upstreamPort(r);
    expect(good(body), `${what}: instance ${port} answered ${r.status()}: ${body.slice(0, 300)}`);
    if (port) seen[port] = body;
  }
  const missing = ports.filter((p) => !(p in seen));
  expect(missing.length === 0, `${what}: no ${name} island from instance(s) ${missing.join(', ')} after 15 visits`);
  return seen;
}

const checks = [];
const check = (name, fn) => checks.push({ name, fn });

// First, while nginx's cache is empty.
check('a public island is a cache HIT on the second visit (cookies not in its key); a private one never',
  async (browser) => {
    const statuses = { CachedWidget: [], UserProfile: [] };
    const visit = async (cookies) => {
      const ctx = await browser.newContext();  // a fresh browser cache: only nginx can answer from cache
      try {
        if (cookies) await ctx.addCookies(cookies);
        const page = await ctx.newPage();
        const waits = Object.keys(statuses).map((n) => page.waitForResponse(
          (r) => r.url().includes(`/_server-islands/${n}`), { timeout: WAIT }).then((r) => {
          statuses[n].push(r.headers()['x-cache-status'] || '(none)');
          return r;
        }));
        await page.goto(`${base}/`, { timeout: WAIT });
        return await Promise.all(waits);
      } finally { await ctx.close(); }
    };
    await visit(null);
    const [, profile] = await visit(await sessionCookie('ada', 'espresso'));  // with a session cookie
    await visit(null);
    expect(statuses.CachedWidget[0] !== 'HIT', `CachedWidget on the first visit: ${statuses.CachedWidget[0]}`);
    expect(statuses.CachedWidget[1] === 'HIT' && statuses.CachedWidget[2] === 'HIT',
      `CachedWidget on the next visits: ${statuses.CachedWidget.join(', ')} (wanted HIT, HIT)`);
    expect(!statuses.UserProfile.includes('HIT'), `UserProfile cache statuses: ${statuses.UserProfile.join(', ')}`);
    expect(/private/.test(profile.headers()['cache-control'] || ''), 'UserProfile is not private');
    return `CachedWidget ${statuses.CachedWidget.join(' → ')}; UserProfile ${statuses.UserProfile.join(' → ')}`;
  });

check('a login handled by one instance is seen by the islands every instance renders', async (browser) => {
  const ctx = await browser.newContext();
  try {
    const page = await ctx.newPage();
    await page.goto(`${base}/`, { timeout: WAIT });
    await page.fill('input[name=username]', 'ada', { timeout: WAIT });
    await page.fill('input[name=password]', 'espresso', { timeout: WAIT });
    const login = page.waitForResponse((r) => r.url().startsWith(`${base}/login`) && r.request().method() === 'POST',
      { timeout: WAIT }).catch((e) => e);
    // The form's script fetches the POST, then location.assign()s where it landed: the page
    // is at `/` already, so waiting for that URL would return before the navigation starts
    // (and the next goto would abort it). The next `load` is that navigation's.
    await Promise.all([
      page.waitForEvent('load', { timeout: WAIT }),
      page.click('form[data-login] button[type=submit]', { timeout: WAIT }),
    ]);
    await page.waitForLoadState('networkidle', { timeout: WAIT });  // its islands answered
    const loginResponse = await login;
    if (loginResponse instanceof Error) throw loginResponse;
    const by = upstreamPort(loginResponse);
    expect(ports.includes(by), `POST /login: no instance in X-Upstream (${by})`);
    await islandFromEveryInstance(page, `${base}/`, 'UserProfile', (b) => b.includes('Welcome back, Ada!'),
      `signed in on ${by}`);
    return `login on instance ${by}; UserProfile greeted Ada from ${ports.join(', ')}`;
  } finally { await ctx.close(); }
});

check('an admin restock is visible on every instance without a rebuild', async (browser) => {
  const ctx = await browser.newContext();
  try {
    await ctx.addCookies(await sessionCookie('grace', 'hopper'));
    const page = await ctx.newPage();
    await page.goto(`${base}/admin`, { timeout: WAIT });
    await page.waitForSelector('form[action="/admin/restock/4"] button', { timeout: WAIT });
    const post = page.waitForResponse((r) => r.url().endsWith('/admin/restock/4'), { timeout: WAIT })
      .catch((e) => e);
    await Promise.all([
      page.waitForURL((u) => u.pathname.replace(/\/$/, '') === '/admin', { timeout: WAIT, waitUntil: 'load' }),
      page.click('form[action="/admin/restock/4"] button', { timeout: WAIT }),
    ]);
    const restock = await post;
    if (restock instanceof Error) throw restock;
    const by = upstreamPort(restock);
    await islandFromEveryInstance(page, `${base}/product/4`, 'StockStatus', (b) => b.includes('10 available'),
      `restocked on ${by}`);
    return `restock on instance ${by}; "10 available" from ${ports.join(', ')}`;
  } finally { await ctx.close(); }
});

// A wait left pending when a check fails must not end the run: the check already failed.
process.on('unhandledRejection', (e) => console.log(`     (after a failure: ${e && e.message})`));

(async () => {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'],
    timeout: 60000 });
  let failed = 0;
  try {
    for (const c of checks) {
      try {
        const note = await c.fn(browser);
        console.log(`ok   ${c.name}${note ? ` (${note})` : ''}`);
      } catch (e) {
        ++failed;
        console.log(`FAIL ${c.name}\n     ${String(e.message).split('\n').join('\n     ')}`);
      }
    }
  } finally { await browser.close(); }
  process.exit(failed ? 1 : 0);
})().catch((e) => { console.log(`FAIL ${e.stack}`); process.exit(1); });
