"""``sitemap.xml`` of every page, made from the environment after the build.

sphinx-sitemap 2.9 collects URLs in ``html-page-context`` (through a
multiprocessing queue), so a sitemap only lists the pages the current build
wrote: after an incremental build it lists the few rewritten pages. This one
walks ``env.all_docs`` instead, and takes ``lastmod`` from the front matter.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import TYPE_CHECKING

from ..build.store import get_domain
from ..core.files import starts_with_mark, write_if_changed
from ..render.elements import is_web_builder
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

    from ..core.dates import ArticleDate
    from ..core.model import SiteModel

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
SITEMAP_FILE = "sitemap.xml"


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
        result.append((docname, _listing_lastmod(model, domain.placements.get(docname, []),
                                                 now)))
    return result


def _listing_lastmod(model: SiteModel, placements: list[tuple[str, str]],
                     now: dt.datetime) -> ArticleDate | None:
    """A page with listings changes when the newest article it can list changes."""
    if not placements:
        return None
    names: list[str] = []
    for kind, option in placements:
        if kind == "tag-page":
            tag = model.by_slug.get(option)
            names.extend(tag.docnames if tag else [])
        else:
            names.extend(model.order)
    dates = [modified(model.articles[name]) for name in names
             if is_public(model.articles[name], now)]
    known = [date for date in dates if date is not None]
    return max(known) if known else None


def render_sitemap(app: Sphinx) -> bytes:
    root = ET.Element("urlset", xmlns=SITEMAP_NS)
    for docname, lastmod in sitemap_pages(app):
        url = ET.SubElement(root, "url")
        ET.SubElement(url, "loc").text = page_url(app.builder, docname)
        if lastmod is not None:
            ET.SubElement(url, "lastmod").text = w3c_date(lastmod)
    ET.indent(root, "  ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def write_sitemap(app: Sphinx, exception: BaseException | None) -> None:
    if exception is not None or not is_web_builder(app.builder) or not app.config.kb_sitemap:
        return
    if not site_base(app.config):
        return  # write_feeds says why
    outdir = Path(app.outdir)
    write_if_changed(outdir / SITEMAP_FILE, render_sitemap(app))
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
