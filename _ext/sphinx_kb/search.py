"""Search that leads with articles: what the index holds, and what results show.

Sphinx's own engine (``searchindex.js`` + ``searchtools.js``) stays in charge;
this module only

* keeps listing content (rows, tag cloud, tag index, related articles) out of
  the index, so a page that lists an article never competes with the article
  for its title or summary: Sphinx's indexer skips elements with the class
  ``no-search``, which we add at ``doctree-resolved`` after the main extension
  has filled the listings in;
* keeps drafts and scheduled articles out of the index the same way, even when
  a preview build (``kb_drafts``) writes their pages;
* writes ``_static/kb-search-data.js`` (article dates, summaries and tags, and
  which pages are listings) for ``kb-search.js``, which ranks, decorates and
  filters the results on the search page only.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util import logging
from sphinx.util.i18n import format_date

from .files import write_if_changed
from .store import get_domain

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

    from .model import SiteModel
    from .records import Article

logger = logging.getLogger(__name__)

DATA_FILE = "kb-search-data.js"
#: Bump when the data file's shape changes; ``kb-search.js`` checks it.
DATA_VERSION = 1
#: Summaries longer than this are cut at a word boundary in the data file.
SUMMARY_CHARS = 240

#: Classes of listing content: the same articles again, which the index must not repeat.
NO_SEARCH_CLASSES = frozenset({
    "kb-listing",  # recent, archive and tag-page rows
    "kb-tag-cloud",
    "kb-tag-index",
    "kb-tag-count",
    "kb-archive-year",
    "kb-related",  # other articles' titles under an article
    "kb-reading-time",  # "3 min read" on every article
    "kb-draft-banner",
    "kb-feed-link",
})


def exclude_from_index(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Mark what the index must skip, once the main extension has filled the page in.

    Listing content gets the class ``no-search``; a draft or scheduled article
    built for preview is left out whole. Decided at write time, on the resolved
    copy of the doctree, so it follows the article's status in every build.
    """
    article = get_domain(app.env).articles.get(docname)
    if article is not None and _unpublished(article):
        doctree["classes"].append("no-search")
        # Sphinx then indexes no title either. The environment was pickled before
        # writing began, so this lasts for this build only, as it should.
        app.env.metadata[docname]["nosearch"] = True
        return
    for node in doctree.findall(nodes.Element):
        classes = node.get("classes", [])
        if "no-search" not in classes and NO_SEARCH_CLASSES.intersection(classes):
            classes.append("no-search")


def _unpublished(article: Article) -> bool:
    return article.held_back(dt.datetime.now(dt.UTC)) is not None


def _short(text: str, limit: int = SUMMARY_CHARS) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:.-\u2013\u2014")
    return cut + "…"


def search_data(app: Sphinx) -> dict[str, Any]:
    """What the search page needs beyond the index, from the whole model.

    ``t``: tags as ``[name, slug]``; ``a``: article docname -> ``[iso date,
    shown date, summary, [tag numbers]]``; ``l``: listing page docname -> the
    number of its tag (tag pages) or -1.
    """
    env = app.env
    domain = get_domain(env)
    model: SiteModel = domain.model()
    config = app.config
    built = env.all_docs
    names = [name for name in model.order
             if name in built and not _unpublished(model.articles[name])]
    tags = sorted({tag.key: tag for name in names for tag in model.tags_of(name)}.values(),
                  key=lambda tag: (tag.name.casefold(), tag.key))
    number = {tag.key: index for index, tag in enumerate(tags)}
    articles: dict[str, list[Any]] = {}
    for name in names:
        article = model.articles[name]
        iso, shown = "", ""
        if article.date is not None:
            iso = article.date.iso[:10]
            shown = format_date(config.kb_date_format, date=article.date.instant,
                                language=config.language or "en")
        articles[name] = [iso, shown, _short(article.summary),
                          [number[tag.key] for tag in model.tags_of(name)]]
    slug_number = {tag.slug: index for index, tag in enumerate(tags)}
    listings: dict[str, int] = {}
    for docname, placements in sorted(domain.placements.items()):
        if docname not in built:
            continue
        tag_numbers = [slug_number.get(option, -1) for kind, option in placements
                       if kind == "tag-page"]
        listings[docname] = tag_numbers[0] if tag_numbers else -1
    return {"v": DATA_VERSION, "t": [[tag.name, tag.slug] for tag in tags],
            "a": articles, "l": listings}


def write_search_data(app: Sphinx) -> list[tuple[str, dict[str, Any], str]]:
    """Write the data file before the search page is rendered (it gets a checksum).

    Written from the full model every build, and only when its content changed,
    so incremental builds stay correct and the file's date means something.
    """
    builder = app.builder
    if getattr(builder, "indexer", None) is None:
        return []
    payload = json.dumps(search_data(app), ensure_ascii=False, separators=(",", ":"))
    text = f"window.KB_SEARCH_DATA={payload};\n"
    path = Path(builder.outdir, "_static", DATA_FILE)
    path.parent.mkdir(parents=True, exist_ok=True)
    if write_if_changed(path, text):
        _forget_asset_checksums()
    return []


def _forget_asset_checksums() -> None:
    """Sphinx caches asset checksums per process; a second build in it must see the new file."""
    try:
        from sphinx.builders.html._assets import _file_checksum_inner
    except ImportError:  # pragma: no cover - other Sphinx versions
        return
    cache_clear = getattr(_file_checksum_inner, "cache_clear", None)
    if cache_clear is not None:
        cache_clear()


def search_page_assets(app: Sphinx, pagename: str, templatename: str,
                       context: dict[str, Any], doctree: nodes.document | None) -> None:
    """Our script and styles load on the search page only (after searchtools.js: deferred)."""
    if pagename != "search" or getattr(app.builder, "indexer", None) is None:
        return
    app.add_js_file(DATA_FILE, defer="defer")
    app.add_js_file("kb-search.js", defer="defer")
    app.add_css_file("kb-search.css")


def setup(app: Sphinx) -> ExtensionMetadata:
    """Needs ``sphinx_kb`` (its domain and listings); load it from there."""
    app.connect("doctree-resolved", exclude_from_index, priority=600)
    app.connect("html-collect-pages", write_search_data)
    app.connect("html-page-context", search_page_assets)
    return {
        "version": "0.1.0",
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
