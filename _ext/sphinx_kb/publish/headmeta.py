"""``<head>`` metadata of articles: canonical link, Open Graph, Twitter card, JSON-LD.

Written here rather than with sphinxext-opengraph: that extension has one
``og:type`` for the whole site, no ``article:*`` properties, no JSON-LD, takes
the description from the page body rather than the front-matter summary, and
draws a social-card image for every page whenever matplotlib is importable.

Sphinx writes ``<link rel="canonical" href="{{ pageurl }}">`` itself when
``html_baseurl`` is set; a ``canonicalUrl`` in front matter replaces
``pageurl`` so the page still has exactly one canonical link.
"""

from __future__ import annotations

import html
import json
from typing import TYPE_CHECKING, Any

from sphinx.util import logging

from ..build.store import get_domain
from ..core.languages import main_language, og_locale
from ..render.elements import is_web_builder
from .common import (
    absolute_http_url,
    build_now,
    clean,
    image_url,
    is_public,
    modified,
    site_base,
    w3c_date,
)

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx

    from ..core.model import SiteModel
    from ..core.records import Article

logger = logging.getLogger(__name__)

#: Front-matter keys (other site generators' spellings) that name an article's canonical URL.
CANONICAL_KEYS = ("canonicalUrl", "canonical_url", "canonicalURL", "canonical")

#: JSON may hold these inside ``<script>``; escaped, no text can close the element.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                              "\u2028": "\\u2028", "\u2029": "\\u2029"})


def meta(attribute: str, name: str, content: str) -> str:
    return (f'<meta {attribute}="{html.escape(name, quote=True)}" '
            f'content="{html.escape(clean(content), quote=True)}" />')


def script_json(data: object) -> str:
    """JSON for a ``<script>`` element: ``</script>`` and ``<!--`` in values stay inert."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_SAFE)


def canonical_url(app: Sphinx, article: Article, pageurl: str) -> str:
    """The front matter's canonical URL when valid, else the page's own URL."""
    for key in CANONICAL_KEYS:
        value = clean(article.meta.get(key, "")).strip()
        if not value:
            continue
        if absolute_http_url(value):
            return value
        if value.startswith("/") and site_base(app.config):
            return site_base(app.config) + value.lstrip("/")
        logger.warning("'%s' should be an absolute URL like https://example.org/post, got %r; "
                       "the page's own URL is used", key, value, type="kb", subtype="canonical",
                       location=article.location(app.srcdir, article.line_of(key)))
        break
    return pageurl


def add_description_meta(app: Sphinx, pagename: str, templatename: str,
                         context: dict[str, Any], doctree: nodes.document | None) -> None:
    """The description meta tag: an article's summary, the home page's site description.

    Every builder with pages gets it (ePub too), unlike the tags of `add_head_metadata`.
    """
    article = get_domain(app.env).model().articles.get(pagename)
    description = article.summary if article else ""
    if not description and pagename == app.config.root_doc:
        description = app.config.kb_site_description
    if description:
        context["metatags"] = context.get("metatags", "") + (
            f'\n<meta name="description" content="{html.escape(description, quote=True)}" />')


def add_head_metadata(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                      doctree: nodes.document | None) -> None:
    """Canonical, Open Graph, Twitter and JSON-LD for articles; Open Graph for the home page."""
    if not is_web_builder(app.builder):
        return
    config = app.config
    if pagename == getattr(config, "notfound_pagename", None):
        context["pageurl"] = None  # a "not found" page is nobody's canonical URL
        # Scripts find the search index from here, whatever URL the 404 page is served at.
        context["content_root"] = config.notfound_urls_prefix or "/"
        return
    model = get_domain(app.env).model()
    article = model.articles.get(pagename)
    site_name = clean(config.project)
    lines: list[str]
    if article is None:
        if pagename != config.root_doc:
            return
        url = context.get("pageurl") or ""
        lines = [meta("property", "og:type", "website"), meta("property", "og:title", site_name),
                 meta("property", "og:site_name", site_name),
                 meta("property", "og:locale", og_locale(main_language(config.language)))]
        if url:
            lines.append(meta("property", "og:url", url))
        if config.kb_site_description:
            lines.append(meta("property", "og:description", config.kb_site_description))
        lines.append(meta("name", "twitter:card", "summary"))
    else:
        url = canonical_url(app, article, context.get("pageurl") or "")
        if url:
            context["pageurl"] = url
        lines = article_tags(app, model, article, url, site_name)
    context["metatags"] = context.get("metatags", "") + "\n" + "\n".join(lines)


def article_tags(app: Sphinx, model: SiteModel, article: Article, url: str,
                 site_name: str) -> list[str]:
    config = app.config
    title = clean(article.title)
    summary = clean(article.summary)
    images = [found for found in (image_url(config, article, value) for value in article.images)
              if found]
    tags = [clean(tag.name) for tag in model.tags_of(article.docname)]
    published = article.date
    changed = modified(article)
    lines = []
    if not is_public(article, build_now(app.env)):
        lines.append(meta("name", "robots", "noindex"))
    lines += [meta("property", "og:type", "article"), meta("property", "og:title", title),
              meta("property", "og:site_name", site_name),
              meta("property", "og:locale", og_locale(article.lang))]
    lines += [meta("property", "og:locale:alternate", og_locale(code))
              for code in model.versions(article.docname) if code != article.lang]
    if url:
        lines.append(meta("property", "og:url", url))
    if summary:
        lines.append(meta("property", "og:description", summary))
    alt = clean(article.meta.get("image_alt", "")) if images else ""
    lines += [meta("property", "og:image", image) for image in images]
    if alt:
        lines.append(meta("property", "og:image:alt", alt))
    if published:
        lines.append(meta("property", "article:published_time", w3c_date(published)))
    if changed:
        lines.append(meta("property", "article:modified_time", w3c_date(changed)))
    lines += [meta("property", "article:author", clean(name)) for name in article.authors]
    lines += [meta("property", "article:tag", tag) for tag in tags]
    lines.append(meta("name", "twitter:card", "summary_large_image" if images else "summary"))
    lines.append(meta("name", "twitter:title", title))
    if summary:
        lines.append(meta("name", "twitter:description", summary))
    if images:
        lines.append(meta("name", "twitter:image", images[0]))
        if alt:
            lines.append(meta("name", "twitter:image:alt", alt))
    lines.append('<script type="application/ld+json">'
                 + script_json(json_ld(article, url, title, summary, tags, images)) + "</script>")
    return lines


def json_ld(article: Article, url: str, title: str, summary: str, tags: list[str],
            images: list[str]) -> dict[str, object]:
    """A schema.org ``BlogPosting`` as search engines read it."""
    data: dict[str, object] = {"@context": "https://schema.org", "@type": "BlogPosting",
                               "headline": title, "inLanguage": article.lang}
    if summary:
        data["description"] = summary
    if article.date:
        data["datePublished"] = w3c_date(article.date)
    changed = modified(article)
    if changed:
        data["dateModified"] = w3c_date(changed)
    if article.authors:
        data["author"] = [{"@type": "Person", "name": clean(name)} for name in article.authors]
    if tags:
        data["keywords"] = tags
    if images:
        data["image"] = images
    if url:
        data["url"] = url
        data["mainEntityOfPage"] = {"@type": "WebPage", "@id": url}
    return data
