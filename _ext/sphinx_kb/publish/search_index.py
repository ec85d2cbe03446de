"""The Pagefind index: one record per article, guide page and tag page, from all current pages.

Every record is a small HTML document written here, not the page as the theme
renders it: the fields (title, summary, tags, date) come from the site model,
with their weights, and the body text is the page's own content, cut out of
the built page between the markers ``search.py`` puts around it. Header,
byline, tags line, related articles, permalinks (``#``), listings and the
sidebar are therefore never body text.

The record set is derived from the complete list of current pages on every
build, never from the pages this build wrote; a fingerprint of the records
(stored inside the bundle) lets a no-change build leave the index alone. The
bundle is written to a temporary folder and swapped in, so a build killed
while indexing leaves the old bundle and no fingerprint for the new one.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import json
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util import logging

from ..build.store import get_domain
from ..core.languages import main_language
from ..core.pagefind_compact import CHUNK_ENTRIES, PAGE_HASH_DIGITS, compact_bundle
from .search_common import write_common_words

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

#: Pagefind's default folder name: the search page and ``make search-eval`` expect it.
BUNDLE_DIR = "pagefind"
FINGERPRINT_FILE = "kb-index.sha256"
#: Around the content of an indexed page (``search.py`` adds them at ``html-page-context``).
START_MARK = "<!--kb-search-body-->"
END_MARK = "<!--/kb-search-body-->"
#: Bump when the record layout changes: the fingerprint then differs and the index is rewritten.
RECORD_VERSION = 6
#: Parts of a page's content that are not body text. The title and summary come from the
#: record's own fields (with their weights), so the page's copies are skipped too.
EXCLUDE = [
    ".kb-page h1", ".kb-page .kb-summary", ".kb-page a.headerlink", ".kb-page .kb-byline",
    ".kb-page .kb-article-tags", ".kb-page .kb-related", ".kb-page .kb-draft-banner",
    ".kb-page .kb-listing", ".kb-page .kb-tag-cloud", ".kb-page .kb-tag-index",
    ".kb-page .kb-feed-link", ".kb-page .kb-reading-time",
]
#: Content weights (Pagefind: 0-10, applied quadratically; body text is 1, h2 is 6).
TITLE_WEIGHT = 10
SUMMARY_WEIGHT = 5
TAG_WEIGHT = 5
#: The filter holding an article's year and month (``2024-05``), for the newest-first order.
MONTH_FILTER = "month"
#: The filter naming a translation's language (main-language pages have none): the search page
#: asks for it, so a shard without that language's index gives no other language's pages.
LANG_FILTER = "lang"


@dataclass
class Record:
    """One indexed page: its URL and the HTML document Pagefind reads."""

    url: str
    document: str


@dataclass
class IndexPlan:
    """The records of this build, and whether the bundle on disk already holds them."""

    records: list[Record] = field(default_factory=list)
    fingerprint: str = ""
    #: The site's language: Pagefind's stemmer, and the common words' (``search_common``).
    lang: str = "en"
    #: Pages whose built file has no content markers (missing, or written by another version).
    unreadable: list[str] = field(default_factory=list)
    #: Seconds spent per step (``Pagefind``, ``compaction``, ...), for the build log.
    timings: dict[str, float] = field(default_factory=dict)

    @contextlib.contextmanager
    def timing(self, step: str) -> Iterator[None]:
        """Add the time the block takes to ``step`` (summed over shards)."""
        started = time.perf_counter()
        try:
            yield
        finally:
            self.timings[step] = self.timings.get(step, 0.0) + time.perf_counter() - started


def tag_token(slug: str) -> str:
    """A word only the tag page holds: the search page finds the page a query names by it.

    BM25 scores a tag page's one word about as high as an article that has the word in its
    title, tags and body, so the search page puts the named tag's page first itself.
    """
    return "kbtag" + hashlib.sha256(slug.encode("utf-8")).hexdigest()[:12]


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def page_fragment(path: Path) -> str | None:
    """The content of a built page between our markers (None when the page has none)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return None
    start = text.find(START_MARK)
    end = text.rfind(END_MARK)
    if start < 0 or end < start:
        return None
    return text[start + len(START_MARK):end]


