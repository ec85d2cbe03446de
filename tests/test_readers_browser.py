"""Readers (issue 16): accessibility, keyboard, page weight and print, in headless Chromium.

One site (``tests/roots/test-search`` plus an article with an old address, tag pages of two
articles so that a tag has a second page) is built once, served by a compressing static host
(``bench/page_weight.py``) and opened in one browser. axe-core (pinned through
``axe-playwright-python``) scans every kind of page in light and dark mode at 1280 and 390 px;
each scan also records what the page fetched. Without Chromium the tests are skipped, unless
``KB_REQUIRE_BROWSER=1`` (CI), which makes them fail.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import build_once, copy_root
from test_search_browser import browser  # noqa: F401  (a fixture: Chromium, or skip/fail)

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from page_weight import FIRST_VIEW_LIMIT, serve, weigh_articles

pytestmark = pytest.mark.browser

#: The axe-core that ``axe-playwright-python`` (pinned in pyproject.toml) bundles.
AXE_CORE = "4.12.1"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
MOVED = """\
---
title: Moved article
date: 2022-02-02
tags: [Gardening]
summary: An article that moved here from an old address.
redirect_from: /old/moved.html
---

The body of the moved article, with [an outside link](https://example.org/elsewhere).
"""
ARTICLE = "articles/moved-article.html"
REDIRECT = "old/moved.html"
SEARCH = "search.html?q=apple"
PAGES = ["index.html", ARTICLE, "articles/pruning-apple-trees.html", "tags/gardening.html",
         "tags/gardening/page/2.html", "tags/index.html", "archive.html", SEARCH, "404.html",
         REDIRECT]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    srcdir = copy_root("search", tmp_path_factory.mktemp("readers"),
                       {"articles/moved-article.md": MOVED})
    outdir: Path = build_once(srcdir, confoverrides={"kb_tag_page_size": 2},
                              warningiserror=True).outdir
    return outdir


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    with serve(site) as url:
        yield url


def new_page(browser: Any, base_url: str, mode: str = "light", width: int = 1280) -> Any:
    """A page in a fresh context, in the theme's ``mode``; redirects are kept from leaving."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.add_init_script(f"localStorage.setItem('mode', '{mode}');"
                            f"localStorage.setItem('theme', '{mode}');")
    # A 204 answer cancels the redirect page's meta refresh: the page stays to be scanned.
    context.route(f"{base_url}{ARTICLE}", lambda route: route.fulfill(status=204)
                  if route.request.headers.get("referer", "").endswith(REDIRECT)
                  else route.continue_())
    return context.new_page()


def open_page(page: Any, url: str) -> list[str]:
    """Open ``url`` and wait until it is complete; the URLs it fetched."""
    fetched: list[str] = []

    def record(request: Any) -> None:
        fetched.append(request.url)
    page.on("request", record)
    page.goto(url, wait_until="networkidle")
    if "search.html?q=" in url:
        page.wait_for_function("document.getElementById('kb-search-results').dataset.state"
                               " === 'done'")
        assert page.locator("li.kb-result").count() > 0
    page.remove_listener("request", record)
    return fetched


# ---- axe-core: WCAG 2.1 A and AA -----------------------------------------------------------

@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("mode", ["light", "dark"])
def test_no_axe_violations(browser: Any, base_url: str, mode: str, width: int) -> None:
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    page = new_page(browser, base_url, mode, width)
    problems: list[str] = []
    for path in PAGES:
        fetched = open_page(page, base_url + path)
        if path != REDIRECT:
            assert page.evaluate("document.documentElement.dataset.theme") == mode, path
        result = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
        assert page.url == base_url + path, "the page left before it was scanned"
        assert result.response["testEngine"]["version"] == AXE_CORE
        for violation in result.response["violations"]:
            # Serious and critical fail (the issue); so does every moderate one: all are ours.
            targets = [node["target"] for node in violation["nodes"][:3]]
            problems.append(f"{path}: {violation['impact']} {violation['id']} {targets}")
        # No page but the search page loads a search index; no page loads FontAwesome.
        heavy = [url for url in fetched if "fontawesome" in url or "searchindex" in url
                 or ("pagefind" in url and path != SEARCH)]
        assert not heavy, (path, heavy)
        if path == SEARCH:
            assert any("/pagefind/" in url for url in fetched)
    page.context.close()
    assert not problems, "\n".join(problems)


# ---- keyboard and screen readers -----------------------------------------------------------

def tab_through(page: Any, presses: int) -> list[str]:
    """Press Tab ``presses`` times; the ``data-kb-order`` of each focused element (or "")."""
    seen = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        seen.append(page.evaluate("document.activeElement.dataset.kbOrder || ''"))
    return seen


