"""Search: a Pagefind index written at the end of every HTML build, and our search page.

``kb_search = "pagefind"`` (the default) turns Sphinx's own search off for the
HTML builders (no ``searchindex.js``, no ``searchtools.js`` page), writes the
Pagefind bundle to ``<outdir>/pagefind/`` at ``build-finished`` (after the
writing workers have exited, so the indexer never adds to their memory peak),
and adds ``search.html``: the theme's page layout with a small script that
calls Pagefind's JavaScript API. The theme's search field submits ``q`` to that
page. ``kb_search = "sphinx"`` leaves Sphinx's search exactly as Sphinx ships it.
"""

from __future__ import annotations

import html
import json
import re
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.locale import _
from sphinx.util import logging
from sphinx.util.osutil import relative_uri

from ..build.store import get_domain
from ..core.heap import cycle_collector_paused
from ..core.languages import main_language, own_name
from ..render.elements import WEB_BUILDERS
from ..render.languages import page_language
from .search_boot import boot_head, fill_search_page
from .search_index import (
    BUNDLE_DIR,
    END_MARK,
    START_MARK,
    indexed_pages,
    plan_index,
    tag_token,
)
from .search_shards import write_index as write_sharded

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx

    from ..core.model import SiteModel

logger = logging.getLogger(__name__)

ENGINES = ("pagefind", "sphinx")
#: The theme's layout loads Sphinx's search scripts on every page; with Pagefind they do not exist.
_SPHINX_SEARCH_SCRIPTS = re.compile(
    r'\s*<script src="[^"]*(?:_static/searchtools\.js|_static/language_data\.js|searchindex\.js)'
    r'"></script>')


#: The search page's content, in the theme's page layout (works with any theme).
SEARCH_BODY = """\
<section class="kb-search" id="kb-search" data-bundle="{bundle}" data-root="{root}"
         data-tags="{tags}" data-months="{months}">
<h1>{search}</h1>
<noscript><p class="kb-search-message">{nojs}</p></noscript>
<p id="kb-search-file" class="kb-search-message" hidden>{file}</p>
<form class="kb-search-form" role="search" action="" method="get">
  <label class="kb-search-label" for="kb-search-input">{label}</label>
  <input id="kb-search-input" class="form-control" type="search" name="q" autocomplete="off"
         spellcheck="false" placeholder="{placeholder}">
  <div class="kb-search-controls">
    <label for="kb-search-tag">{tag}</label>
    <select id="kb-search-tag" name="tag"><option value="">{all}</option></select>
    <label for="kb-search-sort">{sort}</label>
    <select id="kb-search-sort" name="sort">
      <option value="relevance">{relevance}</option>
      <option value="newest">{newest}</option>
    </select>{languages}
  </div>
</form>
<p id="kb-search-status" class="kb-search-status" role="status" aria-live="polite"></p>
<ol id="kb-search-results" class="kb-results" data-state="idle" data-query=""></ol>
<button id="kb-search-more" class="btn kb-search-more" type="button" hidden>{more}</button>
</section>
"""


def pagefind_active(app: Sphinx) -> bool:
    """Pagefind serves search in this build (set at ``builder-inited``)."""
    return get_domain(app.env).state.pagefind


def choose_engine(app: Sphinx) -> None:
    """Turn Sphinx's index off where Pagefind takes over; other builders are left alone."""
    engine = app.config.kb_search
    if engine not in ENGINES:
        logger.warning("kb_search is %r; expected one of %s: using 'pagefind'", engine,
                       ", ".join(repr(name) for name in ENGINES), type="kb", subtype="config",
                       location=str(Path(app.confdir, "conf.py")))
        engine = "pagefind"
    builder = app.builder
    # Only the web builders with a search page (not singlehtml, epub, htmlhelp and the like).
    if (engine == "pagefind" and isinstance(builder, StandaloneHTMLBuilder) and builder.search
            and builder.name in WEB_BUILDERS):
        builder.search = False
        get_domain(app.env).state.pagefind = True


def mark_indexed_content(app: Sphinx, pagename: str, templatename: str,
                         context: dict[str, Any], doctree: nodes.document | None) -> None:
    """Markers around the content the index reads; no Sphinx search scripts in the layout."""
    if not pagefind_active(app):
        return
    context["kb_pagefind"] = True
    context["kb_without_sphinx_search"] = _without_sphinx_search
    if doctree is not None and isinstance(context.get("body"), str):
        context["body"] = START_MARK + context["body"] + END_MARK


def _without_sphinx_search(markup: str) -> Markup:
    return Markup(_SPHINX_SEARCH_SCRIPTS.sub("", str(markup)))


