"""Listing directives (recent, archive, tags) and their content at write time.

A directive leaves a placeholder and records itself in the domain; the list
is made when the page is written, from the site model, so adding or removing
an article only rewrites the pages whose listings change.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.locale import _
from sphinx.util.docutils import SphinxDirective

from ..build.store import get_domain
from ..core.tags import tags_index
from .elements import article_list, link, tag_badge, tag_docname
from .nodes import kb_listing

if TYPE_CHECKING:
    from sphinx.builders import Builder

    from ..core.model import SiteModel

LISTING_KINDS = ("recent", "archive", "tag-cloud", "tag-index", "tag-page")


class ListingDirective(SphinxDirective):
    """A listing: ``{kb-recent}``, ``{kb-archive}``, ``{kb-tag-cloud}``, ``{kb-tag-index}``, …"""

    kind = ""
    optional_arguments = 1
    option_spec: ClassVar[dict[str, object]] = {"limit": directives.nonnegative_int}

    def run(self) -> list[nodes.Node]:
        option = self.arguments[0].strip() if self.arguments else str(self.options.get("limit", ""))
        get_domain(self.env).add_placement(self.env.docname, (self.kind, option))
        node = kb_listing(kind=self.kind, option=option)
        self.set_source_info(node)
        return [node]


def listing_directive(kind: str) -> type[ListingDirective]:
    return type(f"{kind.title().replace('-', '')}Listing", (ListingDirective,), {"kind": kind})


def listing_inputs(model: SiteModel, kind: str, option: str, recent_count: int) -> object:
    """What a listing shows; the page is rewritten when this changes."""
    if kind == "recent":
        return [model.row(name) for name in model.order[: _limit(option, recent_count)]]
    if kind == "archive":
        return [(name, model.articles[name].title, model.articles[name].date)
                for name in model.order]
    if kind in {"tag-cloud", "tag-index"}:
        return [(tag.name, tag.slug, len(tag.docnames)) for tag in model.tags_by_use()]
    tag = model.by_slug.get(option)
    return [model.row(name) for name in tag.docnames] if tag else None


def _limit(option: str, default: int) -> int:
    return int(option) if option.isdigit() else default


def render_listing(builder: Builder, model: SiteModel, docname: str, node: kb_listing) -> list[
    nodes.Node
]:
    kind, option = node["kind"], node["option"]
    config = builder.config
    if kind == "recent":
        names = model.order[: _limit(option, config.kb_recent_count)]
        if not names:
            return [nodes.paragraph("", _("No articles yet."))]
        return [article_list(builder, model, docname, names)]
    if kind == "archive":
        return _archive(builder, model, docname)
    if kind == "tag-cloud":
        return _tag_cloud(builder, model, docname, _limit(option, config.kb_tag_cloud_count))
    if kind == "tag-index":
        return _tag_index(builder, model, docname)
    tag = model.by_slug.get(option)
    if tag is None:
        return [nodes.paragraph("", _("No published article has this tag."))]
    count = len(tag.docnames)
    noun = _("article") if count == 1 else _("articles")
    lead = nodes.paragraph("", f"{count} {noun}, newest first.", classes=["kb-tag-count"])
    result: list[nodes.Node] = [lead]
    if config.kb_tag_page_header:  # sphinx-tags' tags_page_header
        result.append(nodes.rubric("", config.kb_tag_page_header, classes=["kb-tag-header"]))
    return [*result, article_list(builder, model, docname, tag.docnames)]


def _archive(builder: Builder, model: SiteModel, docname: str) -> list[nodes.Node]:
    result: list[nodes.Node] = []
    def year(name: str) -> str:
        date = model.articles[name].date
        return str(date.instant.year) if date else _("Undated")

    for label, group in itertools.groupby(model.order, key=year):
        names = list(group)
        section = nodes.container(classes=["kb-archive-year"])
        section += nodes.rubric("", f"{label} ({len(names)})")
        section += article_list(builder, model, docname, names, compact=True)
        result.append(section)
    return result or [nodes.paragraph("", _("No articles yet."))]


def _tag_cloud(builder: Builder, model: SiteModel, docname: str, limit: int) -> list[nodes.Node]:
    para = nodes.paragraph(classes=["kb-tag-cloud"])
    for tag in model.tags_by_use()[:limit]:
        para += tag_badge(builder, docname, tag, len(tag.docnames))
        para += nodes.Text(" ")
    index_doc = tags_index(builder.config.kb_tags_dir)
    more = nodes.paragraph()
    more += link(builder, docname, index_doc, _("All tags"), [])
    return [para, more]


def _tag_index(builder: Builder, model: SiteModel, docname: str) -> list[nodes.Node]:
    if not model.tags:
        return [nodes.paragraph("", _("No tags yet."))]
    listing = nodes.bullet_list(classes=["kb-tag-index"])
    for tag in sorted(model.tags.values(), key=lambda t: (t.name.casefold(), t.key)):
        item = nodes.list_item()
        para = nodes.paragraph()
        para += link(builder, docname, tag_docname(builder, tag), tag.name, ["kb-tag"])
        para += nodes.Text(f" ({len(tag.docnames)})")
        item += para
        listing += item
    return [listing]