def _document(lang: str, head: list[str], fragment: str) -> str:
    return (f'<html lang="{_esc(lang)}"><head><meta charset="utf-8"></head><body>'
            f'<main data-pagefind-body>{"".join(head)}'
            f'<div class="kb-page">{fragment}</div></main></body></html>')


def indexed_pages(app: Sphinx) -> dict[str, str]:
    """Docname -> kind (``article``, ``tag``, ``page``) of every page the index describes.

    Home, the archive, the tags overview and other listing pages are left out,
    and so are drafts and scheduled articles unless ``kb_drafts`` builds them.
    Redirect pages and the 404 page are not documents, so never appear here.
    """
    env = app.env
    domain = get_domain(env)
    now = domain.state.now
    pages: dict[str, str] = {}
    for docname in sorted(env.all_docs):
        placements = domain.placements.get(docname, [])
        article = domain.articles.get(docname)
        if article is not None:
            if app.config.kb_drafts or article.held_back(now) is None:
                pages[docname] = "article"
        elif any(kind == "tag-page" for kind, _ in placements):
            pages[docname] = "tag"
        elif not placements and docname != app.config.root_doc:
            pages[docname] = "page"
    return pages


def plan_index(app: Sphinx) -> IndexPlan:
    """Every record of the index, built from the model and the pages now on disk."""
    plan = IndexPlan(lang=main_language(app.config.language))
    with plan.timing("records"):
        _add_records(app, plan)
    return plan


def _add_records(app: Sphinx, plan: IndexPlan) -> None:
    builder = app.builder
    env = app.env
    model = get_domain(env).model()
    lang = plan.lang
    for docname, kind in indexed_pages(app).items():
        url = "/" + builder.get_target_uri(docname)
        head: list[str] = []
        fragment: str | None = ""
        page_lang = lang  # Pagefind keys its indexes (and stemmers) on <html lang>
        if kind == "article":
            article = model.articles[docname]
            page_lang = article.lang
            if page_lang != lang:
                head.append(f'<span data-pagefind-ignore data-pagefind-filter="{LANG_FILTER}">'
                            f"{_esc(page_lang)}</span>")
            head.append(f'<h1 data-pagefind-meta="title" data-pagefind-weight="{TITLE_WEIGHT}">'
                        f"{_esc(article.title)}</h1>")
            if article.summary:
                head.append(f'<p data-pagefind-meta="summary" '
                            f'data-pagefind-weight="{SUMMARY_WEIGHT}">{_esc(article.summary)}</p>')
            tags = model.tags_of(docname)
            if tags:
                names = " ".join(f"<span>{_esc(tag.name)}</span>" for tag in tags)
                head.append(f'<p data-pagefind-weight="{TAG_WEIGHT}">{names}</p>')
                head.extend(f'<span data-pagefind-ignore data-pagefind-filter="tag">'
                            f"{_esc(tag.slug)}</span>" for tag in tags)
            if article.date is not None:
                iso = article.date.iso[:10]
                # A month filter, not a Pagefind sort: a sort lists every page in date order in
                # pf_meta, which every first query loads (about 45 KB at 20,000 articles); the
                # search page orders by newest from the month counts (kb-pagefind.js).
                head.append(f'<span data-pagefind-ignore data-pagefind-meta="date">{iso}</span>'
                            f'<span data-pagefind-ignore data-pagefind-filter="{MONTH_FILTER}">'
                            f"{iso[:7]}</span>")
            # No ``kind`` filter on articles: the filter chunk the search page loads to count
            # tags then lists the few tag and guide pages, not every article.
            fragment = page_fragment(Path(builder.get_outfilename(docname)))  # type: ignore[attr-defined]
        elif kind == "tag":
            slug = next(option for k, option in get_domain(env).placements[docname]
                        if k == "tag-page")
            tag = model.by_slug.get(slug)
            name = tag.name if tag is not None else env.titles[docname].astext()
            head.append(f'<h1 data-pagefind-meta="title" data-pagefind-weight="{TITLE_WEIGHT}">'
                        f"{_esc(name)}</h1><p>{tag_token(slug)}</p>"
                        '<span data-pagefind-ignore data-pagefind-filter="kind">tag</span>')
        else:
            title = env.titles[docname].astext() if docname in env.titles else docname
            head.append(f'<h1 data-pagefind-meta="title" data-pagefind-weight="{TITLE_WEIGHT}">'
                        f"{_esc(title)}</h1>"
                        '<span data-pagefind-ignore data-pagefind-filter="kind">page</span>')
            fragment = page_fragment(Path(builder.get_outfilename(docname)))  # type: ignore[attr-defined]
        if fragment is None:
            plan.unreadable.append(docname)
            fragment = ""
        plan.records.append(Record(url, _document(page_lang, head, fragment)))
    plan.fingerprint = fingerprint(plan.records)


