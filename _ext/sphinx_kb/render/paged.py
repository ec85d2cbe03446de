"""Listings cut into numbered pages: tag pages and archive years, with their pager.

Each page shows one slice of its list (``core/paging.py``), a "newer / older"
pager at the bottom and ``<link rel="prev">`` / ``<link rel="next">`` in the
head. What a page shows is also its write fingerprint (`paged_inputs`): a page
is rewritten only when its own slice, its lead or its pager changes.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.locale import _

from ..build.store import get_domain
from ..core.paging import UNDATED, page_count, page_items, paged_name, split_paged_option
from ..core.tags import tag_page
from .elements import article_list, is_web_builder, link

if TYPE_CHECKING:
    from docutils.nodes import document
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config

    from ..core.model import SiteModel

#: Kinds of listing that show one page of a longer list.
PAGED_KINDS = ("tag-page", "tag-page-n", "archive-year", "archive-language")


def paged_list(model: SiteModel, config: Config, kind: str,
               option: str) -> tuple[str, list[str], int, int] | None:
    """``(page 1 docname, all docnames, page, page size)`` of a paged listing, or None."""
    key, page = split_paged_option(option)
    if kind == "archive-year":
        names = model.years.get(key)
        base = f"{config.kb_archive_dir}/{key}"
        size = config.kb_archive_page_size
    elif kind == "archive-language":  # render/languages.py
        language = model.languages.get(key)
        names = language.order if language is not None else None
        base = f"{config.kb_archive_dir}/{key}"
        size = config.kb_archive_page_size
    else:
        tag = model.by_slug.get(key)
        names = tag.docnames if tag else None
        base = tag_page(config.kb_tags_dir, key)
        size = config.kb_tag_page_size
    if names is None:
        return None
    return base, names, page, size


def neighbour_pages(model: SiteModel, config: Config, kind: str,
                    option: str) -> tuple[str | None, str | None]:
    """Docnames of the newer (previous) and older (next) page of a paged listing."""
    found = paged_list(model, config, kind, option)
    if found is None:
        return None, None
    base, names, page, size = found
    last = page_count(len(names), size)
    return (paged_name(base, page - 1) if page > 1 else None,
            paged_name(base, page + 1) if page < last else None)


def paged_inputs(model: SiteModel, config: Config, kind: str, option: str) -> object:
    """What one page of a paged listing shows: its lead, its rows and its pager."""
    found = paged_list(model, config, kind, option)
    if found is None:
        return None
    _base, names, page, size = found
    shown = page_items(names, page, size)
    if kind == "archive-year":
        rows: list[object] = [(name, model.articles[name].title, model.articles[name].date,
                               model.articles[name].draft, tuple(model.versions(name).items()),
                               model.articles[name].lang)
                              for name in shown]
    else:
        rows = [model.row(name) for name in shown]
    lead = len(names) if page == 1 else None
    return lead, rows, neighbour_pages(model, config, kind, option)


def render_paged(builder: Builder, model: SiteModel, docname: str, kind: str,
                 option: str) -> list[nodes.Node]:
    config = builder.config
    found = paged_list(model, config, kind, option)
    if found is None:
        if kind in {"archive-year", "archive-language"}:
            return [nodes.paragraph("", _("No articles yet."))]
        return [nodes.paragraph("", _("No published article has this tag."))]
    _base, names, page, size = found
    result: list[nodes.Node] = []
    if page == 1:
        count = len(names)
        noun = _("article") if count == 1 else _("articles")
        classes = ["kb-tag-count" if kind.startswith("tag") else "kb-archive-count"]
        result.append(nodes.paragraph("", f"{count} {noun}, newest first.", classes=classes))
    if kind == "tag-page" and config.kb_tag_page_header:  # sphinx-tags' tags_page_header
        result.append(nodes.rubric("", config.kb_tag_page_header, classes=["kb-tag-header"]))
    compact = kind == "archive-year"
    # A one-file edition (PDF, ePub) holds no numbered pages: its tag pages list every article.
    web = is_web_builder(builder)
    shown = list(page_items(names, page, size)) if web else names
    result.append(article_list(builder, model, docname, shown, compact=compact))
    pager = _pager(builder, model, docname, kind, option) if web else None
    if pager is not None:
        result.append(pager)
    if kind == "archive-year":
        overview = archive_overview(builder.env)
        if overview is not None:
            para = nodes.paragraph(classes=["kb-archive-up"])
            para += link(builder, docname, overview, _("All years"), [])
            result.append(para)
    return result


def _pager(builder: Builder, model: SiteModel, docname: str, kind: str,
           option: str) -> nodes.Element | None:
    newer, older = neighbour_pages(model, builder.config, kind, option)
    if newer is None and older is None:
        return None
    _key, page = split_paged_option(option)
    pager = nodes.paragraph(classes=["kb-pager"])
    if newer is not None:
        pager += link(builder, docname, newer, "← " + _("Newer"), ["kb-pager-newer"])
        pager += nodes.Text(" ")
    pager += nodes.inline("", _("Page %d") % page, classes=["kb-pager-page"])
    if older is not None:
        pager += nodes.Text(" ")
        pager += link(builder, docname, older, _("Older") + " →", ["kb-pager-older"])
    return pager


def archive_overview(env: Any) -> str | None:
    """The page holding the ``{kb-archive}`` overview (the first, if several do)."""
    placements = get_domain(env).placements
    return next((name for name in sorted(placements)
                 if any(kind == "archive" for kind, _option in placements[name])), None)


def year_label(year: str) -> str:
    return _("Undated") if year == UNDATED else year


def add_pager_links(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                    doctree: document | None) -> None:
    """``<link rel="prev">`` and ``<link rel="next">`` in the head of a numbered page."""
    placements = get_domain(app.env).placements.get(pagename, [])
    paged = next(((kind, option) for kind, option in placements if kind in PAGED_KINDS), None)
    pathto = context.get("pathto")
    if paged is None or pathto is None:
        return
    model = get_domain(app.env).model()
    newer, older = neighbour_pages(model, app.config, *paged)
    lines = [f'<link rel="{rel}" href="{html.escape(pathto(target), quote=True)}" />'
             for rel, target in (("prev", newer), ("next", older)) if target is not None]
    if lines:
        context["metatags"] = context.get("metatags", "") + "\n" + "\n".join(lines)
