"""Translations on the page: the language switcher, language badges, the languages listing.

A name or badge in another language carries the class ``language-<code>``,
which docutils' HTML writer turns into its ``lang`` attribute.

Each version of an article is named in its own language (``Español``), so a
reader finds their language without reading the site's. Each language other
than the main one has an archive page (``<kb_archive_dir>/<code>``), listed by
``{kb-languages}`` on the home page and linked from the switcher.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.locale import _

from ..build.store import get_domain
from ..core.languages import main_language, own_name
from ..core.paging import split_paged_option
from .elements import link

if TYPE_CHECKING:
    from docutils.nodes import document
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

    from ..core.model import SiteModel

#: The paged listing of one language's articles (``{kb-archive-language} es``).
LANGUAGE_ARCHIVE = "archive-language"


def language_archive(archive_dir: str, code: str) -> str:
    """Docname of a language's archive page: ``archive/es``."""
    return f"{archive_dir}/{code}"


def language_switcher(builder: Builder, model: SiteModel, docname: str) -> list[nodes.Node]:
    """Under the title: every version of the article, each named in its own language."""
    versions = model.versions(docname)
    if not versions:
        return []
    here = model.articles[docname].lang
    para = nodes.paragraph(classes=["kb-languages"])
    para += nodes.inline("", _("Languages") + ": ", classes=["kb-languages-label"])
    for index, (code, other) in enumerate(versions.items()):
        if index:
            para += nodes.Text(" · ")
        name = own_name(code)
        if other == docname:
            para += nodes.strong("", name, classes=["kb-language-current"])
        else:
            target = link(builder, docname, other, name, ["kb-language", f"language-{code}"])
            target["reftitle"] = model.articles[other].title  # the title in that language
            para += target
    main = main_language(builder.config.language)
    target = language_archive(builder.config.kb_archive_dir, here) if here != main else None
    if target is not None and target in builder.env.all_docs:
        para += nodes.Text(" · ")
        para += link(builder, docname, target, _("All articles in %s") % own_name(here),
                     ["kb-language-archive"])
    return [para]


def languages_listing(builder: Builder, model: SiteModel, docname: str) -> list[nodes.Node]:
    """``{kb-languages}``: each other language's archive, named in that language, with a count."""
    main = main_language(builder.config.language)
    codes = [code for code in model.languages if code != main]
    if not codes:
        return []
    listing = nodes.bullet_list(classes=["kb-language-list"])
    for code in codes:
        para = nodes.paragraph()
        target = language_archive(builder.config.kb_archive_dir, code)
        para += link(builder, docname, target, own_name(code), ["kb-language", f"language-{code}"])
        para += nodes.Text(f" ({len(model.languages[code].order)})")
        listing += nodes.list_item("", para)
    return [nodes.rubric("", _("Other languages")), listing]


def languages_inputs(model: SiteModel, language_setting: str | None) -> object:
    """What ``{kb-languages}`` shows, for the write fingerprints."""
    main = main_language(language_setting)
    return [(code, len(sub.order)) for code, sub in model.languages.items() if code != main]


def page_language(app: Sphinx, pagename: str) -> str | None:
    """The language of a page other than the main one: an article's, a language archive's."""
    domain = get_domain(app.env)
    article = domain.model().articles.get(pagename)
    if article is not None:
        return article.lang
    for kind, option in domain.placements.get(pagename, []):
        if kind == LANGUAGE_ARCHIVE:
            return split_paged_option(option)[0]
    return None


def set_page_language(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                      doctree: document | None) -> None:
    """``<html lang>``: the theme writes the ``language`` of the page context."""
    code = page_language(app, pagename)
    if code is not None:
        context["language"] = code