def fingerprint(records: list[Record], *layout: int) -> str:
    """What the bundle of ``records`` depends on; ``layout`` tells shards apart (none: K=1)."""
    digest = hashlib.sha256(json.dumps([RECORD_VERSION, EXCLUDE, CHUNK_ENTRIES, PAGE_HASH_DIGITS,
                                       *layout]).encode())
    for record in records:
        digest.update(record.url.encode() + b"\0" + record.document.encode() + b"\0")
    return digest.hexdigest()


def bundle_is_current(bundle: Path, fingerprint: str) -> bool:
    try:
        stored = (bundle / FINGERPRINT_FILE).read_text(encoding="utf-8").strip()
    except OSError:
        return False
    return stored == fingerprint and (bundle / "pagefind-entry.json").is_file()


def _run_pagefind(records: list[Record], target: Path) -> None:
    """Write the records as files and run the Pagefind binary over them.

    The Python API answers one request per 0.1 s (it polls), far too slow for
    thousands of pages; the CLI reads the files in parallel.
    """
    with tempfile.TemporaryDirectory(prefix="kb-pagefind-") as temp:
        site = Path(temp, "site")
        for record in records:
            path = record.url.lstrip("/")
            if not path or path.endswith("/"):
                path += "index.html"
            file = site / path
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_text(record.document, encoding="utf-8")
        config = {"site": str(site), "output_path": str(target), "exclude_selectors": EXCLUDE,
                  "quiet": True}
        Path(temp, "pagefind.json").write_text(json.dumps(config), encoding="utf-8")
        result = subprocess.run([sys.executable, "-m", "pagefind"], cwd=temp,
                                capture_output=True, text=True, check=False)
        if result.returncode != 0 or not (target / "pagefind-entry.json").is_file():
            raise RuntimeError(f"pagefind failed ({result.returncode}): "
                               f"{(result.stderr or result.stdout).strip()[-2000:]}")


def write_bundle(bundle: Path, records: list[Record], fingerprint: str, plan: IndexPlan, *,
                 common_words: bool = True, page_tag: str = "") -> None:
    """Write a bundle beside the old one, then swap: a killed build leaves no half index.

    ``common_words`` is off for the shards of a big site: their one ``common-words.json``,
    covering every shard, is written after them (``search_shards``), and each shard's page
    names start with its own ``page_tag``.
    """
    fresh = bundle.with_name(bundle.name + ".new")
    old = bundle.with_name(bundle.name + ".old")
    for leftover in (fresh, old):
        shutil.rmtree(leftover, ignore_errors=True)
    with plan.timing("Pagefind"):
        _run_pagefind(records, fresh)
    with plan.timing("compaction"):
        compacted = compact_bundle(fresh, page_tag)
    if not compacted:
        logger.info("search index: this Pagefind version's files are not known here; its "
                    "index is left as Pagefind wrote it (more bytes per query)")
    if common_words:
        with plan.timing("common words"):
            write_common_words(fresh, [record.document for record in records], plan.lang)
    (fresh / FINGERPRINT_FILE).write_text(fingerprint + "\n", encoding="utf-8")
    if bundle.exists():
        bundle.rename(old)
    fresh.rename(bundle)
    shutil.rmtree(old, ignore_errors=True)
