"""Placeholder nodes, filled in at write time, and the one inline node we render."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from docutils import nodes

if TYPE_CHECKING:
    from sphinx.writers.html5 import HTML5Translator


class kb_listing(nodes.General, nodes.Element):
    """Where a listing goes; ``kind`` and ``option`` say which and how long."""


class kb_article_header(nodes.General, nodes.Element):
    """Where an article's date line, tags and draft banner go."""


class kb_article_footer(nodes.General, nodes.Element):
    """Where an article's related articles go."""


class kb_time(nodes.inline):
    """A date: ``<time datetime>`` in HTML, plain text elsewhere (falls back to inline)."""


def visit_kb_time_html(self: HTML5Translator, node: kb_time) -> None:
    self.body.append(self.starttag(node, "time", "", datetime=node["datetime"]))


def depart_kb_time_html(self: HTML5Translator, node: kb_time) -> None:
    self.body.append("</time>")


class kb_tag_ref(nodes.reference):
    """A link to a tag page that screen readers announce as "Tag: <name>" (``label``).

    HTML gets ``aria-label``; other builders fall back to a plain reference.
    """


def visit_kb_tag_ref_html(self: HTML5Translator, node: kb_tag_ref) -> None:
    self.visit_reference(node)
    start = self.body[-1]
    if start.startswith("<a "):
        label = html.escape(node["label"], quote=True)
        self.body[-1] = f'<a aria-label="{label}" {start[3:]}'


def depart_kb_tag_ref_html(self: HTML5Translator, node: kb_tag_ref) -> None:
    self.depart_reference(node)


def visit_placeholder(self: nodes.NodeVisitor, node: nodes.Element) -> None:
    """A placeholder left by a builder that does not resolve doctrees shows nothing."""
    raise nodes.SkipNode
