"""Search as a reader meets it: the built test sites in headless Chromium, over HTTP.

The sites (``tests/roots/test-search`` and the hostile ``test-escaping``) are built once per
module from a temporary copy and served on 127.0.0.1. Without Chromium the browser tests are
skipped, unless ``KB_REQUIRE_BROWSER=1`` (set by ``.ci/run``), which makes them fail instead.
The checks that need no browser read the Pagefind bundle as data (``bench/pagefind_data.py``).
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlparse

import pytest

TESTS = Path(__file__).resolve().parent
ROOT = TESTS / "roots" / "test-search"
HOSTILE = TESTS / "roots" / "test-escaping"
EXT = TESTS.parent / "_ext"
sys.path.insert(0, str(TESTS.parent / "bench"))
sys.path.insert(0, str(EXT))
from pagefind_data import diff_bundles, read_bundle  # noqa: E402
from sphinx_kb.publish.search_index import tag_token  # noqa: E402

CHROMIUM = os.environ.get("KB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

PRUNING = "/articles/pruning-apple-trees.html"
PESTS = "/articles/orchard-pests.html"
COMPOST = "/articles/composting-basics.html"
SOURDOUGH = "/articles/sourdough-starter.html"
BREAD = "/articles/winter-bread.html"
ARTICLES = {PRUNING, PESTS, COMPOST, SOURDOUGH, BREAD}
TAG_PAGES = {f"/tags/{slug}.html" for slug in ("baking", "gardening", "orchards", "seasonal",
                                                "soil")}


# ---- building and serving --------------------------------------------------------------

def build(srcdir: Path, outdir: Path, *extra: str) -> str:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(EXT), os.environ.get("PYTHONPATH", "")]))
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", *extra,
         str(srcdir), str(outdir)],
        capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout


def copy_and_build(tmp: Path, root: Path, *extra: str) -> Path:
    srcdir = tmp / "src"
    shutil.copytree(root, srcdir)
    outdir = srcdir / "_build" / "html"
    build(srcdir, outdir, *extra)
    return outdir


def index_data(outdir: Path) -> dict[str, Any]:
    data: dict[str, Any] = read_bundle(outdir / "pagefind")["languages"]["en"]
    return data


def pages_with(data: dict[str, Any], word: str) -> set[str]:
    return {url for url, _positions in data["words"].get(word, [])}


#: A shard size that splits the test site's 10 pages into 4 Pagefind shards.
SHARDED = ("-D", "kb_search_shard_size=3")


@pytest.fixture(scope="module", params=["one bundle", "shards"])
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test site, built once per index layout; returns the HTML folder.

    Every test on it runs twice: over one Pagefind bundle (as any site up to
    ``kb_search_shard_size`` pages) and over several shards merged by the search page.
    """
    sharded = request.param == "shards"
    outdir = copy_and_build(tmp_path_factory.mktemp("search"), ROOT, *(SHARDED if sharded else ()))
    assert len(read_bundle(outdir / "pagefind")["shards"]) == (3 if sharded else 0)
    return outdir


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_and_build(tmp_path_factory.mktemp("hostile"), HOSTILE)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def serve(folder: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    thread.join()


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    yield from serve(site)


@pytest.fixture(scope="module")
def hostile_url(hostile_site: Path) -> Iterator[str]:
    yield from serve(hostile_site)


def _no_browser(reason: str) -> None:
    if os.environ.get("KB_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (KB_REQUIRE_BROWSER=1)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _no_browser("Playwright for Python is not installed")
    if not Path(CHROMIUM).exists():
        _no_browser(f"no Chromium at {CHROMIUM}")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def page_without_script_errors(browser: Any) -> Iterator[Any]:
    """A page in a fresh browser context that fails the test on any JavaScript error."""
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, errors


@pytest.fixture
def page(browser: Any, base_url: str) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("dialog", lambda dialog: (errors.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.on("response", lambda response: response.status >= 400
            and errors.append(f"{response.status} {response.url}"))
    yield page
    context.close()
    assert not errors, f"JavaScript errors, dialogs or failed requests: {errors}"




def search(page: Any, base_url: str, query: str, **params: str) -> list[dict[str, Any]]:
    """Open the search page for a query; the results once they are rendered."""
    pairs = {"q": query, **params}.items()
    query_string = "&".join(f"{key}={quote(value)}" for key, value in pairs)
    page.goto(f"{base_url}search.html?{query_string}")
    return results(page, query)


def results(page: Any, query: str | None = None) -> list[dict[str, Any]]:
    """The rendered results (as ``make search-eval`` reads them: data-state, data-query)."""
    page.wait_for_function(
        "(q) => { const l = document.getElementById('kb-search-results');"
        " return l.dataset.state === 'done' && (q === null || l.dataset.query === q); }",
        arg=query)
    return page.eval_on_selector_all("#kb-search-results > li.kb-result", """
      items => items.map(li => ({
        url: new URL(li.querySelector('a.kb-result-title').href).pathname,
        title: li.querySelector('a.kb-result-title').textContent,
        summary: li.querySelector('.kb-result-summary')?.textContent ?? null,
        date: li.querySelector('.kb-result-meta time')?.textContent ?? null,
        datetime: li.querySelector('.kb-result-meta time')?.getAttribute('datetime') ?? null,
        tags: [...li.querySelectorAll('.kb-result-tag')].map(t => t.textContent),
        excerpt: li.querySelector('.kb-result-excerpt')?.innerHTML ?? null,
    }))""")


def fetched(page: Any) -> list[str]:
    """URLs the page has fetched (the Resource Timing list: also Pagefind's own fetches)."""
    entries: list[str] = page.evaluate(
        "performance.getEntriesByType('resource').map(e => e.name)")
    return entries


def urls(found: list[dict[str, Any]]) -> list[str]:
    return [item["url"] for item in found]


# ---- what the index holds (no browser) ---------------------------------------------------

def test_index_holds_articles_and_tag_pages_only(site: Path) -> None:
    data = index_data(site)
    # no home, archive, tags overview, search page or 404; no draft or scheduled article
    assert set(data["pages"]) == ARTICLES | TAG_PAGES
    assert data["filters"]["tag"]["orchards"] == sorted([PESTS, PRUNING])
    # no Pagefind sort (it would list every page in pf_meta): a month filter orders by newest
    assert data["sorts"] == {}
    assert data["filters"]["month"]["2023-05"] == [COMPOST]
    assert sum(len(pages) for pages in data["filters"]["month"].values()) == len(ARTICLES)
    page = data["pages"][COMPOST]
    assert page["meta"]["title"] == "Composting basics for small gardens"
    assert page["meta"]["date"] == "2023-05-20"
    assert page["meta"]["summary"].startswith("Turn kitchen scraps into crumbly humus")
    # a tag page holds its tag name only
    tag_page = data["pages"]["/tags/orchards.html"]
    assert tag_page["content"] == f"Orchards. {tag_token('orchards')}."
    assert pages_with(data, tag_token("orchards")) == {"/tags/orchards.html"}
    # summaries are listed on the home and tag pages; only their article holds them
    assert pages_with(data, "humus") == {COMPOST}
    assert pages_with(data, "caraway") == {BREAD}
    assert pages_with(data, "zanzibarit") == set() and pages_with(data, "quokkaflux") == set()


def test_byline_related_and_permalinks_are_not_body_text(site: Path) -> None:
    content = index_data(site)["pages"][PRUNING]["content"]
    assert content.startswith("Pruning apple trees in winter. When and how to cut back")
    assert "secateurs" in content
    for chrome in ("min read", "January 10, 2024", "Related articles", "#", "Orchard pests"):
        assert chrome not in content, chrome


def test_sphinx_search_is_not_built(site: Path) -> None:
    assert not (site / "searchindex.js").exists()
    page = (site / "search.html").read_text(encoding="utf-8")
    assert 'id="kb-search-results"' in page and "kb-pagefind.js" in page
    for name in ("index.html", "search.html", "articles/winter-bread.html"):
        assert "searchindex.js" not in (site / name).read_text(encoding="utf-8"), name
        assert "searchtools.js" not in (site / name).read_text(encoding="utf-8"), name


def test_kb_search_sphinx_keeps_plain_sphinx_search(tmp_path: Path) -> None:
    outdir = copy_and_build(tmp_path, ROOT, "-D", "kb_search=sphinx")
    assert (outdir / "searchindex.js").is_file()
    assert not (outdir / "pagefind").exists()
    page = (outdir / "search.html").read_text(encoding="utf-8")
    assert "searchtools.js" in page and "kb-pagefind" not in page
    assert "kb-search-body" not in (outdir / "articles" / "winter-bread.html").read_text("utf-8")


def test_an_unknown_engine_is_reported_and_pagefind_used(tmp_path: Path) -> None:
    srcdir = tmp_path / "src"
    shutil.copytree(ROOT, srcdir)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(EXT), os.environ.get("PYTHONPATH", "")]))
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-D", "kb_search=lunr",
         str(srcdir), str(srcdir / "_build")], capture_output=True, text=True, env=env,
        check=False)
    assert result.returncode == 0, result.stderr
    assert "kb_search is 'lunr'" in result.stderr and "[kb.config]" in result.stderr
    assert (srcdir / "_build" / "pagefind" / "pagefind-entry.json").is_file()