def check_tab_order(page: Any, selector: str) -> None:
    """Tab reaches every link of ``selector`` in document order, each with a focus ring."""
    count = page.evaluate("""(selector) => { const links = document.querySelectorAll(selector);
        links.forEach((a, i) => { a.dataset.kbOrder = String(i); }); return links.length; }""",
                          selector)
    assert count > 0, selector
    order = [mark for mark in tab_through(page, 80) if mark]
    assert order[:count] == [str(index) for index in range(count)], (selector, order)
    page.focus(f"{selector} >> nth=0")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    ring = page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
        return [s.outlineStyle, parseFloat(s.outlineWidth), s.outlineColor]; }""")
    assert ring[0] not in ("none", "hidden") and ring[1] >= 2, (selector, ring)
    assert ring[2] not in ("transparent", "rgba(0, 0, 0, 0)"), (selector, ring)


def test_skip_link_leads_to_the_content(browser: Any, base_url: str) -> None:
    page = new_page(browser, base_url)
    page.goto(base_url + ARTICLE)
    page.keyboard.press("Tab")
    skip = page.evaluate("[document.activeElement.textContent.trim(),"
                         " document.activeElement.getAttribute('href'),"
                         " document.activeElement.getBoundingClientRect().height]")
    assert skip[0] == "Skip to main content" and skip[2] > 0, skip
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == skip[1] == "#main-content"
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('#main-content')")
    page.context.close()


@pytest.mark.parametrize(("path", "selector"), [
    ("index.html", "ul.kb-listing a"),
    ("tags/gardening.html", "ul.kb-listing a"),
    ("tags/index.html", ".kb-tag-index a.kb-tag"),
    ("articles/pruning-apple-trees.html", ".kb-article-tags a.kb-tag, .kb-related a"),
    (SEARCH, "#kb-search-results a"),
])
def test_tab_reaches_links_in_order_with_a_ring(browser: Any, base_url: str, path: str,
                                                selector: str) -> None:
    page = new_page(browser, base_url)
    open_page(page, base_url + path)
    check_tab_order(page, selector)
    page.context.close()


def test_badges_are_announced_as_tags_and_dates_are_time(browser: Any, base_url: str) -> None:
    page = new_page(browser, base_url)
    page.goto(base_url + "articles/pruning-apple-trees.html")
    assert page.get_by_role("link", name="Tag: Gardening", exact=True).count() == 1
    assert page.get_by_role("link", name="Tag: Orchards", exact=True).count() == 1
    assert page.locator(".kb-byline time").get_attribute("datetime") == "2024-01-10"
    page.goto(base_url + "index.html")
    # every badge of the listings and the tag cloud (whose badges show a count too)
    texts = page.locator("a.kb-tag").all_inner_texts()
    assert any(text.startswith("Gardening (") for text in texts), texts
    for text in set(texts):
        assert page.get_by_role("link", name=f"Tag: {text}", exact=True).count() >= 1, text
    # search results' tags (not links) are preceded by "Tag: " for screen readers only
    open_page(page, base_url + SEARCH)
    said = page.eval_on_selector_all(".kb-result-tag", """tags => tags.map(t => [
        t.previousElementSibling?.textContent,
        getComputedStyle(t.previousElementSibling).width])""")
    assert said and all(item == ["Tag: ", "1px"] for item in said), said
    page.context.close()


# ---- page weight ---------------------------------------------------------------------------

def test_first_view_is_light_and_second_view_is_its_html(browser: Any, base_url: str,
                                                        site: Path) -> None:
    first, second = weigh_articles(browser, base_url, ARTICLE, "articles/winter-bread.html")
    assert first.total <= FIRST_VIEW_LIMIT, sorted(first.files.items(), key=lambda i: -i[1])
    html = second.files[second.url]
    # everything but the HTML comes from the browser cache (0 bytes over the network)
    assert second.total - html == 0, {url: n for url, n in second.files.items() if n}
    assert (site / "_static" / "kb-icons.css").stat().st_size < 40_000


# ---- print ---------------------------------------------------------------------------------

def test_print_shows_the_article_alone_with_link_addresses(browser: Any, base_url: str) -> None:
    from pypdf import PdfReader

    page = new_page(browser, base_url)
    page.goto(base_url + ARTICLE, wait_until="networkidle")
    page.emulate_media(media="print")
    for hidden in (".bd-sidebar-primary", ".bd-header-article", ".kb-related",
                   ".prev-next-area", ".search-button-field"):
        assert page.locator(hidden).evaluate_all(
            "els => els.every(e => getComputedStyle(e).display === 'none')"), hidden
    reader = PdfReader(io.BytesIO(page.pdf(format="A4")))
    text = " ".join(" ".join(p.extract_text() or "" for p in reader.pages).split())
    page.context.close()
    for wanted in ("Moved article", "February 2, 2022", "Gardening",
                   "An article that moved here from an old address.",
                   "The body of the moved article", "(https://example.org/elsewhere)"):
        assert wanted in text, (wanted, text)
    for unwanted in ("Search test", "Archive", "Skip to main content", "Related articles",
                     "Ctrl", "Search"):
        assert unwanted not in text, (unwanted, text)
