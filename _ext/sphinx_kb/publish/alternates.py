"""Every version of an article names the others: ``hreflang`` links and feeds per language.

Search engines read ``<link rel="alternate" hreflang>`` in the head and
``xhtml:link`` in the sitemap; both list every version, the page itself
included, plus ``x-default``, the version in the site's main language (or
the listed one, for an article without an original). Each language other than
the main one also gets its own Atom feed next to its archive page.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from ..build.store import get_domain
from ..core.languages import main_language, own_name
from ..render.elements import is_web_builder
from ..render.languages import language_archive
from .common import build_now, clean, is_public, page_url

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

    from ..core.model import SiteModel
    from .feeds import Feed


def alternates(builder: Builder, model: SiteModel, docname: str,
               pathto: Any = None) -> list[tuple[str, str]]:
    """``(hreflang, URL)`` of every public version of ``docname``, then ``x-default``.

    URLs are absolute when ``html_baseurl`` is set, else relative (``pathto``).
    """
    now = build_now(builder.env)
    versions = {code: name for code, name in model.versions(docname).items()
                if is_public(model.articles[name], now)}
    if len(versions) < 2:
        return []

    def url(name: str) -> str:
        return page_url(builder, name) or (pathto(name) if pathto else name)

    result = [(code, url(name)) for code, name in versions.items()]
    main = main_language(builder.config.language)
    listed = model.translations.listed_as.get(docname, docname)
    default = versions.get(main) or (listed if listed in versions.values() else
                                     next(iter(versions.values())))
    result.append(("x-default", url(default)))
    return result


def add_alternate_links(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                        doctree: nodes.document | None) -> None:
    """``<link rel="alternate" hreflang>`` for every version of an article."""
    if not is_web_builder(app.builder):
        return
    model = get_domain(app.env).model()
    if pagename not in model.articles:
        return
    lines = [f'<link rel="alternate" hreflang="{html.escape(code, quote=True)}" '
             f'href="{html.escape(href, quote=True)}" />'
             for code, href in alternates(app.builder, model, pagename, context.get("pathto"))]
    if lines:
        context["metatags"] = context.get("metatags", "") + "\n" + "\n".join(lines)


def language_feed_path(archive_dir: str, code: str) -> str:
    return language_archive(archive_dir, code) + ".xml"


def language_feed_title(project: str, code: str) -> str:
    """``Field Notes (Español)``: the language named in itself."""
    return clean(f"{project} ({own_name(code)})")


def language_feeds(app: Sphinx, model: SiteModel) -> list[Feed]:
    """One feed per language other than the main one, following its archive page."""
    from .feeds import Feed, feed_entries

    config = app.config
    main = main_language(config.language)
    result = []
    for code, sub in model.languages.items():
        if code == main:
            continue
        entries = feed_entries(model, sub.order, config.kb_feed_entries, build_now(app.env))
        result.append(Feed(language_feed_path(config.kb_archive_dir, code),
                           language_feed_title(config.project, code),
                           language_archive(config.kb_archive_dir, code), entries, lang=code))
    return result
