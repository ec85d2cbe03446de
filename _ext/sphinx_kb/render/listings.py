"""Listing directives (recent, archive, tags) and their content at write time.

The archive and the tags overview show counts, each tag page and archive
year one page of its list (``paged.py``), so no listing grows with the site.

A directive leaves a placeholder and records itself in the domain; the list
is made when the page is written, from the site model, so adding or removing
an article only rewrites the pages whose listings change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.locale import _
from sphinx.util.docutils import SphinxDirective

from ..build.store import get_domain
from ..core.tags import tags_index
from .elements import article_list, is_web_builder, link, tag_badge, tag_link
from .languages import languages_inputs, languages_listing
from .nodes import kb_listing
from .paged import PAGED_KINDS, paged_inputs, render_paged, year_label

if TYPE_CHECKING:
    from sphinx.builders import Builder
    from sphinx.config import Config

    from ..core.model import SiteModel
    from ..core.tags import Tag

LISTING_KINDS = ("recent", "archive", "tag-cloud", "tag-index", "languages", *PAGED_KINDS)


class ListingDirective(SphinxDirective):
    """A listing: ``{kb-recent}``, ``{kb-archive}``, ``{kb-tag-cloud}``, ``{kb-tag-index}``, …"""

    kind = ""
    optional_arguments = 1
    final_argument_whitespace = True  # a numbered page's argument: ``python 2``
    option_spec: ClassVar[dict[str, object]] = {"limit": directives.nonnegative_int}

    def run(self) -> list[nodes.Node]:
        option = self.arguments[0].strip() if self.arguments else str(self.options.get("limit", ""))
        get_domain(self.env).add_placement(self.env.docname, (self.kind, option))
        node = kb_listing(kind=self.kind, option=option)
        self.set_source_info(node)
        return [node]


def listing_directive(kind: str) -> type[ListingDirective]:
    return type(f"{kind.title().replace('-', '')}Listing", (ListingDirective,), {"kind": kind})


def listing_inputs(model: SiteModel, config: Config, kind: str, option: str,
                   overview: str | None = None) -> object:
    """What a listing shows; the page is rewritten when this changes.

    ``overview`` is the page holding the archive overview, which year pages link to.
    """
    if kind == "recent":
        return [model.row(name) for name in model.order[: _limit(option, config.kb_recent_count)]]
    if kind == "archive":
        return [(year, len(names)) for year, names in model.years.items()]
    if kind in {"tag-cloud", "tag-index"}:
        return [(tag.name, tag.slug, len(tag.docnames)) for tag in model.tags_by_use()]
    if kind == "languages":
        return languages_inputs(model, config.language)
    inputs = paged_inputs(model, config, kind, option)
    return (inputs, overview) if kind == "archive-year" else inputs


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
    if kind == "languages":
        return languages_listing(builder, model, docname)
    return render_paged(builder, model, docname, kind, option)


def _archive(builder: Builder, model: SiteModel, docname: str) -> list[nodes.Node]:
    """Years with their counts, each linking to its pages; every row in a one-file edition."""
    if not model.years:
        return [nodes.paragraph("", _("No articles yet."))]
    if not is_web_builder(builder):
        return _archive_in_full(builder, model, docname)
    listing = nodes.bullet_list(classes=["kb-archive-years"])
    for year, names in model.years.items():
        para = nodes.paragraph()
        target = f"{builder.config.kb_archive_dir}/{year}"
        para += link(builder, docname, target, year_label(year), ["kb-archive-year-link"])
        para += nodes.Text(f" ({len(names)})")
        listing += nodes.list_item("", para)
    return [listing]


def _archive_in_full(builder: Builder, model: SiteModel, docname: str) -> list[nodes.Node]:
    """An edition (EPUB, PDF) has no year pages: its archive lists every article by year."""
    result: list[nodes.Node] = []
    for year, names in model.years.items():
        section = nodes.container(classes=["kb-archive-year"])
        section += nodes.rubric("", f"{year_label(year)} ({len(names)})")
        section += article_list(builder, model, docname, names, compact=True)
        result.append(section)
    return result


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
    """Every tag with its count, grouped by first letter; the groups flow in columns."""
    if not model.tags:
        return [nodes.paragraph("", _("No tags yet."))]
    groups: dict[str, list[Tag]] = {}
    for tag in sorted(model.tags.values(), key=lambda t: (t.name.casefold(), t.key)):
        groups.setdefault(_initial(tag.name), []).append(tag)
    index = nodes.container(classes=["kb-tag-index"])
    for letter in sorted(groups, key=lambda g: (g == "#", g)):
        group = nodes.container(classes=["kb-tag-letter"])
        group += nodes.rubric("", letter)
        listing = nodes.bullet_list()
        for tag in groups[letter]:
            para = nodes.paragraph()
            para += tag_link(builder, docname, tag, tag.name, ["kb-tag"])
            para += nodes.Text(f" ({len(tag.docnames)})")
            listing += nodes.list_item("", para)
        group += listing
        index += group
    return [index]


def _initial(name: str) -> str:
    """The letter a tag is filed under: ``Écoles`` under É, ``3D`` and ``.NET`` under #."""
    first = name.strip()[:1].upper()
    return first if first.isalpha() else "#"
