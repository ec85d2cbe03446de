"""The theme's blank-template test is skipped only where it cannot change the page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from helpers import build_once, copy_root, html_files
from sphinx_kb.render import template_check
from sphinx_kb.render.template_check import BlankTestShortcut, never_blank

#: A sidebar template that renders blank, one that never does, and one that only may.
TEMPLATES = {
    "_templates/kb-test-blank.html":
        "{# nothing on any page #}\n{% if false %}<p>x</p>{% endif %}\n",
    "_templates/kb-test-always.html":
        '{% set word = "always" %}\n<p class="kb-test">{{ word }}</p>\n',
    "_templates/kb-test-index-only.html":
        '{%- if pagename == "index" %}<p class="kb-test">index</p>{% endif %}\n',
}
SIDEBARS = ["kb-test-blank.html", "kb-test-always.html", "kb-test-index-only.html",
            "kb-sidebar-nav.html"]


@pytest.mark.parametrize(("source", "expected"), [
    ('{% from "m.html" import f with context %}\n\n<div class="x">{{ f() }}</div>', True),
    ("{#- a comment -#}\n<button>", True),
    ('{% set a = 1 %}\n{%- if a %}<div></div>{% endif %}', False),
    ('{% extends "layout.html" %}<div></div>', False),
    ("<!-- a comment -->{% if x %}<p></p>{% endif %}", False),
    ("{% set x %}<b></b>{% endset %}", False),
    ("{% macro m() %}<b></b>{% endmacro %}", False),
    ("", False),
])
def test_never_blank_only_when_markup_comes_first(source: str, expected: bool) -> None:
    assert never_blank(source) is expected


def _build(tmp_path: Path, name: str) -> dict[str, bytes]:
    srcdir = copy_root("escaping", tmp_path / name, TEMPLATES)
    site = build_once(srcdir, confoverrides={"templates_path": ["_templates"],
                                             "html_sidebars": {"**": SIDEBARS}})
    return html_files(site.outdir)


def test_pages_are_the_same_with_and_without_the_shortcut(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rendered: list[str] = []
    original = BlankTestShortcut.render_or_skip

    def counting(self: BlankTestShortcut, name: str, context: dict[str, Any]) -> str:
        answer = original(self, name, context)
        if answer != template_check.NOT_BLANK:
            rendered.append(name)
        return answer

    monkeypatch.setattr(BlankTestShortcut, "render_or_skip", counting)
    fast = _build(tmp_path, "fast")
    assert "article-header-buttons.html" not in rendered  # the shortcut did answer
    assert "kb-test-always.html" not in rendered
    assert "kb-test-blank.html" in rendered and "kb-test-index-only.html" in rendered

    monkeypatch.setattr(BlankTestShortcut, "render_or_skip",
                        lambda self, name, context: self.render(name, context))
    slow = _build(tmp_path, "slow")
    assert fast == slow

    index = BeautifulSoup(fast["index.html"], "html.parser")
    article = BeautifulSoup(fast["articles/neighbour.html"], "html.parser")
    assert [p.text for p in index.select("p.kb-test")] == ["always", "index"]
    assert [p.text for p in article.select("p.kb-test")] == ["always"]
    assert article.select_one(".article-header-buttons") is not None
    assert b"kb: never blank" not in b"".join(fast.values())
