"""Pagefind's word index cut into smaller chunks (``core/pagefind_compact.py``).

The search test site is built (its bundle already re-chunked at the default size), then
its bundle is cut again into chunks of a few entries, so that nearly every word has a
chunk of its own: the index read as data must not change, Pagefind's own chunk lookup
must find every word in the chunk that holds it, and the search page in Chromium must
give the same results for whole words as it does on the default bundle.
"""

from __future__ import annotations

import json
import re
import shutil
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from sphinx_kb.core.pagefind_compact import (
    CHUNK_ENTRIES,
    KEEP_PREFIX,
    PAGEFIND_CHUNK_ENTRIES,
    compact_bundle,
    split_words,
)
from sphinx_kb.core.pagefind_files import cbor, unpack
from test_listing_pages import build_once, make_project
from test_search_browser import (  # noqa: F401  (browser is a fixture)
    ROOT,
    SHARDED,
    browser,
    copy_and_build,
    page_without_script_errors,
    read_bundle,
    search,
    serve,
    urls,
)


def chunk_table(bundle: Path) -> list[list[str]]:
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    meta_hash = entry["languages"]["en"]["hash"]
    table: list[list[str]] = cbor(unpack((bundle / f"pagefind.{meta_hash}.pf_meta")
                                         .read_bytes()))[2]
    return table


def chunk_words(bundle: Path, name: str) -> list[str]:
    words = cbor(unpack((bundle / "index" / f"{name}.pf_index").read_bytes()))[0]
    return [word[0] for word in words]


def pagefind_lookup(table: list[list[str]], word: str) -> str | None:
    """The chunk Pagefind loads for a word (``try_request_indexes``, strict bounds)."""
    return next((name for first, last, name in table if first <= word <= last), None)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_and_build(tmp_path_factory.mktemp("chunks"), ROOT)


def small_chunks(built: Path, target: Path, keep_prefix: int) -> Path:
    """A copy of the built site whose bundle has chunks of one or two entries."""
    shutil.copytree(built, target)
    assert compact_bundle(target / "pagefind", entries=2,
                          keep_prefix=keep_prefix)
    return target


@pytest.mark.parametrize("keep_prefix", [0, 4])
def test_small_chunks_hold_the_same_index(built: Path, tmp_path: Path, keep_prefix: int) -> None:
    site = small_chunks(built, tmp_path / "site", keep_prefix)
    bundle = site / "pagefind"
    assert read_bundle(bundle)["languages"] == read_bundle(built / "pagefind")["languages"]
    table = chunk_table(bundle)
    assert len(table) > 5 * len(chunk_table(built / "pagefind"))
    # The bundle holds exactly the files its tables name: no stale chunk or pf_meta.
    assert sorted(path.stem for path in (bundle / "index").iterdir()) == sorted(
        name for *_, name in table)
    assert len(list(bundle.glob("*.pf_meta"))) == 1
    # Pagefind's own lookup finds every word in the chunk that holds it.
    for *_, name in table:
        for word in chunk_words(bundle, name):
            assert pagefind_lookup(table, word) == name, word


def test_words_sharing_a_prefix_stay_in_one_chunk(built: Path, tmp_path: Path) -> None:
    bundle = small_chunks(built, tmp_path / "site", keep_prefix=4) / "pagefind"
    table = chunk_table(bundle)
    ends = [(chunk_words(bundle, name)[0], chunk_words(bundle, name)[-1]) for *_, name in table]
    for (_, last), (first, _) in pairwise(ends):
        assert last[:4] != first[:4], (last, first)
    # ...and so they do not with the rule off (the test site has such words).
    loose = small_chunks(built, tmp_path / "loose", keep_prefix=0) / "pagefind"
    loose_ends = [chunk_words(loose, name) for *_, name in chunk_table(loose)]
    assert any(left[-1][:4] == right[0][:4]
               for left, right in pairwise(loose_ends))


def test_split_words_closes_a_chunk_at_the_target_size() -> None:
    def word(text: str, pages: int) -> list[Any]:
        return [text, [[1, [5]] for _ in range(pages)], []]  # each page: 1 + 1 position

    words = [word("apple", 3), word("apply", 1), word("bread", 2), word("brown", 5)]

    def texts(chunks: list[list[list[Any]]]) -> list[list[str]]:
        return [[entry[0] for entry in chunk] for chunk in chunks]

    assert texts(split_words(words, entries=7)) == [["apple", "apply"], ["bread", "brown"]]
    assert texts(split_words(words, entries=6)) == [["apple"], ["apply", "bread"], ["brown"]]
    # "apple" and "apply" share 4 letters: kept together although "apple" fills a chunk.
    assert texts(split_words(words, 4, keep_prefix=4)) == [
        ["apple", "apply"], ["bread"], ["brown"]]
    # ...unless the chunk holds Pagefind's own size already.
    assert texts(split_words(words[:2], 4, keep_prefix=4, most=6)) == [["apple"], ["apply"]]


