"""Common words: which words the bundle lists, and how the search page treats them.

At 20,000 articles a word on most pages is an index chunk of hundreds of KB; the search page
leaves such a word out of the Pagefind query when a rarer one is there and shows the results
containing it first. The test site is far too small to have such words, so the browser tests
list one in a copy of its bundle.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_search_browser import (  # noqa: F401  (browser is a fixture)
    BREAD,
    COMPOST,
    PESTS,
    PRUNING,
    browser,
    fetched,
    page_without_script_errors,
    search,
    serve,
    site,
    urls,
)

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "_ext"))
from sphinx_kb.publish.search_common import (
    CHUNK_ENTRIES,
    FILE,
    common_words,
    heavy_chunks,
    query_key,
)


def record(body: str) -> str:
    return (f'<html lang="en"><body><main data-pagefind-body><h1>A title</h1>'
            f'<span data-pagefind-ignore data-pagefind-filter="tag">ignored</span>'
            f"<div class=\"kb-page\"><p>{body}</p></div></main></body></html>")


def test_a_word_that_overflows_a_chunk_on_most_pages_is_common() -> None:
    pages = 50
    repeats = CHUNK_ENTRIES // pages  # with the page entries: just over one chunk
    documents = [record(f"{'The ' * repeats} Page{number} Rädern orchard") for number in
                 range(pages)]
    documents += [record("orchard " * (CHUNK_ENTRIES // 10)) for _ in range(3)]
    words = common_words(documents, "en")
    assert words == {"the": 20}  # thousands of index entries: the cost the page compares
    assert common_words(documents, "xx") == {}  # no Snowball stemmer: nothing is common
    # a repeated word on few pages is rare where it matters (BM25): not common
    assert "orchard" not in words and "ignored" not in words
    assert query_key("Rädern,") == "radern" and query_key("trade-off") == "tradeoff"


def test_inflections_of_a_common_stem_are_listed() -> None:
    documents = [record("running runs run " * 8000) for _ in range(4)]
    assert set(common_words(documents, "en")) == {"run", "running", "runs"}


def test_the_bundle_lists_no_common_words_on_a_small_site(site: Path) -> None:
    listed = json.loads((site / "pagefind" / FILE).read_text(encoding="utf-8"))
    if (site / "pagefind-shards").is_dir():  # the manifest of the shards, with the words
        assert listed.pop("shards") and listed.pop("fingerprint")
    assert listed == {"words": {}, "chunks": []}


def holds(chunk: list[Any], term: str) -> bool:
    """Pagefind's bounds are prefixes: the comparison of ``chunkKB`` in kb-pagefind-words.js."""
    first, last = str(chunk[0]), str(chunk[1])
    return (term[:len(first)] >= first[:len(term)]) and (term[:len(last)] <= last[:len(term)])


def test_heavy_chunks_are_read_from_the_bundle(tmp_path: Path) -> None:
    pages = tmp_path / "site"
    pages.mkdir()
    rng = random.Random(1)
    for number in range(40):  # several chunks of 20,000 entries
        words = ["the" if rng.random() < 0.8 else f"w{rng.randrange(100)}" for _ in range(6000)]
        (pages / f"{number}.html").write_text(
            f"<html lang='en'><body><p>{' '.join(words)}</p></body></html>")
    bundle = tmp_path / "bundle"
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(pages), "--output-path",
                    str(bundle), "--quiet"], check=True)
    sizes = sorted(round(path.stat().st_size / 1024) for path in (bundle / "index").iterdir())
    every = heavy_chunks(bundle, min_kb=0)
    assert sorted(int(chunk[2]) for chunk in every) == sizes  # one row per chunk, its KB
    assert sum(holds(chunk, "the") for chunk in every) == 1
    assert sum(holds(chunk, "w7") for chunk in every) >= 1  # a prefix may span two chunks
    largest = max(path.stat().st_size for path in (bundle / "index").iterdir()) // 1024
    over = [path for path in (bundle / "index").iterdir() if path.stat().st_size >= largest * 1024]
    assert len(heavy_chunks(bundle, min_kb=largest)) == len(over) < len(every)
    assert heavy_chunks(bundle, min_kb=largest + 1) == []


@pytest.fixture(scope="module")
def common_url(site: Path,
               tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A copy of the test site whose bundle lists "winter" as a common word."""
    copy = tmp_path_factory.mktemp("common") / "html"
    shutil.copytree(site, copy)
    listed = json.loads((copy / "pagefind" / FILE).read_text(encoding="utf-8"))  # shards kept
    listed |= {"words": {"winter": 30, "the": 90}, "chunks": [["sourd", "sourdough", 200]]}
    (copy / "pagefind" / FILE).write_text(json.dumps(listed), encoding="utf-8")
    yield from serve(copy)


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    yield from page_without_script_errors(browser)


@pytest.mark.browser
def test_a_common_word_is_left_out_and_its_pages_come_first(page: Any, common_url: str) -> None:
    # "orchard winter" is sent as "orchard": the compost page (no "winter") is found too,
    # after the two pages that have both words.
    found = urls(search(page, common_url, "orchard winter"))
    assert set(found[:2]) == {PRUNING, PESTS} and COMPOST in found[2:], found
    assert "common-words.json" in " ".join(fetched(page))
    # no Web Worker: Pagefind runs in the page
    assert not any(url.endswith("pagefind-worker.js") for url in fetched(page))


@pytest.mark.browser
def test_only_common_words_still_search_and_find(page: Any, common_url: str) -> None:
    assert set(urls(search(page, common_url, "winter"))) == {BREAD, PRUNING, PESTS}
    # the cheapest is kept: "winter the" is searched as "winter"
    assert set(urls(search(page, common_url, "the winter"))) == {BREAD, PRUNING, PESTS}


@pytest.mark.browser
def test_a_word_in_a_heavy_chunk_is_left_out_when_a_light_one_remains(
        page: Any, common_url: str) -> None:
    # "sourdough" sorts into a listed heavy chunk: "sourdough caraway" is sent as "caraway"
    # (no page has both words: Pagefind would find nothing).
    assert urls(search(page, common_url, "sourdough caraway")) == [BREAD]


@pytest.mark.browser
def test_a_quoted_query_is_sent_as_typed(page: Any, common_url: str) -> None:
    assert set(urls(search(page, common_url, '"winter" orchard'))) == {PRUNING, PESTS}
