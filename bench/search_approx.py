"""Bytes and time per query at 20,000 articles without a 20,000-article Sphinx build.

A full build at that size takes about an hour on 2 shared cores. This approximation writes
one search record per synthetic article straight from its Markdown (``synthetic_corpus.py``,
same seed; body paragraphs as text, no rendered headings or links), in the record layout of
``publish/search_index.py``, indexes them with the product's ``write_bundle`` (Pagefind and
``common-words.json``), puts the bundle beside the search page of a small built site, and
weighs queries with ``search_load.py``: titles, 3 rarest and 3 longest summary words.
It measures the search files only (URLs of results do not exist); ``make search-eval`` on a
real build remains the reference.

    .venv/bin/python bench/search_approx.py SITE_DIR [--size 20000]

``SITE_DIR`` is a built site with the search page (e.g. the test root built with ``make``-
like ``sphinx-build``); it is copied, never changed.
"""

from __future__ import annotations

import argparse
import collections
import html
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
from sphinx_kb.publish.search_index import (
    MONTH_FILTER,
    SUMMARY_WEIGHT,
    TAG_WEIGHT,
    TITLE_WEIGHT,
    IndexPlan,
    Record,
    write_bundle,
)
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
    args = parser.parse_args()
    specs = [spec for spec in generate(args.size) if not spec.draft]
    with tempfile.TemporaryDirectory(prefix="kb-search-approx-") as temp:
        site = Path(temp, "html")
        shutil.copytree(args.site, site, ignore=shutil.ignore_patterns("pagefind", ".doctrees"))
        plan = IndexPlan(records=[record(spec) for spec in specs], fingerprint="approximation")
        started = time.perf_counter()
        write_bundle(site, plan)
        print(f"{len(specs)} records indexed in {time.perf_counter() - started:.1f} s")
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
