"""Newest first on the search page: from the ``month`` filter, across pages of results.

The bundle has no Pagefind sort (its page order would weigh on every first query); the page
searches the newest months that hold enough results and orders those by date. Twelve dated
articles share a word, so the order has to continue past the first ten ("More results").
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from test_search_browser import (  # noqa: F401  (browser is a fixture)
    ROOT,
    browser,
    build,
    page_without_script_errors,
    results,
    search,
    serve,
)

DATES = ["2021-03-02", "2021-03-28", "2021-03-15", "2022-07-01", "2020-01-09", "2022-07-30",
         "2019-11-11", "2023-01-05", "2021-12-24", "2020-06-17", "2022-02-02", "2023-01-04"]


@pytest.fixture(scope="module")
def lantern_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    srcdir = tmp_path_factory.mktemp("newest") / "src"
    shutil.copytree(ROOT, srcdir)
    for number, date in enumerate(DATES):
        (srcdir / "articles" / f"lantern-{number}.md").write_text(
            f"---\ntitle: Lantern note {number}\ndate: {date}\ntags: [Baking]\n"
            f"summary: A lantern story.\n---\n\nThe lantern was lit on day {number}.\n",
            encoding="utf-8")
    outdir = srcdir / "_build" / "html"
    build(srcdir, outdir)
    yield from serve(outdir)


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    yield from page_without_script_errors(browser)


@pytest.mark.browser
def test_newest_first_continues_past_the_first_page(page: Any, lantern_url: str) -> None:
    first = search(page, lantern_url, "lantern", sort="newest")
    assert len(first) == 10
    assert page.text_content("#kb-search-status") == "12 results."
    page.click("#kb-search-more")
    page.wait_for_function("document.querySelectorAll('li.kb-result').length === 12")
    found = results(page, "lantern")
    dates = [item["datetime"] for item in found]
    assert dates == sorted(DATES, reverse=True)
    assert page.is_hidden("#kb-search-more")
    # relevance order is another order: the sort is not a no-op
    assert [item["datetime"] for item in search(page, lantern_url, "lantern")] != dates[:10]