def page_names(bundle: Path) -> list[str]:
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    meta = cbor(unpack((bundle / f"pagefind.{entry['languages']['en']['hash']}.pf_meta")
                       .read_bytes()))
    return [page[0] for page in meta[1]]


def test_page_names_are_short_and_tell_shards_apart(tmp_path: Path) -> None:
    site = copy_and_build(tmp_path, ROOT, *SHARDED)
    names = {0: page_names(site / "pagefind")}
    for number in (1, 2, 3):
        names[number] = page_names(site / "pagefind-shards" / str(number))
    everything = [name for found in names.values() for name in found]
    assert len(everything) == len(set(everything)) == 10
    for number, found in names.items():
        prefix = f"en_s{number}_" if number else "en_"
        assert found and all(re.fullmatch(re.escape(prefix) + "[0-9a-f]{4,}", name)
                             for name in found), found
        # Each name is its fragment's file; no other fragment file is left.
        folder = site / "pagefind" if number == 0 else site / "pagefind-shards" / str(number)
        assert sorted(path.stem for path in (folder / "fragment").iterdir()) == sorted(found)


def test_an_unknown_pagefind_version_is_left_as_written(built: Path, tmp_path: Path) -> None:
    bundle = tmp_path / "pagefind"
    shutil.copytree(built / "pagefind", bundle)
    entry = bundle / "pagefind-entry.json"
    entry.write_text(re.sub(r'"version":"[^"]*"', '"version":"9.0.0"', entry.read_text()))
    before = {path: path.read_bytes() for path in bundle.rglob("*") if path.is_file()}
    assert not compact_bundle(bundle, entries=2)
    assert {path: path.read_bytes() for path in bundle.rglob("*") if path.is_file()} == before


def test_the_build_cuts_chunks_at_the_default_size(tmp_path: Path) -> None:
    """The built bundle's chunks are cut at ``CHUNK_ENTRIES``, not at Pagefind's size.

    Thirty synthetic articles hold many times ``CHUNK_ENTRIES`` entries: Pagefind writes
    them as far fewer chunks.
    """
    srcdir, _ = make_project(tmp_path, 30)
    bundle = build_once(srcdir, confoverrides={"kb_search": "pagefind"}).outdir / "pagefind"
    stored = [cbor(unpack((bundle / "index" / f"{name}.pf_index").read_bytes()))[0]
              for _, _, name in chunk_table(bundle)]
    words = [word for chunk in stored for word in chunk]
    assert [word[0] for word in words] == sorted(word[0] for word in words)
    # Each of Pagefind's chunks is cut on its own, so a cut may fall at one of its bounds
    # too: no stored chunk is one the default size would cut again, and there are as many
    # as that size makes, give or take one per Pagefind chunk.
    for chunk in stored:
        assert len(split_words(chunk, CHUNK_ENTRIES, KEEP_PREFIX)) == 1, chunk[0][0]
    pagefind_chunks = len(split_words(words, PAGEFIND_CHUNK_ENTRIES))
    expected = len(split_words(words, CHUNK_ENTRIES, KEEP_PREFIX))
    assert pagefind_chunks < expected <= len(stored) < expected + pagefind_chunks


@pytest.mark.browser
def test_search_gives_the_same_results_on_small_chunks(built: Path, tmp_path: Path,
                                                       browser: Any) -> None:
    site = small_chunks(built, tmp_path / "site", keep_prefix=4)
    data = read_bundle(built / "pagefind")["languages"]["en"]
    titles = [page["meta"]["title"] for page in data["pages"].values()
              if page["meta"].get("title")]
    long_words = sorted(word for word in data["words"] if len(word) >= 5 and word.isalpha())
    queries = titles + long_words[::3]
    assert len(queries) > 20
    found: dict[str, dict[str, list[str]]] = {"default": {}, "small": {}}
    for label, folder in (("default", built), ("small", site)):
        for base in serve(folder):
            for page in page_without_script_errors(browser):
                for query in queries:
                    found[label][query] = urls(search(page, base, query))
    assert found["small"] == found["default"]
    assert sum(bool(hits) for hits in found["default"].values()) > len(queries) // 2
