"""``sitemap.xml`` of every page, made from the environment after the build.

sphinx-sitemap 2.9 collects URLs in ``html-page-context`` (through a
multiprocessing queue), so a sitemap only lists the pages the current build
wrote: after an incremental build it lists the few rewritten pages. This one
walks ``env.all_docs`` instead, and takes ``lastmod`` from the front matter.

A sitemap holds at most 50,000 URLs (sitemaps.org); a bigger site gets
``sitemap.xml`` as a sitemap index pointing at ``sitemap-1.xml``, ``sitemap-2.xml``, ...
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import TYPE_CHECKING

from ..build.store import get_domain
from ..core.files import starts_with_mark, write_if_changed
from ..core.paging import page_items
from ..render.elements import is_web_builder
from ..render.paged import PAGED_KINDS, paged_list
from .alternates import alternates
from .common import (
    build_now,
    file_url,
    is_public,
    modified,
    page_url,
    site_base,
    w3c_date,
)

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

    from ..core.dates import ArticleDate
    from ..core.model import SiteModel

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
SITEMAP_FILE = "sitemap.xml"
#: URLs one sitemap file may hold (sitemaps.org); tests lower it to check the index.
MAX_URLS = 50_000
_PART_RE = re.compile(r"^sitemap-[0-9]+\.xml$")


def sitemap_pages(app: Sphinx) -> list[tuple[str, ArticleDate | None]]:
    """``(docname, lastmod)`` of every page a search engine should know, sorted by docname."""
    env = app.env
    domain = get_domain(env)
    model = domain.model()
    now = build_now(env)
    hidden = {app.config.notfound_pagename} if "notfound_pagename" in app.config else set()
    result = []
    for docname in sorted(env.all_docs):
        if docname in hidden:
            continue
        article = model.articles.get(docname)
        if article is not None:
            if not is_public(article, now):
                continue
            result.append((docname, modified(article)))
            continue
        result.append((docname, _listing_lastmod(model, app.config,
                                                 domain.placements.get(docname, []), now)))
    return result


def _listing_lastmod(model: SiteModel, config: Config, placements: list[tuple[str, str]],
                     now: dt.datetime) -> ArticleDate | None:
    """A page with listings changes when the newest article it shows changes.

    One page of a tag or a year shows only its own slice; an overview shows
    counts, so any article can change it.
    """
    if not placements:
        return None
    names: list[str] = []
    for kind, option in placements:
        if kind in PAGED_KINDS:
            found = paged_list(model, config, kind, option)
            if found is not None:
                _base, listed, page, size = found
                names.extend(page_items(listed, page, size))
        else:
            names.extend(model.order)
    dates = [modified(model.articles[name]) for name in names
             if is_public(model.articles[name], now)]
    known = [date for date in dates if date is not None]
    return max(known) if known else None


def _urlset(app: Sphinx, pages: list[tuple[str, ArticleDate | None]]) -> bytes:
    model = get_domain(app.env).model()
    links = {docname: alternates(app.builder, model, docname) for docname, _lastmod in pages
             if model.versions(docname)}
    attributes = {"xmlns": SITEMAP_NS}
    if any(links.values()):
        attributes["xmlns:xhtml"] = XHTML_NS
    root = ET.Element("urlset", attributes)
    for docname, lastmod in pages:
        url = ET.SubElement(root, "url")
        ET.SubElement(url, "loc").text = page_url(app.builder, docname)
        if lastmod is not None:
            ET.SubElement(url, "lastmod").text = w3c_date(lastmod)
        for code, href in links.get(docname, []):  # every version, itself included
            ET.SubElement(url, "xhtml:link", rel="alternate", hreflang=code, href=href)
    return _xml(root)


def _xml(root: ET.Element) -> bytes:
    ET.indent(root, "  ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def render_sitemap(app: Sphinx) -> dict[str, bytes]:
    """File name -> content: one ``sitemap.xml``, or an index and its numbered parts."""
    pages = sitemap_pages(app)
    if len(pages) <= MAX_URLS:
        return {SITEMAP_FILE: _urlset(app, pages)}
    files: dict[str, bytes] = {}
    index = ET.Element("sitemapindex", xmlns=SITEMAP_NS)
    for number, start in enumerate(range(0, len(pages), MAX_URLS), 1):
        part = pages[start:start + MAX_URLS]
        name = f"sitemap-{number}.xml"
        files[name] = _urlset(app, part)
        entry = ET.SubElement(index, "sitemap")
        ET.SubElement(entry, "loc").text = file_url(app.config, name)
        known = [lastmod for _doc, lastmod in part if lastmod is not None]
        if known:
            ET.SubElement(entry, "lastmod").text = w3c_date(max(known))
    files[SITEMAP_FILE] = _xml(index)
    return files


def write_sitemap(app: Sphinx, exception: BaseException | None) -> None:
    if exception is not None or not is_web_builder(app.builder) or not app.config.kb_sitemap:
        return
    if not site_base(app.config):
        return  # write_feeds says why
    outdir = Path(app.outdir)
    files = render_sitemap(app)
    for path in outdir.glob("sitemap-*.xml"):
        if _PART_RE.match(path.name) and path.name not in files:
            path.unlink(missing_ok=True)  # a part of a bigger sitemap of an earlier build
    for name, content in files.items():
        write_if_changed(outdir / name, content)
    write_robots(app, outdir)


ROBOTS_FILE = "robots.txt"
_ROBOTS_MARK = "# Written by sphinx_kb"


def write_robots(app: Sphinx, outdir: Path) -> None:
    """Point search engines at the sitemap (Read the Docs serves this file at the site root).

    A ``robots.txt`` of the site's own (``html_extra_path``) is left alone.
    """
    path = outdir / ROBOTS_FILE
    if path.exists() and not starts_with_mark(path, _ROBOTS_MARK):
        return
    sitemap = file_url(app.config, SITEMAP_FILE)
    write_if_changed(path, f"{_ROBOTS_MARK}\nUser-agent: *\nAllow: /\n\nSitemap: {sitemap}\n")