def search_page(app: Sphinx) -> list[tuple[str, dict[str, Any], str]]:
    """Our search page, in place of the one Sphinx no longer writes."""
    if not pagefind_active(app):
        return []
    model = get_domain(app.env).model()
    names = {slug: [tag.name, tag_token(slug)] for slug, tag in model.by_slug.items()}
    payload = json.dumps(dict(sorted(names.items())), ensure_ascii=False, separators=(",", ":"))
    # The months that have articles, newest first: the search page's newest-first order.
    months = sorted({article.date.iso[:7] for article in model.articles.values()
                     if article.date is not None}, reverse=True)
    uri = app.builder.get_target_uri("search")
    root = relative_uri(uri, "") or "./"
    body = SEARCH_BODY.format(
        bundle=html.escape(relative_uri(uri, f"{BUNDLE_DIR}/pagefind.js")),
        root=html.escape(root), tags=html.escape(payload, quote=True),
        months=html.escape(json.dumps(months, separators=(",", ":")), quote=True),
        languages=language_choice(app, model),
        **{key: html.escape(text) for key, text in _texts().items()})
    return [("search", {"title": _("Search"), "body": body}, "page.html")]


def language_choice(app: Sphinx, model: SiteModel) -> str:
    """A site with translations searches one language at a time (Pagefind: one index each).

    The choice starts from the ``lang`` of the address, which the search box of a page in
    another language adds (``kb-lang-search.js``); the main language is the empty value.
    """
    main = main_language(app.config.language)
    codes = [code for code in model.languages if code != main]
    if not codes:
        return ""
    options = "".join(
        f'<option value="{html.escape(code if code != main else "")}" lang="{html.escape(code)}">'
        f"{html.escape(own_name(code))}</option>"
        for code in [main, *codes])
    return (f'\n    <label for="kb-search-lang">{html.escape(_("Language"))}</label>'
            f'\n    <select id="kb-search-lang" name="lang">{options}</select>')


def _texts() -> dict[str, str]:
    return {
        "search": _("Search"),
        "nojs": _("Search needs JavaScript."),
        "file": _("Search needs the site served over HTTP, not opened as a file: run "
                  "“make serve” and open the address it prints."),
        "label": _("Search the site"),
        "placeholder": _("Words from a title, summary or tag"),
        "tag": _("Tag"), "all": _("All tags"), "sort": _("Sort by"),
        "relevance": _("Relevance"), "newest": _("Newest"), "more": _("More results"),
    }


def search_page_assets(app: Sphinx, pagename: str, templatename: str,
                       context: dict[str, Any], doctree: nodes.document | None) -> None:
    if not pagefind_active(app):
        return
    code = page_language(app, pagename)
    if code is not None and code != main_language(app.config.language):
        # Its search box asks for results in the page's language (a page of this build only).
        src = html.escape(context["pathto"]("_static/kb-lang-search.js", 1), quote=True)
        context["metatags"] = (context.get("metatags", "")
                               + f'\n<script defer src="{src}"></script>')
    if pagename == "search":
        # Pagefind starts from the top of the head (publish/search_boot.py); the results
        # script needs the page's elements, so it runs once the page is read.
        context["metatags"] = context.get("metatags", "") + boot_head()
        app.add_js_file("kb-pagefind-words.js", defer="defer")
        app.add_js_file("kb-pagefind.js", defer="defer")
        app.add_css_file("kb-pagefind.css")
    else:
        # The search page's files are fetched ahead once the theme's search box has focus.
        app.add_js_file("kb-search-prefetch.js", defer="defer")


@cycle_collector_paused()
def write_index(app: Sphinx, exception: Exception | None) -> None:
    """The Pagefind bundle from every current page; left alone when nothing in it changed."""
    if exception is not None or not pagefind_active(app):
        return
    started = time.perf_counter()
    plan = plan_index(app)
    if plan.unreadable:
        logger.warning("search index: %d page(s) have no readable content and are indexed by "
                       "their fields only (first: %s); a clean build (make clean) rewrites them",
                       len(plan.unreadable), ", ".join(plan.unreadable[:3]), type="kb",
                       subtype="search")
    try:
        written = write_sharded(Path(app.builder.outdir), plan, app.config.kb_search_shard_size)
    except Exception as error:  # the pagefind binary missing or failing
        logger.warning("the search index could not be written: %s", error, type="kb",
                       subtype="search")
        return
    finally:
        fill_search_page(app)
    if not written:
        logger.info("search index: unchanged (%d pages)", len(plan.records))
        return
    steps = ", ".join(f"{step} {seconds:.1f} s" for step, seconds in plan.timings.items())
    logger.info("search index: %d pages, shard(s) %s indexed in %.1f s (%s)", len(plan.records),
                ", ".join(map(str, sorted(written))), time.perf_counter() - started, steps)


__all__ = ["indexed_pages", "pagefind_active"]
