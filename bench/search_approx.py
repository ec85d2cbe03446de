"""Bytes and time per query at 20,000 articles without a 20,000-article Sphinx build.

A full build at that size takes about an hour on 2 shared cores. This approximation writes
one search record per synthetic article straight from its Markdown (``synthetic_corpus.py``,
same seed; body paragraphs as text, no rendered headings or links), in the record layout of
``publish/search_index.py``, indexes them as a build does (``search_shards.write_index``:
shards of ``--shard-size`` records, one Pagefind run after another, ``common-words.json``),
puts the bundle(s) beside the search page of a small built site, and weighs queries with
``search_load.py``: titles, 3 rarest and 3 longest summary words. It also prints the peak
memory (PSS and RSS, summed over this process and the Pagefind runs) while indexing, and
the time to re-index after one record changed (one shard) against indexing them all.
It measures the search files only (URLs of results do not exist); ``make search-eval`` on a
real build remains the reference.

    .venv/bin/python bench/search_approx.py SITE_DIR [--size 20000] [--shard-size 4000]

``SITE_DIR`` is a built site with the search page (e.g. the test root built with ``make``-
like ``sphinx-build``); it is copied, never changed.
"""

from __future__ import annotations

import argparse
import collections
import html
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "_ext"))

import search_browser
import search_load
from proc_tree import TreeSampler
from sphinx_kb.publish.search_index import (
    MONTH_FILTER,
    SUMMARY_WEIGHT,
    TAG_WEIGHT,
    TITLE_WEIGHT,
    IndexPlan,
    Record,
    fingerprint,
)
from sphinx_kb.publish.search_shards import write_index
from synthetic_corpus import ArticleSpec, generate


def record(spec: ArticleSpec) -> Record:
    body = re.sub(r"[#*`\[\]()]", " ", spec.text.split("---", 2)[-1])
    paragraphs = "".join(f"<p>{html.escape(part)}</p>" for part in body.split("\n\n")
                         if part.strip())
    tags = " ".join(f"<span>{html.escape(tag)}</span>" for tag in spec.tags)
    filters = "".join(f'<span data-pagefind-ignore data-pagefind-filter="tag">'
                      f"{html.escape(tag.lower())}</span>" for tag in spec.tags)
    iso = spec.date.isoformat()
    document = (
        '<html lang="en"><head><meta charset="utf-8"></head><body><main data-pagefind-body>'
        f'<h1 data-pagefind-meta="title" data-pagefind-weight="{TITLE_WEIGHT}">'
        f"{html.escape(spec.title)}</h1>"
        f'<p data-pagefind-meta="summary" data-pagefind-weight="{SUMMARY_WEIGHT}">'
        f"{html.escape(spec.summary)}</p>"
        f'<p data-pagefind-weight="{TAG_WEIGHT}">{tags}</p>{filters}'
        f'<span data-pagefind-ignore data-pagefind-meta="date">{iso}</span>'
        f'<span data-pagefind-ignore data-pagefind-filter="{MONTH_FILTER}">{iso[:7]}</span>'
        f'<div class="kb-page">{paragraphs}</div></main></body></html>')
    return Record(f"/articles/{spec.slug}-{spec.index}.html", document)


class RunsSampler(TreeSampler):
    """The Pagefind runs only (this process's children): what adds to the Sphinx process."""

    def tree(self) -> list[int]:
        return [pid for pid in super().tree() if pid != self.root]


def queries(specs: list[ArticleSpec], count: int = 60) -> list[str]:
    """Title, 3 rarest and 3 longest summary words of every n-th article, interleaved."""
    pages: collections.Counter[str] = collections.Counter()
    for spec in specs:
        pages.update(set(re.findall(r"[a-z']+", spec.summary.lower())))
    picked: list[str] = []
    for spec in specs[::max(1, len(specs) // count)][:count]:
        words = sorted(set(re.findall(r"[A-Za-z']+", spec.summary)))
        rare = sorted(words, key=lambda word: (pages[word.lower()], word))[:3]
        longest = sorted(words, key=lambda word: (-len(word), word))[:3]
        picked += [spec.title, " ".join(rare), " ".join(longest)]
    return picked


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="a built site with the search page")
    parser.add_argument("--size", type=int, default=20000)
    parser.add_argument("--shard-size", type=int, default=4000,
                        help="records per shard (kb_search_shard_size)")
    args = parser.parse_args()
    specs = [spec for spec in generate(args.size) if not spec.draft]
    with tempfile.TemporaryDirectory(prefix="kb-search-approx-") as temp:
        site = Path(temp, "html")
        shutil.copytree(args.site, site, ignore=shutil.ignore_patterns(
            "pagefind", "pagefind-shards", ".doctrees"))
        records = [record(spec) for spec in specs]
        plan = IndexPlan(records=records, fingerprint=fingerprint(records))
        started = time.perf_counter()
        with TreeSampler(os.getpid()) as tree, RunsSampler(os.getpid()) as runs:
            shards = write_index(site, plan, args.shard_size)
        seconds = time.perf_counter() - started
        print(f"{len(specs)} records in {len(shards)} shard(s) of at most {args.shard_size}, "
              f"indexed in {seconds:.1f} s")
        print(f"  peak memory, Pagefind runs: PSS {runs.peak_pss / 2**20:,.0f} MiB, "
              f"RSS {runs.peak_rss / 2**20:,.0f} MiB; with this process (the records): "
              f"PSS {tree.peak_pss / 2**20:,.0f} MiB, RSS {tree.peak_rss / 2**20:,.0f} MiB")
        edited = records[len(records) // 2]
        records[len(records) // 2] = Record(edited.url, edited.document.replace(
            "<div class=\"kb-page\">", "<div class=\"kb-page\"><p>edited</p>", 1))
        plan = IndexPlan(records=records, fingerprint=fingerprint(records))
        started = time.perf_counter()
        again = write_index(site, plan, args.shard_size)
        print(f"one record edited: shard(s) {again} re-indexed in "
              f"{time.perf_counter() - started:.1f} s (all: {seconds:.1f} s)")
        from playwright.sync_api import sync_playwright

        server, base = search_browser.serve(site)
        try:
            with sync_playwright() as playwright:
                browser = search_browser.launch(playwright)
                load = search_load.measure(browser, base, queries(specs))
                browser.close()
        finally:
            server.shutdown()
    for key, value in load.items():
        shown = f"{value / 1024:.1f} KB" if "bytes" in key and value is not None else value
        print(f"  {key:20} {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
