"""Atom feeds: one for the site, one per tag, written from the site model after the build.

Written with :mod:`xml.etree.ElementTree` rather than feedgen: feedgen stamps
``<updated>`` with the current time unless told otherwise, prepends entries by
default, and raises ``ValueError`` on control characters; we have to set every
field and clean every string ourselves anyway, and a file built from the front
matter alone is byte-identical when the site has not changed.
"""

from __future__ import annotations

import datetime as dt
import html
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.locale import _
from sphinx.util import logging
from sphinx.util.osutil import relative_uri

from ..build.store import get_domain
from ..core.files import starts_with_mark, write_if_changed
from ..core.fingerprint import fingerprint
from ..core.paging import split_paged_name
from ..core.tags import in_tags_folder, tag_page, tags_index
from ..render.elements import is_web_builder
from .alternates import language_feed_path, language_feed_title, language_feeds
from .common import (
    build_now,
    clean,
    file_url,
    is_public,
    modified,
    page_url,
    rfc3339,
    site_base,
)

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

    from ..core.model import SiteModel

logger = logging.getLogger(__name__)

ATOM_NS = "http://www.w3.org/2005/Atom"
SITE_FEED = "atom.xml"
#: ``<updated>`` of a feed without entries: a fixed value, so the file still never changes.
EMPTY_UPDATED = "1970-01-01T00:00:00+00:00"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_INPUTS_MARK = "kb-inputs: "


@dataclass(frozen=True)
class Feed:
    """One feed file and the page it mirrors."""

    path: str  # output path, relative to the output folder, with '/'
    title: str
    page: str  # docname of the HTML page the feed follows
    entries: tuple[str, ...]  # docnames, newest first, already limited
    lang: str = ""  # a language's feed (alternates.py); the site's language otherwise


def feeds_enabled(app: Sphinx) -> bool:
    return (is_web_builder(app.builder) and bool(site_base(app.config))
            and app.config.kb_feed_entries > 0)


def tag_feed_path(config: Config, slug: str) -> str:
    return tag_page(config.kb_tags_dir, slug) + ".xml"


def feed_entries(model: SiteModel, docnames: list[str], limit: int,
                 now: dt.datetime) -> tuple[str, ...]:
    """Published, dated articles in listing order (newest first), at most ``limit``."""
    chosen = [name for name in docnames
              if model.articles[name].date is not None and is_public(model.articles[name], now)]
    return tuple(chosen[:limit])


def site_feed(app: Sphinx, model: SiteModel) -> Feed:
    config = app.config
    return Feed(SITE_FEED, clean(config.project), config.root_doc,
                feed_entries(model, model.order, config.kb_feed_entries, build_now(app.env)))


def tag_feeds(app: Sphinx, model: SiteModel) -> dict[str, Feed]:
    """Feeds of the tags that have at least one published, dated article, by slug."""
    config = app.config
    result = {}
    for tag in model.tags.values():
        entries = feed_entries(model, tag.docnames, config.kb_feed_entries, build_now(app.env))
        if entries:
            title = clean(f"{config.project}: {tag.name}")
            result[tag.slug] = Feed(tag_feed_path(config, tag.slug), title,
                                    tag_page(config.kb_tags_dir, tag.slug), entries)
    return result


def render_feed(app: Sphinx, model: SiteModel, feed: Feed) -> bytes:
    """The Atom document of ``feed``; depends on front matter and configuration only."""
    config = app.config
    builder = app.builder
    root = ET.Element("feed", {"xmlns": ATOM_NS, _XML_LANG: feed.lang or config.language or "en"})
    _text(root, "title", feed.title)
    if config.kb_site_description:
        _text(root, "subtitle", clean(config.kb_site_description))
    feed_url = file_url(config, feed.path)
    home = page_url(builder, feed.page)
    ET.SubElement(root, "link", rel="self", type="application/atom+xml", href=feed_url)
    ET.SubElement(root, "link", rel="alternate", type="text/html", href=home)
    _text(root, "id", feed_url)
    updated = [modified(model.articles[name]) for name in feed.entries]
    stamps = [date for date in updated if date is not None]
    _text(root, "updated", rfc3339(max(stamps)) if stamps else EMPTY_UPDATED)
    author = ET.SubElement(root, "author")
    _text(author, "name", clean(_site_author(config)))
    _text(root, "generator", "sphinx-kb")
    for docname in feed.entries:
        _entry(app, model, root, docname)
    ET.indent(root, "  ")
    body = ET.tostring(root, encoding="utf-8")
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<!-- {_INPUTS_MARK}'
            f'{feed_inputs(app, model, feed)} -->\n').encode() + body + b"\n"


def feed_inputs(app: Sphinx, model: SiteModel, feed: Feed) -> str:
    """A fingerprint of everything a feed shows: an unchanged feed is not rendered again."""
    config = app.config
    articles = [(model.row(name), model.articles[name].authors) for name in feed.entries]
    return fingerprint((feed, articles, app.builder.name, config.html_baseurl, config.language,
                        config.kb_site_description, config.project, config.author,
                        config.kb_tags_dir))


def _unchanged(path: Path, inputs: str) -> bool:
    return starts_with_mark(path, f"{_INPUTS_MARK}{inputs}", 200)


def _site_author(config: Config) -> str:
    author = (config.author or "").strip()
    if not author or author == "Author name not set":
        return config.project
    return author


