"""The pages of a site with translations pass the same axe-core scan as the others.

The language switcher, language badges, a language's archive and search in another language
are made by this project's templates and styles: they must hold the WCAG 2.1 A and AA rules
(issue 16) in light and dark mode, as the pages of ``test_readers_browser.py`` do.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from test_readers_browser import AXE_CORE, AXE_TAGS, browser  # noqa: F401  (a fixture)
from test_search_browser import copy_and_build, serve
from test_translations_search import BOOK, ROOT

PAGES = ["index.html", "articles/flu-season.html", "articles/flu-season.es.html",
         "archive/es.html", "archive.html", "tags/index.html", "tags/salud.html",
         "search.html?q=gripe&lang=es"]


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    outdir = copy_and_build(tmp_path_factory.mktemp("translations-a11y"), ROOT, *BOOK)
    for path in PAGES:
        assert (outdir / path.split("?")[0]).is_file(), path
    yield from serve(outdir)


@pytest.mark.browser
@pytest.mark.parametrize("mode", ["light", "dark"])
def test_translation_pages_have_no_axe_violations(browser: Any, base_url: str,
                                                  mode: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(f"localStorage.setItem('mode', '{mode}');"
                            f"localStorage.setItem('theme', '{mode}');")
    page = context.new_page()
    problems: list[str] = []
    for path in PAGES:
        page.goto(base_url + path, wait_until="networkidle")
        if "search.html" in path:
            page.wait_for_function(
                "document.getElementById('kb-search-results').dataset.state === 'done'")
        assert page.evaluate("document.documentElement.dataset.theme") == mode, path
        result = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
        assert result.response["testEngine"]["version"] == AXE_CORE
        problems += [f"{path}: {violation['impact']} {violation['id']}"
                     for violation in result.response["violations"]]
    context.close()
    assert not problems, "\n".join(problems)

