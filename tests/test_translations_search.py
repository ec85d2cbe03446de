"""Search answers in the reader's language (issue 15): the translations site in Chromium.

Pagefind keeps an index per ``<html lang>``; the search box of a page in another language
sends that language to the search page, which searches that language's index (and asks
for its ``lang`` filter, so a shard without that index gives nothing in another language).
Built once as one bundle and once in shards.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_search_browser import (
    browser,  # noqa: F401  (a fixture)
    copy_and_build,
    page_without_script_errors,
    results,
    search,
    serve,
)

ROOT = Path(__file__).resolve().parent / "roots" / "test-translations"
EN, ES = "/articles/flu-season.html", "/articles/flu-season.es.html"
BOOK = ("-D", "html_theme=sphinx_book_theme")


@pytest.fixture(scope="module", params=["one bundle", "shards"])
def base_url(request: pytest.FixtureRequest,
             tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    extra = ("-D", "kb_search_shard_size=4") if request.param == "shards" else ()
    outdir = copy_and_build(tmp_path_factory.mktemp("translations"), ROOT, *BOOK, *extra)
    yield from serve(outdir)


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    yield from page_without_script_errors(browser)


def urls(found: list[dict[str, Any]]) -> list[str]:
    return [item["url"] for item in found]


def test_search_page_answers_in_the_chosen_language(page: Any, base_url: str) -> None:
    # "influenza" is in the English and the Spanish version alike.
    assert urls(search(page, base_url, "influenza")) == [EN]
    assert urls(search(page, base_url, "influenza", lang="es")) == [ES]
    assert page.evaluate("document.documentElement.lang") == "es"
    assert page.input_value("#kb-search-lang") == "es"


def test_search_box_of_a_spanish_page_searches_spanish(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}{ES.lstrip('/')}")
    page.wait_for_function("document.querySelector('form.bd-search input[name=lang]') !== null")
    page.evaluate("""() => {
        const form = document.querySelector('form.bd-search');
        form.querySelector('input[name=q]').value = 'influenza';
        form.submit();
    }""")
    page.wait_for_url("**/search.html?*")
    assert urls(results(page, "influenza")) == [ES]
    # Every result of a broader query is Spanish.
    found = urls(search(page, base_url, "clínicas", lang="es"))
    assert found and all(url.endswith(".es.html") or url.endswith("/vacunas-ninos.html")
                         or url == "/articles/clinic-hours/index.es.html" for url in found)


def test_search_box_of_an_english_page_searches_english(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}{EN.lstrip('/')}")
    assert page.evaluate("document.querySelector('form.bd-search input[name=lang]')") is None


def test_no_results_offers_the_other_languages(page: Any, base_url: str) -> None:
    assert search(page, base_url, "gripe") == []  # Spanish words, English index
    links = page.eval_on_selector_all("#kb-search-status a.kb-search-other-language",
                                      "items => items.map(a => [a.textContent, a.href])")
    assert [name for name, _href in links] == ["Español", "Français"]
    with page.expect_navigation():
        page.click("#kb-search-status a[lang=es]")
    page.wait_for_selector("#kb-search-results")
    assert urls(results(page, "gripe")) == [ES]
