// The server-island loader (spec §3, docs/islands.md): one inline script per page with
// islands, however many. This is its source; loader_js.inc holds it minified for the C++
// (scripts/minify-loader.sh writes it, a test checks that the two agree).
//
// A placeholder is <!--isl-island:URL--> fallback <!--/isl-island-->, with the error slot
// (if any) in a <template data-isl-error> inside it. `isl-stream:` instead of `isl-island:`
// marks an island whose answer follows in the page's own response (stream_islands): the
// server sends <script>isl._s(index, status, html)</script> for it, in any order.
(() => {
  const isl = (window.isl = window.isl || {});
  if (isl.refresh) return; // a second copy, in an island's HTML: the first one does the work

  const PREFIX = '/_server-islands/';
  const MAX_GET_URL = 2048; // longer full URLs are sent as POST
  const islands = []; // every placeholder found, in page order
  const streamed = []; // the page's isl-stream placeholders, by index

  const timeoutMs = () => isl.timeout || 10000;

  const emit = (island, type, status) =>
    document.dispatchEvent(
      new CustomEvent('isl:island-' + type, { detail: { name: island.name, status } }),
    );

  // Replaces everything between an island's two markers.
  const show = (island, fragment) => {
    const range = document.createRange();
    range.setStartAfter(island.start);
    range.setEndBefore(island.end);
    range.deleteContents();
    range.insertNode(fragment);
  };

  // Only http(s) targets: a redirect must never run script in the page.
  const go = (to) => {
    const url = new URL(to, location.href);
    if (/^https?:$/.test(url.protocol)) location.assign(url.href);
  };

  const isMarker = (data) => /^isl-(island|stream)/.test(data);

  // Finds unclaimed placeholders under root, loads the fetched ones and waits for the
  // streamed ones.
  const scan = (root) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_COMMENT);
    const found = [];
    for (let node; (node = walker.nextNode()); ) {
      if (/^isl-(island|stream):/.test(node.data)) found.push(node);
    }
    for (const start of found) {
      // Its end marker: the next one at this level, placeholders in the fallback skipped.
      let end = start.nextSibling;
      for (let depth = 0; end; end = end.nextSibling) {
        if (end.nodeType !== Node.COMMENT_NODE) continue;
        if (end.data === '/isl-island') {
          if (depth-- === 0) break;
        } else if (isMarker(end.data)) {
          depth++;
        }
      }
      if (!end) continue;
      const isStreamed = start.data[4] === 's';
      const url = start.data.slice(11);
      start.data = 'isl-island'; // claimed: never found again
      const query = url.indexOf('?');
      const island = {
        name: decodeURIComponent(url.slice(PREFIX.length, query < 0 ? undefined : query)),
        url,
        start,
        end,
        fallback: document.createDocumentFragment(),
        error: null,
        seq: 0, // a newer load makes an older one's answer stale
      };
      for (let node = start.nextSibling; node !== end; node = node.nextSibling) {
        if (!island.error && node.nodeName === 'TEMPLATE' && node.hasAttribute('data-isl-error')) {
          island.error = node.content;
        } else {
          island.fallback.append(node.cloneNode(true));
        }
      }
      islands.push(island);
      if (isStreamed) {
        island.timer = setTimeout(() => failed(island, 0, 'timed out'), timeoutMs());
        streamed.push(island);
      } else {
        load(island);
      }
    }
  };

  const put = (island, html, status) => {
    if (!island.start.isConnected) return;
    const range = document.createRange();
    range.selectNode(island.start);
    show(island, range.createContextualFragment(html)); // scripts in it run
    scan(island.start.parentNode);
    emit(island, 'load', status);
  };

  const failed = (island, status, why) => {
    console.error('isl: server island ' + island.name + ' failed:', why);
    if (!island.start.isConnected) return;
    if (island.error) show(island, document.importNode(island.error, true));
    emit(island, 'error', status);
  };

  // Fetches an island: GET, or POST when the full URL would pass 2048 bytes.
  const load = (island) => {
    const seq = ++island.seq;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs());
    const url = island.url;
    const query = url.indexOf('?');
    const request =
      new URL(url, location.href).href.length > MAX_GET_URL
        ? fetch(url.slice(0, query), {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: url.slice(query + 1),
            signal: controller.signal,
          })
        : fetch(url, { signal: controller.signal });
    // Every answer is read to its end, failed ones too, so no request is left half-read.
    return request
      .then((response) =>
        response.text().then((html) => {
          if (seq !== island.seq) return;
          // The server answers the loader's request for a redirect with this header
          // (a fetch would follow a real one); `redirected`: a proxy that did anyway.
          const to = response.headers.get('x-isl-redirect') || (response.redirected && response.url);
          if (to) return go(to);
          const type = response.headers.get('content-type') || '';
          if (response.status >= 500) {
            return failed(island, response.status, response.status + ' ' + response.statusText);
          }
          if (!/^text\/html/i.test(type)) {
            return failed(island, response.status, 'the answer is ' + (type || 'untyped') + ', not HTML');
          }
          put(island, html, response.status);
        }),
      )
      .catch((error) => seq === island.seq && failed(island, 0, error))
      .finally(() => clearTimeout(timer));
  };

  // The island that holds a node: the innermost placeholder around it.
  const around = (node) => {
    let holder = null;
    for (const island of islands) {
      if (
        island.start.isConnected &&
        island.start.compareDocumentPosition(node) & Node.DOCUMENT_POSITION_FOLLOWING &&
        island.end.compareDocumentPosition(node) & Node.DOCUMENT_POSITION_PRECEDING
      ) {
        holder = island;
      }
    }
    return holder;
  };

  // data-isl-retry in the error slot or the fallback: the fallback again, and a new fetch.
  document.addEventListener('click', (event) => {
    const button = event.target.closest && event.target.closest('[data-isl-retry]');
    const island = button && around(button);
    if (!island) return;
    event.preventDefault();
    show(island, island.fallback.cloneNode(true));
    load(island);
  });

  // Fetches every island of that name again; each new answer replaces the old one.
  isl.refresh = (name) =>
    Promise.all(islands.filter((i) => i.name === name && i.start.isConnected).map(load));

  // Called by the scripts a streamed page's response ends with. No html: it failed.
  isl._s = (index, status, html) => {
    const script = document.currentScript;
    if (script) script.remove();
    const island = streamed[index];
    if (!island) return;
    island.seq++;
    clearTimeout(island.timer);
    if (html === undefined) failed(island, status, status + ' from the server');
    else put(island, html, status);
  };
  isl._r = go;

  scan(document.body);
})();
