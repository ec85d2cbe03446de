"""What one search costs a reader at scale: bytes fetched and time to results, in Chromium.

* First query: a fresh browser context (empty cache) navigates to ``search.html?q=…``, as
  Enter in the theme's search box does. Every byte received until the results are rendered is
  counted (Playwright's ``Request.sizes()``: response headers and body as received, the
  requests of Pagefind's Web Worker included), split into *search* bytes
  (Pagefind's bundle: its scripts, WebAssembly, entry, meta, index chunks, fragments; and the
  search page's own script) and the rest (the page and the theme's assets).
* Later query: in the same page, the next query is typed into the search box and submitted
  (Enter); every byte received until its results are rendered.
* Time: from navigation start to ``data-state="done"`` (first query, cold cache; and a later
  navigation with a warm cache: Enter in the theme's box), and from typing + Enter in the
  search page's own box to ``done``.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from typing import Any

from search_browser import (
    DONE_AT_JS,
    TIMEOUT_MS,
    Traffic,
    is_search_asset,
    open_search,
    run_queries,
    search_url,
)

SETTLE_MS = 150  # lets the last network events of a query reach Python


def _split(taken: dict[str, int]) -> tuple[int, int]:
    search = sum(size for url, size in taken.items() if is_search_asset(url))
    return search, sum(taken.values())


def _kind(url: str) -> str:
    """What a search file is, for the per-kind sums: ``pf_meta``, ``pf_index``, ``wasm``…"""
    name = url.split("?", 1)[0].rsplit("/", 1)[-1]
    if name.startswith("wasm."):
        return "wasm"
    return name.rsplit(".", 1)[-1] if "." in name else name


def _add_kinds(kinds: dict[str, list[int]], taken: dict[str, int], prefix: str) -> None:
    sums: dict[str, int] = {}
    for url, size in taken.items():
        if is_search_asset(url):
            sums[_kind(url)] = sums.get(_kind(url), 0) + size
    for kind, size in sums.items():
        kinds.setdefault(f"{prefix} {kind}", []).append(size)


def _done_at(page: Any) -> float:
    page.wait_for_function("window.__kbDoneAt !== null", timeout=TIMEOUT_MS)
    return float(page.evaluate("window.__kbDoneAt"))


def measure(browser: Any, base: str, queries: Sequence[str], rounds: int = 3,
            later: int = 8, engine: str = "page") -> dict[str, Any]:
    """Medians over ``rounds`` fresh contexts, each one first query and ``later`` more."""
    first_search: list[int] = []
    first_total: list[int] = []
    first_ms: list[float] = []
    later_bytes: list[int] = []
    typed_ms: list[float] = []
    enter_ms: list[float] = []
    biggest: dict[str, int] = {}
    kinds: dict[str, list[int]] = {}
    mode = ""
    pool = list(queries)
    for round_no in range(rounds):
        picked = pool[round_no * (later + 2): (round_no + 1) * (later + 2)]
        if len(picked) < 3:
            break
        context = browser.new_context()
        page = context.new_page()
        traffic = Traffic()
        traffic.attach(page)
        page.add_init_script(DONE_AT_JS)
        mode = open_search(page, base, picked[0], engine)
        if engine != "api":
            first_ms.append(_done_at(page))
        else:
            run_queries(page, base, picked[:1], mode)
        page.wait_for_timeout(SETTLE_MS)
        taken = traffic.take()
        search, total = _split(taken)
        first_search.append(search)
        first_total.append(total)
        _add_kinds(kinds, taken, "first")
        for url, size in taken.items():
            biggest[url.split("/", 3)[-1]] = size
        for query in picked[1:-1]:
            ((ok, ms, _),) = run_queries(page, base, [query], mode)
            page.wait_for_timeout(SETTLE_MS)
            taken = traffic.take()
            later_bytes.append(sum(taken.values()))
            _add_kinds(kinds, taken, "later")
            if ok and mode != "url":
                typed_ms.append(ms)
        if engine != "api":
            page.goto(search_url(base, picked[-1]))  # Enter again: warm cache
            enter_ms.append(_done_at(page))
        context.close()

    def median(values: Sequence[float]) -> float | None:
        return statistics.median(values) if values else None

    return {
        "mode": mode, "rounds": len(first_search),
        "first_search_bytes": median(first_search), "first_total_bytes": median(first_total),
        "first_ms": median(first_ms),
        "later_bytes": median(later_bytes), "later_bytes_max": max(later_bytes, default=None),
        "later_queries": len(later_bytes),
        "typed_ms": median(typed_ms), "enter_warm_ms": median(enter_ms),
        "largest_files": sorted(biggest.items(), key=lambda item: -item[1])[:6],
        # mean bytes per query by kind of search file (a kind absent from a query counts 0)
        "by_kind": {kind: round(sum(sizes) / (len(first_search) if kind.startswith("first")
                                              else max(1, len(later_bytes))))
                    for kind, sizes in sorted(kinds.items())},
    }
