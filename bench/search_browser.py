"""The site's search page in headless Chromium, for ``make search-eval``.

The page is driven through its contract (``/work/briefs/search-contract.md`` in short):
``search.html?q=…`` runs a query; ``#kb-search-results`` gets ``data-state="done"`` and
``data-query`` when the results of the current query are rendered, one
``li.kb-result a.kb-result-title`` per result, in rank order.

Thousands of queries run in one page: it is opened once with the first query, the search box
is found as the input that holds that query, and each later query is typed into it (an
``input`` event, as a reader typing) and submitted as Enter submits it. If no such box
exists, every query is a URL navigation.
``engine="api"`` bypasses the page and asks Pagefind's JS API directly (a fallback, labelled).
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM = os.environ.get("KB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
TOP = 10
BATCH = 40
TIMEOUT_MS = 10000

#: Runs queries in the page; returns per query [ok, ms, [result paths]].
_RUN_JS = """
async ([queries, engine, top, timeoutMs, enter]) => {
  const paths = (root) => [...root.querySelectorAll('li.kb-result a.kb-result-title')]
      .slice(0, top).map(a => new URL(a.getAttribute('href'), location.href).pathname);
  const out = [];
  if (engine === 'api') {
    window.__kbPagefind = window.__kbPagefind || await import(new URL('pagefind/pagefind.js',
        document.baseURI.replace(/[^/]*$/, '') ).href);
    for (const q of queries) {
      const t0 = performance.now();
      const search = await window.__kbPagefind.search(q);
      const data = await Promise.all(search.results.slice(0, top).map(r => r.data()));
      out.push([true, performance.now() - t0,
                data.map(d => new URL(d.url, location.href).pathname)]);
    }
    return out;
  }
  const box = document.querySelector('[data-kb-eval-box]');
  let failures = 0;
  for (const q of queries) {
    if (failures >= 3) { out.push([false, 0, []]); continue; }  // the page is broken: fail fast
    const done = () => {
      const list = document.getElementById('kb-search-results');
      return list && list.dataset.state === 'done'
          && (list.dataset.query || '').trim() === q.trim();
    };
    const t0 = performance.now();
    box.value = q;
    box.dispatchEvent(new Event('input', {bubbles: true}));
    if (enter && box.form) box.form.requestSubmit();
    const ok = await new Promise(resolve => {
      if (done()) return resolve(true);
      const timer = setTimeout(() => { obs.disconnect(); resolve(false); }, timeoutMs);
      const obs = new MutationObserver(() => {
        if (done()) { obs.disconnect(); clearTimeout(timer); resolve(true); }
      });
      obs.observe(document.body, {attributes: true, childList: true, subtree: true});
    });
    failures = ok ? 0 : failures + 1;
    out.push([ok, performance.now() - t0, ok ? paths(document) : []]);
  }
  return out;
}
"""

#: Installed before any page script: the time (since navigation start) of the first "done".
DONE_AT_JS = """
window.__kbDoneAt = null;
new MutationObserver((_, obs) => {
  const list = document.getElementById('kb-search-results');
  if (list && list.dataset.state === 'done' && window.__kbDoneAt === null) {
    window.__kbDoneAt = performance.now(); obs.disconnect();
  }
}).observe(document, {attributes: true, childList: true, subtree: true});
"""

_DONE_FOR_JS = """
(q) => { const list = document.getElementById('kb-search-results');
  return !!list && list.dataset.state === 'done'
      && (list.dataset.query || '').trim() === q.trim(); }
"""


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve a built site on 127.0.0.1 (a free port) from a daemon thread, as a static host
    does: text files gzipped, a short cache lifetime (``page_weight.CompressingHandler``)."""
    from page_weight import CompressingHandler

    handler = functools.partial(CompressingHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def launch(playwright: Any) -> Any:
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"no Chromium at {CHROMIUM} (set KB_CHROMIUM)")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def search_url(base: str, query: str) -> str:
    return f"{base}search.html?{urllib.parse.urlencode({'q': query})}"


def open_search(page: Any, base: str, query: str, engine: str) -> str:
    """Open the search page with a first query; return how later queries are sent."""
    page.goto(search_url(base, query))
    if engine == "api":
        return "api"
    page.wait_for_function(_DONE_FOR_JS, arg=query, timeout=TIMEOUT_MS)
    found = page.evaluate("""(q) => { const box = [...document.querySelectorAll('input')]
        .find(i => i.value.trim() === q.trim()); if (box) box.dataset.kbEvalBox = '1';
        return !!box; }""", query)
    return "input" if found else "url"


def run_queries(page: Any, base: str, queries: Sequence[str], mode: str, enter: bool = True
                ) -> list[tuple[bool, float, list[str]]]:
    """Top result paths of each query, in the open search page (see :func:`open_search`).

    In ``input`` mode each query is typed (an ``input`` event) and, with ``enter``, submitted
    as Enter does (``form.requestSubmit()``): results as a reader who types and presses Enter
    sees them, without waiting for the page's as-you-type delay.
    """
    results: list[tuple[bool, float, list[str]]] = []
    if mode == "url":
        for query in queries:
            page.goto(search_url(base, query))
            try:
                page.wait_for_function(_DONE_FOR_JS, arg=query, timeout=TIMEOUT_MS)
            except Exception:
                results.append((False, float(TIMEOUT_MS), []))
                continue
            paths = page.eval_on_selector_all(
                "li.kb-result a.kb-result-title",
                "(as) => as.map(a => new URL(a.getAttribute('href'), location.href).pathname)")
            results.append((True, 0.0, paths[:TOP]))
        return results
    for start in range(0, len(queries), BATCH):
        chunk = list(queries[start: start + BATCH])
        for ok, ms, paths in page.evaluate(_RUN_JS, [chunk, mode, TOP, TIMEOUT_MS, enter]):
            results.append((bool(ok), float(ms), list(paths)))
    return results


@dataclass
class Traffic:
    """Bytes received per finished request: response headers and body as sent.

    Pagefind fetches its WebAssembly, index chunks and fragments from a Web Worker, which
    a page's own CDP session does not see; Playwright's context events do, and its
    ``Request.sizes()`` reads the same ``encodedDataLength`` accounting from the browser.
    """

    requests: list[Any] = field(default_factory=list)

    def attach(self, page: Any) -> None:
        page.context.on("requestfinished", lambda request: self.requests.append(request))

    def take(self) -> dict[str, int]:
        """Bytes per URL since the last call."""
        taken: dict[str, int] = {}
        for request in self.requests:
            sizes = request.sizes()
            size = max(sizes["responseBodySize"], 0) + max(sizes["responseHeadersSize"], 0)
            taken[request.url] = taken.get(request.url, 0) + size
        self.requests.clear()
        return taken


def is_search_asset(url: str) -> bool:
    """Pagefind's bundle and the search page's own scripts and styles (``kb-pagefind.js``…):
    what search adds to a page of the theme. The shards of a big site's index count too."""
    path = urllib.parse.urlparse(url).path
    name = path.rsplit("/", 1)[-1]
    return "/pagefind/" in path or "/pagefind-shards/" in path or (
        ("pagefind" in name or "search" in name) and name.endswith((".js", ".css")))
