"""The search page names, in its head, every file Pagefind loads before its first search.

Enter in another page's search box opens the search page, and its results wait for
Pagefind to start: its script, its WebAssembly, and each shard's entry and ``pf_meta``,
which Pagefind fetches one after another, only once the page's deferred scripts run. So
the head of the search page holds, from the first bytes the browser reads:

* ``<link rel="preload">`` (``modulepreload`` for the script) for each of those files that
  has a content-hashed name (Pagefind's script, WebAssembly and each shard's ``pf_meta``),
  fetched while the page and the theme load;
* the boot data (``kb-search-boot``): the bundle, the site root and the shards, from which
  ``kb-pagefind-boot.js``, inline just after it, starts Pagefind before the page is laid
  out. It comes before the theme's style sheets and scripts, and is not ``async``: an async
  script ran only after them (70 to 120 ms into a warm navigation at 20,000 articles,
  against about 80 ms).

Each shard's ``pagefind-entry.json`` is not named here: it is fetched fresh every time
(``?ts=<now>``, by the boot script as the page starts, for Pagefind), so a page the browser
kept from before a rebuild still finds the files of the index now on the server (with
Pagefind's ``metaCacheTag`` the entries could have been preloaded too, but a kept page and
kept entries would name files a rebuild removed).

The page is written before the index (``build-finished``), so it holds an empty marked
place that :func:`fill_search_page` fills from the bundle on disk after every build;
without a bundle the place stays empty and the page's script starts Pagefind as before.
"""

from __future__ import annotations

import html
import json
import posixpath
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util.osutil import relative_uri

from ..core.files import write_if_changed
from .search_common import FILE as MANIFEST_FILE
from .search_index import BUNDLE_DIR
from .search_shards import read_manifest

if TYPE_CHECKING:
    from sphinx.application import Sphinx

START = "<!--kb-search-boot-->"
END = "<!--/kb-search-boot-->"
#: The id of the boot data, read by ``kb-pagefind-boot.js``.
DATA_ID = "kb-search-boot"
BOOT_SCRIPT = "kb-pagefind-boot.js"


def boot_head() -> str:
    """The search page's head: the place for the boot data, then the script that reads it,
    inline: as a file it was one more request, queued on a cold cache behind the preloads
    and style sheets (HTTP/1.1 opens six connections per host) while the page waited."""
    script = (Path(__file__).parent.parent / "static" / BOOT_SCRIPT).read_text(encoding="utf-8")
    if "</script" in script.lower():
        raise ValueError(f"{BOOT_SCRIPT} cannot be inlined: it holds a closing script tag")
    return f"\n{START}{END}\n<script>\n{script}</script>"


def pagefind_language(entry: dict[str, Any], lang: str) -> dict[str, Any] | None:
    """The index Pagefind's ``findIndex`` picks for a page in ``lang``."""
    languages = entry.get("languages") or {}
    found = languages.get(lang) or languages.get(lang.split("-")[0])
    if found:
        return dict(found)
    ranked = sorted(languages.values(), key=lambda index: -int(index.get("page_count", 0)))
    return dict(ranked[0]) if ranked else None


def boot_markup(bundle: Path, to_bundle: str, root: str, lang: str) -> str:
    """Preload links and boot data for the bundle at ``bundle`` (``to_bundle``: its URL)."""
    manifest = read_manifest(bundle / MANIFEST_FILE)
    # The other shards, relative to the primary bundle, as its manifest lists them.
    shards = [path for path in (manifest or {}).get("shards") or [] if isinstance(path, str)]
    links = [f'<link rel="modulepreload" href="{html.escape(to_bundle)}pagefind.js">']

    def fetched(href: str) -> None:
        links.append(f'<link rel="preload" href="{html.escape(href)}" as="fetch" crossorigin>')

    if manifest is not None:
        fetched(f"{to_bundle}{MANIFEST_FILE}")
    for path in ["", *shards]:
        try:
            entry = json.loads((bundle / path / "pagefind-entry.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return ""
        index = pagefind_language(entry, lang)
        if index is None:
            return ""
        href = posixpath.normpath(to_bundle + path) + "/"
        fetched(f"{href}pagefind.{index['hash']}.pf_meta")
        if not path:
            fetched(f"{href}wasm.{index.get('wasm') or 'unknown'}.pagefind")
    data = {"bundle": f"{to_bundle}pagefind.js", "root": root, "shards": shards}
    payload = json.dumps(data, separators=(",", ":")).replace("<", "\\u003c")
    return ("\n".join(links)
            + f'\n<script type="application/json" id="{DATA_ID}">{payload}</script>')


def fill_search_page(app: Sphinx) -> None:
    """Fill the marked place in the written search page from the bundle on disk."""
    builder = app.builder
    if not isinstance(builder, StandaloneHTMLBuilder):
        return
    outdir = Path(builder.outdir)
    page = Path(builder.get_outfilename("search"))
    try:
        text = page.read_text(encoding="utf-8")
    except OSError:
        return
    start, end = text.find(START), text.find(END)
    if start < 0 or end < start:
        return
    uri = builder.get_target_uri("search")
    to_bundle = relative_uri(uri, f"{BUNDLE_DIR}/")
    root = relative_uri(uri, "") or "./"
    lang = (app.config.language or "unknown").replace("_", "-").lower()
    markup = boot_markup(outdir / BUNDLE_DIR, to_bundle, root, lang)
    write_if_changed(page, text[:start + len(START)] + markup + text[end:])


__all__ = ["DATA_ID", "boot_head", "fill_search_page"]
