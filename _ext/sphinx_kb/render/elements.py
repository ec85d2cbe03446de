"""Docutils nodes for the pieces every page kind shares: dates, badges, article rows."""

from __future__ import annotations

import datetime as dt
import fnmatch
import locale
from functools import lru_cache
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.locale import _
from sphinx.util.i18n import format_date
from sphinx.util.osutil import relative_uri

from ..core.languages import main_language
from ..core.tags import tag_page
from .editions import edition_uri
from .nodes import kb_tag_ref, kb_time

if TYPE_CHECKING:
    from sphinx.builders import Builder

    from ..core.dates import ArticleDate
    from ..core.model import SiteModel
    from ..core.tags import Tag


#: Builders whose pages are files at addresses, at ``html_baseurl`` + target URI. The others
#: (editions, plain text) get no feeds, sitemap, redirects, head metadata or Pagefind search.
WEB_BUILDERS = frozenset({"html", "dirhtml"})


def is_web_builder(builder: Builder) -> bool:
    return builder.name in WEB_BUILDERS


def tag_docname(builder: Builder, tag: Tag) -> str:
    return tag_page(builder.config.kb_tags_dir, tag.slug)


def link(builder: Builder, fromdoc: str, todoc: str, text: str,
         classes: list[str]) -> nodes.Element:
    """A link to another page; plain text where the edition does not hold that page."""
    if is_web_builder(builder):
        uri: str | None = _relative_uri(builder.get_target_uri(fromdoc),
                                        builder.get_target_uri(todoc))
    else:
        uri = edition_uri(builder, fromdoc, todoc)
    if uri is None:
        return nodes.inline("", text, classes=classes)
    return nodes.reference("", text, internal=True, refuri=uri, classes=classes)


@lru_cache(maxsize=65536)
def _relative_uri(base: str, to: str) -> str:
    """Listings link the same few folders thousands of times."""
    return relative_uri(base, to)


@lru_cache(maxsize=4096)
def _readable(fmt: str, instant: dt.datetime, language: str) -> str:
    """Babel costs ~0.3 ms a date and an archive shows thousands: English uses strftime."""
    time_locale = locale.getlocale(locale.LC_TIME)[0] or "C"
    if language.startswith("en") and (time_locale == "C" or time_locale.startswith("en")):
        try:
            return instant.strftime(fmt)
        except ValueError:  # a platform without "%-d"
            pass
    return format_date(fmt, date=instant, language=language)


def time_node(builder: Builder, date: ArticleDate, classes: list[str],
              language: str | None = None) -> kb_time:
    """A date, written in ``language`` (an article's own) or the site's."""
    text = _readable(builder.config.kb_date_format, date.instant,
                     (language or builder.config.language or "en").replace("-", "_"))
    return kb_time("", text, datetime=date.iso, classes=classes)


def tag_link(builder: Builder, fromdoc: str, tag: Tag, text: str,
             classes: list[str]) -> nodes.Element:
    """A link to a tag's page that a screen reader announces as "Tag: <text>"."""
    element = link(builder, fromdoc, tag_docname(builder, tag), text, classes)
    if not isinstance(element, nodes.reference) or not is_web_builder(builder):
        return element
    tagged = kb_tag_ref("", text, internal=True, refuri=element["refuri"], classes=classes)
    tagged["label"] = _("Tag: %s") % text
    return tagged


def tag_badge(builder: Builder, fromdoc: str, tag: Tag,
              count: int | None = None) -> nodes.Element:
    text = tag.name if count is None else f"{tag.name} ({count})"
    classes = ["kb-tag"]
    for pattern, colour in (builder.config.kb_tag_colors or {}).items():
        if fnmatch.fnmatchcase(tag.name, pattern):  # sphinx-tags' tags_badge_colors
            classes.append(f"kb-tag-{colour}")
            break
    return tag_link(builder, fromdoc, tag, text, classes)


def tag_badges(builder: Builder, fromdoc: str, tags: list[Tag]) -> nodes.inline:
    """An article's tags: badges, or with ``kb_tag_badges = False`` links between commas."""
    badges = builder.config.kb_tag_badges
    container = nodes.inline(classes=["kb-tags" if badges else "kb-tags-plain"])
    for index, tag in enumerate(tags):
        if index and not badges:
            container += nodes.Text(", ")
        container += tag_badge(builder, fromdoc, tag)
        if badges:
            container += nodes.Text(" ")
    return container


def article_row(builder: Builder, model: SiteModel, fromdoc: str, docname: str,
                compact: bool = False) -> nodes.list_item:
    """One article in a listing: title, date, and unless compact, summary and tags."""
    article = model.articles[docname]
    # A row in another language than the site's says so (docutils writes ``lang``).
    other = article.lang != main_language(builder.config.language)
    item = nodes.list_item(classes=["kb-row", *([f"language-{article.lang}"] if other else [])])
    head = nodes.paragraph(classes=["kb-row-title"])
    if article.date:
        head += time_node(builder, article.date, ["kb-date"], article.lang)
    else:
        head += nodes.inline("", _("Undated"), classes=["kb-date", "kb-undated"])
    head += nodes.Text(" ")
    head += link(builder, fromdoc, docname, article.title, ["kb-row-link"])
    if article.draft:
        head += nodes.inline("", _("Draft"), classes=["kb-draft-badge"])
    others = language_badges(builder, model, fromdoc, docname)
    if others is None and other:  # an article only in another language says which
        others = nodes.inline("", "", nodes.inline("", article.lang.upper(),
                                                    classes=["kb-language-badge"]),
                              classes=["kb-row-languages"])
    if others is not None:
        head += nodes.Text(" ")
        head += others
    item += head
    if compact:
        return item
    if article.summary:
        item += nodes.paragraph("", article.summary, classes=["kb-row-summary"])
    tags = model.tags_of(docname)
    if tags:
        item += nodes.paragraph("", "", tag_badges(builder, fromdoc, tags), classes=["kb-row-tags"])
    return item


def language_badges(builder: Builder, model: SiteModel, fromdoc: str,
                    docname: str) -> nodes.inline | None:
    """A listing row's other languages, each a link to that version (``ES``)."""
    versions = {code: name for code, name in model.versions(docname).items() if name != docname}
    if not versions:
        return None
    badges = nodes.inline(classes=["kb-row-languages"])
    for code, other in versions.items():
        badges += link(builder, fromdoc, other, code.upper(),
                       ["kb-language-badge", f"language-{code}"])
        badges += nodes.Text(" ")
    return badges


def article_list(builder: Builder, model: SiteModel, fromdoc: str, docnames: list[str],
                 compact: bool = False) -> nodes.bullet_list:
    listing = nodes.bullet_list(classes=["kb-listing", "kb-compact" if compact else "kb-full"])
    for docname in docnames:
        listing += article_row(builder, model, fromdoc, docname, compact)
    return listing