def _entry(app: Sphinx, model: SiteModel, root: ET.Element, docname: str) -> None:
    article = model.articles[docname]
    assert article.date is not None
    url = page_url(app.builder, docname)
    entry = ET.SubElement(root, "entry")
    _text(entry, "title", clean(article.title))
    ET.SubElement(entry, "link", rel="alternate", type="text/html", href=url)
    _text(entry, "id", url)
    _text(entry, "published", rfc3339(article.date))
    _text(entry, "updated", rfc3339(modified(article) or article.date))
    for name in article.authors:
        author = ET.SubElement(entry, "author")
        _text(author, "name", clean(name))
    for tag in model.tags_of(docname):
        ET.SubElement(entry, "category", term=clean(tag.name),
                      scheme=page_url(app.builder, tags_index(app.config.kb_tags_dir)))
    if article.summary:
        _text(entry, "summary", clean(article.summary))


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = text
    return element


def write_feeds(app: Sphinx, exception: BaseException | None) -> None:
    """Write every feed whose bytes changed; delete feeds of tags that are gone."""
    if exception is not None or not is_web_builder(app.builder):
        return
    if not site_base(app.config):
        if app.config.kb_feed_entries > 0 or app.config.kb_sitemap:
            # A local build needs no site URL: say what is left out, without a warning.
            logger.info("knowledge base: html_baseurl is not set, so no feeds, sitemap or "
                        "canonical links are written; set html_baseurl = 'https://your.site/' "
                        "in conf.py to publish them")
        return
    if app.config.kb_feed_entries <= 0:
        return
    model = get_domain(app.env).model()
    outdir = Path(app.outdir)
    feeds = [site_feed(app, model), *tag_feeds(app, model).values(),
             *language_feeds(app, model)]
    written = 0
    for feed in feeds:
        if _unchanged(outdir / feed.path, feed_inputs(app, model, feed)):
            continue
        written += write_if_changed(outdir / feed.path, render_feed(app, model, feed))
    wanted = {feed.path for feed in feeds}
    _remove_stale(outdir, app.config.kb_tags_dir, wanted)
    _remove_stale(outdir, app.config.kb_archive_dir, wanted)
    logger.info("knowledge base: %d feeds (%d rewritten)", len(feeds), written)


def _remove_stale(outdir: Path, tags_dir: str, wanted: set[str]) -> None:
    """Tag (or language) feeds of an earlier build that no published article has now."""
    folder = outdir / tags_dir
    if not folder.is_dir():
        return
    for path in folder.glob("*.xml"):
        relpath = path.relative_to(outdir).as_posix()
        if relpath not in wanted and _is_our_feed(path):
            path.unlink()


def _is_our_feed(path: Path) -> bool:
    return starts_with_mark(path, f'<feed xmlns="{ATOM_NS}"')


# Where readers find the feeds.


def page_feeds(app: Sphinx, pagename: str) -> list[tuple[str, str]]:
    """``(path, title)`` of the feeds a page advertises: the site's, and its tag's on a tag page.

    Called for every page: it never walks the whole site (a tag has a feed as
    soon as one of its articles is published and dated).
    """
    if not feeds_enabled(app):
        return []
    config = app.config
    result = [(SITE_FEED, clean(config.project))]
    language = in_tags_folder(config.kb_archive_dir, pagename)
    if language is not None and language in get_domain(app.env).model().languages:
        result.append((language_feed_path(config.kb_archive_dir, language),
                       language_feed_title(config.project, language)))
    rest = in_tags_folder(config.kb_tags_dir, pagename)
    paged = split_paged_name(rest) if rest is not None else None
    slug = paged[0] if paged is not None else None  # every numbered page of a tag names its feed
    if slug is not None:
        model = get_domain(app.env).model()
        tag = model.by_slug.get(slug)
        now = build_now(app.env)
        if tag is not None and any(model.articles[name].date is not None
                                   and is_public(model.articles[name], now)
                                   for name in tag.docnames):
            result.append((tag_feed_path(config, tag.slug),
                           clean(f"{config.project}: {tag.name}")))
    return result


def add_feed_links(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                   doctree: nodes.document | None) -> None:
    """``<link rel="alternate" type="application/atom+xml">`` in every page's ``<head>``."""
    pathto = context.get("pathto")
    lines = []
    for path, title in page_feeds(app, pagename):
        # pathto: relative on ordinary pages, absolute from the prefix on the 404 page.
        href = pathto(path, resource=True) if pathto else path
        lines.append(f'<link rel="alternate" type="application/atom+xml" '
                     f'title="{html.escape(title, quote=True)}" '
                     f'href="{html.escape(href, quote=True)}" />')
    if lines:
        context["metatags"] = context.get("metatags", "") + "\n" + "\n".join(lines)


def add_feed_paragraph(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """A visible feed link at the end of the home page and of each tag page."""
    config = app.config
    if docname != config.root_doc and in_tags_folder(config.kb_tags_dir, docname) is None \
            and in_tags_folder(config.kb_archive_dir, docname) not in get_domain(
                app.env).model().languages:
        return
    feeds = [path for path, _title in page_feeds(app, docname)
             if docname == app.config.root_doc or path != SITE_FEED]
    if not feeds:
        return
    path = feeds[-1]
    uri = relative_uri(app.builder.get_target_uri(docname), path)
    para = nodes.paragraph(classes=["kb-feed-link"])
    label = (_("Atom feed of new articles") if path == SITE_FEED
             else _("Atom feed of this tag") if path.startswith(config.kb_tags_dir + "/")
             else _("Atom feed of this language"))
    para += nodes.reference("", label, internal=True, refuri=uri, classes=["kb-feed"])
    section = doctree.next_node(nodes.section)
    (section if section is not None else doctree).append(para)
