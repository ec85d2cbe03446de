"""Skip the theme's "does this template render empty?" test for templates that never are.

pydata-sphinx-theme (``update_and_remove_templates`` and ``set_secondary_sidebar_items``)
renders every header, sidebar and footer template of every page once only to drop the ones
that come out empty, and the page then renders the kept ones again. That test is the only
caller of ``builder.templates.render`` for the templates named in those sections, and it
reads nothing but whether the output is blank. A template whose first output is literal
markup at its top level can never be blank, so for those the test gets a non-blank answer
without rendering (2.6 % of the CPU of a serial build of 300 articles; sphinx-book-theme's
``article-header-buttons.html`` is most of it). Whole pages (``page.html``, ...) are never
section templates, so they always render.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from .. import order

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

#: The page-context keys whose templates pydata-sphinx-theme tests for blank output
#: (``update_and_remove_templates`` and ``set_secondary_sidebar_items``, 0.20).
SECTION_KEYS = ("theme_navbar_start", "theme_navbar_center", "theme_navbar_persistent",
                "theme_navbar_end", "theme_article_header_start", "theme_article_header_end",
                "theme_article_footer_items", "theme_content_footer_items", "theme_footer_start",
                "theme_footer_center", "theme_footer_end", "theme_primary_sidebar_end",
                "sidebars", "theme_secondary_sidebar_items")

#: What the blank test gets for a template that is never blank (never shown: the test only
#: looks at whether it is blank).
NOT_BLANK = "<!-- kb: never blank -->"

#: Leading parts that produce no output: whitespace, comments, imports and one-line ``set``s.
_SILENT_PREFIX = re.compile(
    r"(?:\s+|\{#.*?#\}|\{%-?\s*(?:from|import)\b.*?-?%\}|\{%-?\s*set\s+\w+\s*=.*?-?%\})*",
    re.DOTALL)
#: A template that extends another has no top-level output of its own.
_EXTENDS = re.compile(r"\{%-?\s*extends\b")


def never_blank(source: str) -> bool:
    """Whether a template's output always holds markup: after the parts that write nothing,
    it starts with a tag outside any ``if``, ``for``, block or macro."""
    if _EXTENDS.search(source):
        return False
    rest = source[_SILENT_PREFIX.match(source).end():]  # type: ignore[union-attr]
    return rest.startswith("<") and not rest.startswith("<!--")


def section_templates(context: dict[str, Any]) -> set[str]:
    """The template names the theme's sections list on this page, as the theme spells them."""
    names: set[str] = set()
    for key in SECTION_KEYS:
        value = context.get(key)
        groups = list(value.values()) if isinstance(value, dict) else [value]
        for group in groups:
            items = group.split(",") if isinstance(group, str) else group
            for item in items if isinstance(items, (list, tuple)) else ():
                if isinstance(item, str) and item.strip():
                    name = item.strip()
                    names.add(name if "." in name.rsplit("/", 1)[-1] else f"{name}.html")
    return names


class BlankTestShortcut:
    """Wraps ``builder.templates.render``; one per HTML build, inherited by forked writers."""

    def __init__(self, builder: Builder) -> None:
        self.templates = builder.templates
        self.render = self.templates.render
        self.sections: set[str] = set()
        self.known: dict[str, bool] = {}
        self.templates.render = self.render_or_skip

    def note_sections(self, app: Sphinx, pagename: str, templatename: str,
                      context: dict[str, Any], doctree: Any) -> None:
        """``html-page-context``, before the theme's test: which names are section templates."""
        self.sections |= section_templates(context)

    def is_never_blank(self, name: str) -> bool:
        if name not in self.known:
            try:
                source = self.templates.get_source(self.templates.environment, name)[0]
            except Exception:  # a template the loader cannot find renders (and fails) as before
                source = ""
            self.known[name] = never_blank(source)
        return self.known[name]

    def render_or_skip(self, name: str, context: dict[str, Any]) -> str:
        if name in self.sections and self.is_never_blank(name):
            return NOT_BLANK
        return self.render(name, context)


def skip_blank_tests(app: Sphinx) -> None:
    """``builder-inited``: answer the blank test of never-blank section templates directly."""
    templates = getattr(app.builder, "templates", None)
    if templates is None or not hasattr(templates, "get_source"):
        return
    shortcut = BlankTestShortcut(app.builder)
    app.connect("html-page-context", shortcut.note_sections, priority=order.NOTE_SECTIONS)