def test_drafts_are_indexed_only_in_preview_builds(tmp_path: Path) -> None:
    outdir = copy_and_build(tmp_path, ROOT, "-D", "kb_drafts=1")
    data = index_data(outdir)
    assert pages_with(data, "zanzibarit") == {"/articles/unfinished-notes.html"}


def test_incremental_index_equals_a_clean_one(tmp_path: Path) -> None:
    srcdir = tmp_path / "src"
    shutil.copytree(ROOT, srcdir)
    outdir = srcdir / "_build" / "html"
    build(srcdir, outdir)
    entry = outdir / "pagefind" / "pagefind-entry.json"
    stamp = entry.stat().st_mtime_ns

    log = build(srcdir, outdir)  # nothing changed: the index is not rewritten
    assert entry.stat().st_mtime_ns == stamp
    assert "search index: unchanged" in log

    bread = srcdir / "articles" / "winter-bread.md"
    bread.write_text(bread.read_text(encoding="utf-8")
                     .replace("A dense rye loaf", "A dense spelt loaf")
                     .replace("tags: [Baking, Seasonal]", "tags: [Baking, Rye]"), encoding="utf-8")
    pests = srcdir / "articles" / "orchard-pests.md"
    pests.write_text(pests.read_text(encoding="utf-8").replace("tags: [Orchards]",
                                                               "tags: [Orchards]\ndraft: true"),
                     encoding="utf-8")
    build(srcdir, outdir)
    data = index_data(outdir)
    assert pages_with(data, "spelt") == {BREAD}
    assert "/tags/seasonal.html" not in data["pages"] and "/tags/rye.html" in data["pages"]
    assert PESTS not in data["pages"] and not pages_with(data, "codl")

    clean = tmp_path / "clean"
    build(srcdir, clean)
    assert diff_bundles(outdir / "pagefind", clean / "pagefind") == []

    # The index comes from every current page, not from the pages a build writes: a build
    # that writes no page (as after a build killed before indexing) still indexes them all.
    shutil.rmtree(outdir / "pagefind")
    (outdir / "pagefind.new").mkdir()  # what a build killed while indexing leaves behind
    build(srcdir, outdir)
    assert diff_bundles(outdir / "pagefind", clean / "pagefind") == []
    assert not (outdir / "pagefind.new").exists()


