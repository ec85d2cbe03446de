"""The Pagefind index in shards (``publish/search_shards.py``), read as data.

A shard size of 3 splits the search test site's 10 pages into 4 shards, so every
path of a big site's index runs here for real: the union of the shards is the index one
bundle holds, an edit re-indexes only its shard, a build after a killed one (or one that
changes the shard count) gives what a clean build gives. The browser tests of
``test_search_browser.py`` search the same sharded site.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from sphinx_kb.publish.search_shards import shard_count, shard_of
from test_search_browser import (
    BREAD,
    ROOT,
    SHARDED,
    boot_data,
    build,
    copy_and_build,
    diff_bundles,
    read_bundle,
)


def test_the_shards_together_hold_what_one_bundle_holds(tmp_path: Path) -> None:
    single = read_bundle(copy_and_build(tmp_path / "one", ROOT) / "pagefind")
    sharded_site = copy_and_build(tmp_path / "shards", ROOT, *SHARDED)
    sharded = read_bundle(sharded_site / "pagefind")
    assert single["shards"] == [] and single["shard_folders"] == []
    assert sharded["shards"] == [f"../pagefind-shards/{n}/" for n in (1, 2, 3)]
    assert sharded["shard_folders"] == ["1", "2", "3"]
    one, many = single["languages"]["en"], sharded["languages"]["en"]
    assert many["duplicates"] == []
    assert len(many["pages"]) == 10
    assert many["pages"] == one["pages"]
    assert many["filters"] == one["filters"]
    # The same pages for each word (the encoded positions may differ with the neighbours).
    assert ({word: [url for url, _ in found] for word, found in many["words"].items()}
            == {word: [url for url, _ in found] for word, found in one["words"].items()})
    # Each shard holds the pages its URL hash names, and no other.
    for number in range(4):
        folder = sharded_site / ("pagefind" if number == 0 else f"pagefind-shards/{number}")
        pages = set(read_bundle(folder)["languages"]["en"]["pages"]) if number else {
            url for url in many["pages"] if shard_of(url, 4) == 0}
        assert pages and all(shard_of(url, 4) == number for url in pages)


def indexed_shards(log: str) -> list[str]:
    found = re.search(r"search index: \d+ pages, shard\(s\) ([\d, ]+) indexed", log)
    return found.group(1).split(", ") if found else []


def test_an_edit_reindexes_its_shard_only_and_equals_a_clean_build(tmp_path: Path) -> None:
    srcdir = tmp_path / "src"
    shutil.copytree(ROOT, srcdir)
    outdir = srcdir / "_build" / "html"
    assert indexed_shards(build(srcdir, outdir, *SHARDED)) == ["0", "1", "2", "3"]
    first_boot = boot_data(outdir)
    assert "search index: unchanged" in build(srcdir, outdir, *SHARDED)
    assert boot_data(outdir) == first_boot

    bread = srcdir / "articles" / "winter-bread.md"
    bread.write_text(bread.read_text(encoding="utf-8").replace("A dense rye loaf",
                                                               "A dense spelt loaf"),
                     encoding="utf-8")
    assert indexed_shards(build(srcdir, outdir, *SHARDED)) == [str(shard_of(BREAD, 4))]
    clean = tmp_path / "clean"
    build(srcdir, clean, *SHARDED)
    assert diff_bundles(outdir / "pagefind", clean / "pagefind") == []
    # The search page names the new files, as a clean build does (the bundles are the same
    # bytes: Pagefind's filter order is fixed in compaction).
    assert boot_data(outdir) == boot_data(clean)
    assert set(boot_data(outdir)[1]) - set(first_boot[1])
    data = read_bundle(outdir / "pagefind")["languages"]["en"]
    assert {url for url, _ in data["words"]["spelt"]} == {BREAD}

    # What a build killed among the shards leaves: a half-written shard, an old shard, no
    # manifest. The next build finishes the work; the comparison sees each leftover.
    other = str(1 + shard_of(BREAD, 4) % 3)
    shutil.rmtree(outdir / "pagefind-shards" / other)
    (outdir / "pagefind-shards" / "2.new").mkdir()
    (outdir / "pagefind" / "common-words.json").unlink()
    assert diff_bundles(outdir / "pagefind", clean / "pagefind") != []
    assert indexed_shards(build(srcdir, outdir, *SHARDED)) == [other]
    assert diff_bundles(outdir / "pagefind", clean / "pagefind") == []

    # Fewer pages than a shard: one bundle again, the shard folders gone.
    build(srcdir, outdir)
    assert not (outdir / "pagefind-shards").exists()
    single = tmp_path / "single"
    build(srcdir, single)
    assert diff_bundles(outdir / "pagefind", single / "pagefind") == []


def test_a_stale_shard_folder_is_a_difference(tmp_path: Path) -> None:
    site = copy_and_build(tmp_path / "a", ROOT, *SHARDED)
    clean = tmp_path / "clean"
    shutil.copytree(site, clean)
    (site / "pagefind-shards" / "9").mkdir()
    assert any("shard_folders" in line for line in diff_bundles(site / "pagefind",
                                                                clean / "pagefind"))


def test_shard_count_bounds_memory_and_the_pages_an_edit_reindexes() -> None:
    """Shards of at most ``shard_size`` pages; above 1,000 pages, up to 5 of about 1,000 each."""
    assert [shard_count(n, 4000) for n in (10, 1000, 1001, 2000, 4500, 5000, 9000)] == [
        1, 1, 2, 2, 5, 5, 5]
    assert [shard_count(n, 4000) for n in (20_000, 20_001, 40_000)] == [5, 6, 10]
    assert shard_count(12, 3) == 4 and shard_count(0, 4000) == 1


def test_two_builds_of_the_same_pages_write_the_same_bytes(tmp_path: Path) -> None:
    """The search page names the bundle's files: a rebuild must not rename them."""
    def files(site: Path) -> dict[str, bytes]:
        return {path.relative_to(site).as_posix(): path.read_bytes()
                for folder in ("pagefind", "pagefind-shards") for path in (site / folder).rglob("*")
                if path.is_file()}

    first = copy_and_build(tmp_path / "a", ROOT, *SHARDED)
    second = copy_and_build(tmp_path / "b", ROOT, *SHARDED)
    assert files(first) == files(second)
    assert (first / "search.html").read_bytes() == (second / "search.html").read_bytes()
