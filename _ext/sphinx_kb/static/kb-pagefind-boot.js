// Starts Pagefind for the search page from the top of its head: the search page's own
// script (kb-pagefind.js) runs only once the page is read and the theme's scripts have run,
// and Pagefind then loads its WebAssembly and each shard's index files one after another.
// The head names those files (preloaded) and the bundle in a JSON block, "kb-search-boot",
// written after the index (publish/search_boot.py), just before this script. Without it, or
// for a search in another language (Pagefind picks its index by <html lang> when it
// starts), kb-pagefind.js calls start() itself with what the page's search section says.
(() => {
  "use strict";
  let started = null;

  // Pagefind inflates each of its gzipped files (WebAssembly, pf_meta, chunks, fragments)
  // with a JavaScript gunzip on the main thread: about 50 ms of a search at 20,000 articles.
  // The browser's own decoder does it natively; Pagefind skips its own when a file already
  // starts with its signature, as the inflated files do. Other requests pass through.
  const PAGEFIND_FILE = /\.(?:pagefind|pf_meta|pf_index|pf_fragment|pf_filter)$/;
  const GZIP = [0x1f, 0x8b];

  async function inflated(response) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    const init = { status: response.status, statusText: response.statusText,
                   headers: response.headers };
    if (bytes[0] !== GZIP[0] || bytes[1] !== GZIP[1]) return new Response(bytes, init);
    try {
      // Written to the stream directly: a Blob around the bytes cost about 1 ms a file (it is
      // registered with the browser process).
      const gunzip = new DecompressionStream("gzip");
      const writer = gunzip.writable.getWriter();
      writer.write(bytes).catch(() => {});
      writer.close().catch(() => {});
      return new Response(await new Response(gunzip.readable).arrayBuffer(), init);
    } catch (error) {
      return new Response(bytes, init);  // Pagefind's own gunzip tries, and reports
    }
  }

  // Pagefind fetches each shard's pagefind-entry.json fresh (?ts=<now>), the primary's once
  // its script has loaded and the others' once the primary has started: two round trips one
  // after the other. They are fetched, as fresh, when the page starts, all at once, and
  // Pagefind's own request for each is answered with that response (once).
  const entries = new Map();  // pathname of an entry -> its response, on its way

  function fetchEntries(plain, folders) {
    const now = Date.now();
    for (const folder of folders) {
      const url = new URL("pagefind-entry.json", folder);
      entries.set(url.pathname, plain(`${url.href}?ts=${now}`).catch(() => null));
    }
  }

  function fetchPagefindFiles(folders) {
    if (window.fetch.kbInflates) return;
    const plain = window.fetch.bind(window);
    const inflate = typeof DecompressionStream === "function";
    const fetching = async (input, init) => {
      const url = new URL(typeof input === "string" ? input : input.url, window.location.href);
      const early = url.searchParams.has("ts") ? entries.get(url.pathname) : undefined;
      if (early) {
        entries.delete(url.pathname);
        const response = await early;
        if (response && response.ok) return response;
      }
      const response = await plain(input, init);
      return inflate && response.ok && PAGEFIND_FILE.test(url.pathname) ? inflated(response) : response;
    };
    fetching.kbInflates = true;
    window.fetch = fetching;
    fetchEntries(plain, folders);
  }

  // config: bundle (pagefind.js, relative to the page), root (the site root), and, from
  // the boot data, shards (relative to the bundle).
  // Resolves to { pagefind, listed }, listed being common-words.json (publish/search_common.py).
  function start(config) {
    if (started) return started;
    started = (async () => {
      const bundle = new URL(config.bundle, window.location.href);
      const root = new URL(config.root || "./", window.location.href);
      const folders = [new URL("./", bundle), ...(config.shards || []).map((path) => new URL(path, bundle))];
      fetchPagefindFiles(folders);
      const listing = fetch(new URL("common-words.json", bundle))
        .then((response) => (response.ok ? response.json() : {}))
        .catch(() => ({}));
      const pagefind = await import(bundle.href);
      const shared = {
        baseUrl: root.pathname,
        excerptLength: 24,
        ranking: { metaWeights: { title: 10, summary: 3 } },
      };
      // The search runs in this page: no Web Worker script to fetch (41 KB) before the
      // first query, and the search is as fast for one query at a time.
      await pagefind.options({ ...shared, noWorker: true });
      // A big site's index is in shards (publish/search_shards.py): each is merged
      // (sharing the primary's WebAssembly) before the first search, which then runs on
      // every shard and merges the results by score.
      const shards = config.shards || (await listing).shards || [];
      await Promise.all(shards.map((path) => pagefind.mergeIndex(
        new URL(path, bundle).pathname, { ...shared })));
      return { pagefind, listed: await listing };
    })();
    return started;
  }

  window.kbSearchBoot = { start };
  const data = document.getElementById("kb-search-boot");
  const language = new URLSearchParams(window.location.search).get("lang");
  if (data && window.location.protocol !== "file:" && !language) {
    start(JSON.parse(data.textContent)).catch(() => {});  // kb-pagefind.js reports errors
  }
})();