def test_bundle_comparison_sees_a_difference(site: Path, tmp_path: Path) -> None:
    layout = SHARDED if (site / "pagefind-shards").is_dir() else ()
    other = copy_and_build(tmp_path, ROOT, "-D", "kb_drafts=1", *layout)
    found = diff_bundles(other / "pagefind", site / "pagefind")
    assert any("unfinished-notes" in line for line in found), found


def boot_data(outdir: Path) -> tuple[dict[str, Any], list[str]]:
    """The search page's boot data and the files its head preloads."""
    text = (outdir / "search.html").read_text(encoding="utf-8")
    found = re.search(r'<script type="application/json" id="kb-search-boot">(.*?)</script>', text)
    assert found, "no boot data in the search page's head"
    head = text[:text.index("</head>")]
    return json.loads(found.group(1)), re.findall(r'<link rel="(?:module)?preload" href="([^"]+)"',
                                                   head)


def test_the_search_page_head_names_what_pagefind_loads_first(site: Path) -> None:
    data, preloaded = boot_data(site)
    shards = read_bundle(site / "pagefind")["shards"]
    assert data == {"bundle": "pagefind/pagefind.js", "root": "./", "shards": shards}
    for href in preloaded:
        assert (site / href).is_file(), href
    assert len([href for href in preloaded if href.endswith(".pf_meta")]) == len(shards) + 1
    assert "pagefind/pagefind.js" in preloaded
    assert any(re.fullmatch(r"pagefind/wasm\.\w+\.pagefind", href) for href in preloaded)
    # Pagefind fetches the entries fresh (a page kept from before a rebuild still works).
    assert not [href for href in preloaded if "pagefind-entry.json" in href]


