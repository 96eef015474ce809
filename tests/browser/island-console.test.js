'use strict';
// A failed island says so in the browser console (spec 3, issue 12): a 5xx answer and an answer
// that is not HTML each leave one console error naming the island and why, and keep their
// fallbacks; a good island beside them is shown and logs nothing; the page logs nothing else.
const crypto = require('crypto');
const { copySite, freePort, startIsl, stop, runIsl, httpGet, until, getBrowser, pageText, check, done, tail } = require('./lib');

(async () => {
  const site = copySite('island-console');
  const env = { ISL_KEY: crypto.randomBytes(32).toString('base64') };
  const build = await runIsl(['build', site], { cwd: site, env }, 400000);
  if (!check('the site builds', build.code === 0, tail(build.output))) return done();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = startIsl(['serve', site, '--host', '127.0.0.1', '--port', String(port)], { cwd: site, env });
  const up = await until(async () => (await httpGet(base + '/_isl/health'))?.status === 200, 20000, 100);
  if (!check('isl serve is up', up, tail(server.output()))) return done();

  const browser = await getBrowser();
  const ctx = await browser.newContext();
  const tab = await ctx.newPage();
  const logged = [];
  // Where a message comes from: the loader is an inline script, so its messages carry the
  // page's URL; Chromium's own network lines ("Failed to load resource: ... 500") carry the
  // failed resource's URL. Only the page's messages are the site's to answer for.
  tab.on('console', (m) => logged.push({ type: m.type(), text: m.text(), url: m.location().url || '' }));
  const pageUrl = base + '/';
  await tab.goto(pageUrl);
  const fromPage = () => logged.filter((m) => m.url === pageUrl);
  const about = (name) => fromPage().filter((m) => m.type === 'error' && m.text.includes(`server island ${name} `));
  await until(async () => about('Boom').length && about('Json').length && (await pageText(tab))?.includes('fine island'), 20000, 50);
  await tab.waitForTimeout(500); // anything else it would log
  const all = logged.map((m) => `console.${m.type} (${m.url || 'no location'}): ${m.text.slice(0, 300)}`).join('\n') ||
    '(nothing logged)';
  check('the 5xx island: one console error that names it and its status 500',
    about('Boom').length === 1 && /\b500\b/.test(about('Boom')[0].text), all);
  check('the not-HTML island: one console error that names it and what it answered',
    about('Json').length === 1 && /application\/json/.test(about('Json')[0].text), all);
  check('the good island: no console error names it', about('Fine').length === 0, all);
  // Nothing else from the page: a second line for the same failure, or a warning, fails here.
  const others = fromPage().filter((m) => !about('Boom').includes(m) && !about('Json').includes(m));
  check('the page logs nothing else (Chromium\'s own network lines aside)', others.length === 0, all);
  // (The 500 island's request, and the favicon this site does not have.)
  check('every other line is Chromium\'s own about a failed request',
    logged.filter((m) => m.url !== pageUrl).every((m) => m.type === 'error' && /^Failed to load resource: /.test(m.text)), all);
  const text = await pageText(tab);
  check('both failed islands keep their fallbacks; the good one is shown',
    text === 'Console boom fallback json fallback fine island', text);
  await ctx.close();
  await stop(server);
  await done();
})().catch(async (e) => { check('the test ran to its end', false, e.stack || e); await done(); });
