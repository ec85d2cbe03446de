"""Front matter onto pages: article header and footer, listings, page context.

Read time adds only what depends on the article itself (metadata, summary);
everything that depends on other articles (tag names, neighbours, listings)
is added at write time, and ``env-updated`` says which pages need rewriting.
"""

from __future__ import annotations

import html
import math
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.locale import _

from ..build.store import get_domain
from ..build.tagpages import page_title
from ..core.paging import split_paged_option
from .elements import link, tag_badges, time_node
from .languages import language_switcher
from .listings import render_listing
from .nodes import kb_article_footer, kb_article_header, kb_listing

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

    from ..core.model import SiteModel

#: Metadata keys Sphinx itself interprets: never overwritten from an article's front matter.
_SPHINX_KEYS = frozenset({"tocdepth", "orphan", "nocomments", "nosearch"})


def decorate_page(app: Sphinx, doctree: nodes.document) -> None:
    """Exact titles for articles and tag pages; metadata and summary for articles.

    Runs before Sphinx's title collector (priority 500) so that ``<title>``,
    listings and search all get the title as written in the front matter or
    the tag, without smart quotes or Markdown interpretation.
    """
    env = app.env
    docname = env.current_document.docname
    domain = get_domain(env)
    article = domain.articles.get(docname)
    tag_option = next((option for kind, option in domain.placements.get(docname, [])
                       if kind in {"tag-page", "tag-page-n"}), None)
    section = next(iter(doctree.findall(nodes.section)), None)
    if tag_option is not None and section is not None:
        tag_slug, page = split_paged_option(tag_option)
        tag = domain.model().by_slug.get(tag_slug)
        if tag is not None:
            prefix = app.config.kb_tag_page_title  # sphinx-tags' tags_page_title
            _set_title(section, page_title(f"{prefix}: {tag.name}" if prefix else tag.name, page))
    if article is None:
        return
    metadata = env.metadata[docname]
    metadata.update({k: v for k, v in article.meta.items() if k not in _SPHINX_KEYS})
    metadata["orphan"] = True  # reachable from listings and tags, not from a toctree
    if section is None:
        return
    position = _set_title(section, article.title)
    # The docname travels with the placeholders: a one-file edition resolves them all at once.
    added: list[nodes.Node] = [kb_article_header(docname=docname)]
    if article.summary:
        added.append(nodes.paragraph("", article.summary, classes=["kb-summary"]))
    section[position:position] = added
    section += kb_article_footer(docname=docname)


def _set_title(section: nodes.section, text: str) -> int:
    """Replace the section title's text; return the index just after the title."""
    index = section.first_child_matching_class(nodes.title)
    if index is None:
        return 0
    title = section[index]
    title.children = []
    title += nodes.Text(text)
    return index + 1


def escape_theme_titles(app: Sphinx, pagename: str, templatename: str,
                        context: dict[str, Any], doctree: nodes.document | None) -> None:
    """sphinx-book-theme prints ``pagetitle`` and ``root_title`` unescaped: escape them."""
    for key in ("pagetitle", "root_title"):
        if isinstance(context.get(key), str):
            context[key] = html.escape(context[key])


def resolve_pages(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    domain = get_domain(app.env)
    model = domain.model()
    builder = app.builder
    for node in list(doctree.findall(kb_listing)):
        node.replace_self(render_listing(builder, model, docname, node))
    for header in list(doctree.findall(kb_article_header)):
        header.replace_self(_article_header(builder, model, header.get("docname", docname)))
    for footer in list(doctree.findall(kb_article_footer)):
        footer.replace_self(_article_footer(builder, model, footer.get("docname", docname)))


def _article_header(builder: Builder, model: SiteModel, docname: str) -> list[nodes.Node]:
    article = model.articles.get(docname)
    if article is None:
        return []
    result: list[nodes.Node] = []
    if article.held_back(get_domain(builder.env).state.now) is not None:
        banner = nodes.container(classes=["kb-draft-banner"])
        label = _("Draft") if article.draft else _("Scheduled")
        banner += nodes.paragraph("", f"{label}: " + _("this article is not published; it is "
                                                      "shown because drafts are being built."))
        result.append(banner)
    byline = nodes.paragraph(classes=["kb-byline"])
    parts: list[list[nodes.Node]] = []
    if article.date:
        parts.append([time_node(builder, article.date, ["kb-date"], article.lang)])
    else:
        parts.append([nodes.inline("", _("Undated"), classes=["kb-undated"])])
    if article.lastmod and article.lastmod != article.date:
        parts.append([nodes.Text(_("Updated") + " "),
                      time_node(builder, article.lastmod, ["kb-lastmod"], article.lang)])
    minutes = max(1, math.ceil(article.words / builder.config.kb_words_per_minute))
    parts.append([nodes.inline("", f"{minutes} " + _("min read"), classes=["kb-reading-time"])])
    if article.authors:
        parts.append([nodes.inline("", _("By") + " " + ", ".join(article.authors),
                                   classes=["kb-authors"])])
    for index, part in enumerate(parts):
        if index:
            byline += nodes.inline("", " · ", classes=["kb-sep"])
        byline.extend(part)
    result.append(byline)
    result.extend(language_switcher(builder, model, docname))
    tags = model.tags_of(docname)
    if tags:
        para = nodes.paragraph("", "", classes=["kb-article-tags"])
        if builder.config.kb_tags_intro:  # sphinx-tags' tags_intro_text
            para += nodes.inline("", builder.config.kb_tags_intro + " ", classes=["kb-tags-intro"])
        para += tag_badges(builder, docname, tags)
        result.append(para)
    return result


def _article_footer(builder: Builder, model: SiteModel, docname: str) -> list[nodes.Node]:
    if docname not in model.articles:
        return []
    related = model.related(docname, builder.config.kb_related_count)
    if not related:
        return []
    box = nodes.container(classes=["kb-related"])
    box += nodes.rubric("", _("Related articles"))
    listing = nodes.bullet_list()
    for other in related:
        para = nodes.paragraph()
        para += link(builder, docname, other, model.articles[other].title, [])
        listing += nodes.list_item("", para)
    box += listing
    return [box]


def add_article_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                 doctree: nodes.document | None) -> None:
    """Date-ordered previous/next for articles, and the article for templates."""
    model = get_domain(app.env).model()
    article = model.articles.get(pagename)
    if article is None:
        return
    context["kb_article"] = article
    for key, other in (("prev", model.older(pagename)), ("next", model.newer(pagename))):
        if other is None:
            context[key] = None
            continue
        context[key] = {"link": app.builder.get_relative_uri(pagename, other),
                        "title": html.escape(model.articles[other].title)}