# ---- in the browser --------------------------------------------------------------------

@pytest.mark.browser
def test_title_finds_the_article_first(page: Any, base_url: str) -> None:
    assert urls(search(page, base_url, "Pruning apple trees in winter"))[0] == PRUNING
    assert urls(search(page, base_url, "Composting basics for small gardens"))[0] == COMPOST
    assert urls(search(page, base_url, "sourdough starter"))[0] == SOURDOUGH


@pytest.mark.browser
def test_a_tag_finds_its_tag_page_first(page: Any, base_url: str) -> None:
    found = urls(search(page, base_url, "orchards"))
    assert found[0] == "/tags/orchards.html"
    assert {PRUNING, PESTS} <= set(found[1:])
    assert urls(search(page, base_url, "baking"))[0] == "/tags/baking.html"


@pytest.mark.browser
def test_summary_words_find_the_article_and_results_explain_themselves(
        page: Any, base_url: str) -> None:
    found = search(page, base_url, "humus three-bin")
    assert urls(found) == [COMPOST]
    result = found[0]
    assert result["title"] == "Composting basics for small gardens"
    assert result["summary"] == ("Turn kitchen scraps into crumbly humus with a three-bin "
                                 "system and a little patience.")
    assert (result["date"], result["datetime"]) == ("May 20, 2023", "2023-05-20")
    assert result["tags"] == ["Gardening", "Soil"]
    assert "<mark>humus</mark>" in result["excerpt"]
    page.click("a.kb-result-title")
    page.wait_for_url(re.compile(r"/articles/composting-basics\.html$"))


@pytest.mark.browser
@pytest.mark.parametrize("word", ["zanzibarite", "quokkaflux", "flurbotaxic", "xqzvwk"])
def test_words_found_nowhere_or_only_in_drafts_find_nothing(
        page: Any, base_url: str, word: str) -> None:
    assert search(page, base_url, word) == []
    assert page.text_content("#kb-search-status").startswith("No results")


@pytest.mark.browser
@pytest.mark.parametrize(("query", "first"), [("carawa", BREAD), ("pruned", PRUNING),
                                              ("sourdough starters", SOURDOUGH)])
def test_unfinished_and_inflected_words_still_find(
        page: Any, base_url: str, query: str, first: str) -> None:
    assert urls(search(page, base_url, query))[0] == first


@pytest.mark.browser
def test_tag_filter_with_counts_and_sort_live_in_the_url(page: Any, base_url: str) -> None:
    everything = urls(search(page, base_url, "winter"))
    assert set(everything) == {BREAD, PRUNING, PESTS}
    # the counts load when the reader turns to the filter (Pagefind's tag filter chunk)
    assert "/filter/" not in " ".join(fetched(page))
    page.focus("#kb-search-tag")
    page.wait_for_function("document.getElementById('kb-search-tag').dataset.counts === 'winter'")
    assert "/pagefind/filter/" in " ".join(fetched(page))
    options = page.eval_on_selector_all("#kb-search-tag option", "os => os.map(o => o.textContent)")
    assert "Baking (1)" in options and "Orchards (2)" in options

    page.select_option("#kb-search-tag", "orchards")
    assert set(urls(results(page, "winter"))) == {PRUNING, PESTS}
    assert parse_qs(urlparse(page.url).query) == {"q": ["winter"], "tag": ["orchards"]}

    page.select_option("#kb-search-sort", "newest")
    assert urls(results(page, "winter")) == [PRUNING, PESTS]
    assert parse_qs(urlparse(page.url).query)["sort"] == ["newest"]

    # the URL can be shared: opening it shows the same results
    assert urls(search(page, base_url, "winter", tag="baking", sort="newest")) == [BREAD]
    assert page.input_value("#kb-search-tag") == "baking"
    assert urls(search(page, base_url, "winter", sort="newest")) == [PRUNING, PESTS, BREAD]


@pytest.mark.browser
def test_results_follow_typing_and_work_from_the_keyboard(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}search.html")
    results(page, "")
    page.focus("#kb-search-input")
    page.keyboard.type("caraway", delay=20)
    assert urls(results(page, "caraway")) == [BREAD]
    assert parse_qs(urlparse(page.url).query)["q"] == ["caraway"]
    page.keyboard.press("Tab")  # tag filter, sort, then the first result
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('kb-result-title')")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/articles/winter-bread\.html$"))


@pytest.mark.browser
def test_enter_in_the_theme_search_box_shows_results(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}index.html")
    page.locator("button.search-button-field:visible").first.click()
    field = page.locator("#pst-search-dialog input[name='q']")
    field.wait_for(state="visible")
    field.fill("sourdough")
    field.press("Enter")
    page.wait_for_url(re.compile(r"/search\.html\?q=sourdough"))
    assert urls(results(page, "sourdough"))[0] == SOURDOUGH


@pytest.mark.browser
def test_the_theme_search_box_fetches_the_search_page_files_ahead(
        page: Any, base_url: str, site: Path) -> None:
    """Focus in another page's search box fetches what the search page loads first."""
    page.goto(f"{base_url}index.html")
    requested: list[str] = []
    page.on("request", lambda request: requested.append(urlparse(request.url).path))
    page.locator("button.search-button-field:visible").first.click()
    page.locator("#pst-search-dialog input[name='q']").wait_for(state="visible")
    _, preloaded = boot_data(site)
    wanted = {urlparse(f"{base_url}{href}").path for href in preloaded}
    page.wait_for_function("(n) => performance.getEntriesByType('resource')"
                           ".filter(e => e.name.includes('/pagefind')).length >= n",
                           arg=len(wanted))
    assert "/search.html" in requested
    assert wanted <= set(requested), wanted - set(requested)


@pytest.mark.browser
def test_pagefind_fetches_each_file_once(page: Any, base_url: str, site: Path) -> None:
    """The preloads are the requests Pagefind makes (else each file loads twice)."""
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    assert urls(search(page, base_url, "sourdough"))[0] == SOURDOUGH
    _, preloaded = boot_data(site)
    assert {f"{base_url}{href}" for href in preloaded} <= set(requested)
    repeated = {url for url in requested if requested.count(url) > 1}
    assert not repeated, repeated


@pytest.mark.browser
def test_every_shard_entry_is_fetched_fresh_once_when_the_page_starts(
        page: Any, base_url: str, site: Path) -> None:
    """Each shard's ``pagefind-entry.json`` is fetched fresh (``?ts=``), once, and all of
    them together as the page starts (one time stamp), not one after another by Pagefind."""
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    assert urls(search(page, base_url, "sourdough"))[0] == SOURDOUGH
    data, _ = boot_data(site)
    entries = [url for url in requested if "pagefind-entry.json" in url]
    assert len(entries) == len({url.split("?")[0] for url in entries}) == 1 + len(data["shards"])
    stamps = {parse_qs(urlparse(url).query).get("ts", [""])[0] for url in entries}
    assert len(stamps) == 1 and "" not in stamps, entries


@pytest.mark.browser
def test_search_works_without_the_browser_gzip_decoder(browser: Any, base_url: str) -> None:
    """Pagefind's own gunzip takes over where DecompressionStream is missing."""
    for page in page_without_script_errors(browser):
        page.add_init_script("delete window.DecompressionStream")
        assert urls(search(page, base_url, "sourdough"))[0] == SOURDOUGH


@pytest.mark.browser
def test_opened_from_disk_the_page_says_how_to_serve_it(browser: Any, site: Path) -> None:
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto((site / "search.html").as_uri() + "?q=bread")
        message = page.locator("#kb-search-file")
        message.wait_for(state="visible")
        text = message.text_content()
        assert "HTTP" in text and "make serve" in text
    finally:
        context.close()


HOSTILE_STRINGS = ['"><script>alert(1)</script>', '"><img src=x onerror=alert(1)>']


@pytest.mark.browser
@pytest.mark.parametrize("query", ["alert", "script", "img onerror", "plain"])
def test_hostile_front_matter_never_runs_on_the_search_page(
        browser: Any, hostile_url: str, query: str) -> None:
    context = browser.new_context()
    fired: list[str] = []
    try:
        page = context.new_page()
        page.on("dialog", lambda dialog: (fired.append(dialog.message), dialog.dismiss()))
        page.on("pageerror", lambda error: fired.append(str(error)))
        for params in ("", "&tag=plain"):
            page.goto(f"{hostile_url}search.html?q={quote(query)}{params}")
            found = results(page, query)
            assert found, query
            for item in found:
                assert item["title"] in [*HOSTILE_STRINGS, "A plain neighbour", "plain"]
            page.wait_for_timeout(100)
        options = page.eval_on_selector_all("#kb-search-tag option",
                                            "os => os.map(o => o.textContent)")
        assert any(option.startswith(HOSTILE_STRINGS[1]) for option in options), options
        assert page.evaluate("document.querySelectorAll('#kb-search script, #kb-search img,"
                             " #kb-search [onerror]').length") == 0
    finally:
        context.close()
    assert not fired, fired


CONTRAST_JS = """
(selector) => {
  const rgb = (value) => value.match(/[\\d.]+/g).map(Number);
  const background = (el) => {
    for (; el; el = el.parentElement) {
      const c = rgb(getComputedStyle(el).backgroundColor);
      if (c.length < 4 || c[3] > 0) return c;
    }
    return [255, 255, 255];
  };
  const luminance = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  return [...document.querySelectorAll(selector)].filter((el) => el.offsetParent).map((el) => {
    const [a, b] = [luminance(rgb(getComputedStyle(el).color)), luminance(background(el))];
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  });
}
"""


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_results_read_well_in_both_themes_at_phone_width(
        browser: Any, base_url: str, scheme: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, color_scheme=scheme,
                                  is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto(f"{base_url}search.html?q=winter")
        assert len(results(page, "winter")) == 3
        assert page.get_attribute("html", "data-theme") == scheme
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        for selector in (".kb-result-title", ".kb-result-summary", ".kb-result-meta",
                         "#kb-search-status", "#kb-search-input"):
            ratios = page.evaluate(CONTRAST_JS, selector)
            assert ratios and min(ratios) >= 4.5, (selector, ratios)
    finally:
        context.close()


# ---- a title that is also a tag --------------------------------------------------------------

@pytest.fixture(scope="module")
def title_site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The test site plus a short title that is also a tag, and a longer page repeating it."""
    tmp = tmp_path_factory.mktemp("titles")
    srcdir = tmp / "src"
    shutil.copytree(ROOT, srcdir)
    (srcdir / "articles" / "demo-day.md").write_text(
        "---\ntitle: Demo day\ndate: 2023-02-01\ntags: [Baking]\n"
        "summary: What we showed on the day.\n---\n\nThree teams showed their work.\n",
        encoding="utf-8")
    (srcdir / "articles" / "demo-day-slides.md").write_text(
        "---\ntitle: Slides from the first demo day\ndate: 2023-03-01\ntags: [Demo day]\n"
        "summary: Demo day slides, demo day notes and demo day photos.\n---\n\n"
        "Everything from demo day: the demo day slides and the demo day recordings.\n",
        encoding="utf-8")
    outdir = srcdir / "_build" / "html"
    build(srcdir, outdir)
    yield from serve(outdir)


@pytest.mark.browser
def test_a_whole_title_comes_before_a_tag_page_of_the_same_name(
        page: Any, title_site_url: str) -> None:
    found = urls(search(page, title_site_url, "Demo day"))
    assert found[:2] == ["/articles/demo-day.html", "/tags/demo_day.html"], found
    # Words that are not the whole title keep Pagefind's order and the tag page rule.
    assert urls(search(page, title_site_url, "demo day slides"))[0] == (
        "/articles/demo-day-slides.html")
