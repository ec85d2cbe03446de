"""The Pagefind index of a big site in shards: bounded indexing memory, cheap re-indexing.

One Pagefind run over N records peaks at roughly 0.2 MiB per record (about 3.9 GB at
19,000 records), on top of the Sphinx process that is still alive. So the records are split
into K = ceil(N / ``kb_search_shard_size``) shards, indexed one after another, each by its
own Pagefind run; a site of more than ``EDIT_SHARD_PAGES`` pages gets at least
min(5, ceil(N / 1,000)) shards, so that an edit re-indexes about 1,000 pages (K is lowered
while a shard would be empty: Pagefind cannot index nothing; only tiny shard sizes meet
that). A record's shard is a stable hash of its URL, so an edit
changes one shard, and only the shards whose records changed are indexed again (each keeps
a fingerprint).

Shard 0 is the primary bundle, ``pagefind/``, which the search page imports; shard i is
``pagefind-shards/i/`` beside it (outside ``pagefind/``, so swapping the primary never
touches them; Pagefind's ``mergeIndex`` also skips a path the primary's path starts with).
The primary's ``common-words.json`` is the manifest: it lists the other shards (the search
page merges them with ``mergeIndex`` before its first search), and its common words and
heavy chunks cover every shard. It is written last, atomically, with the fingerprint of all
records: a build killed before it leaves a manifest the next build sees as stale.

With K = 1 (up to 1,000 records) the bundle is exactly the single one.
"""

from __future__ import annotations

import hashlib
import json
import math
import shutil
from pathlib import Path
from typing import Any

from ..core.files import write_if_changed
from .search_common import FILE as MANIFEST_FILE
from .search_common import common_words, heavy_chunks
from .search_index import (
    BUNDLE_DIR,
    IndexPlan,
    Record,
    bundle_is_current,
    fingerprint,
    write_bundle,
)

#: The folder beside ``pagefind/`` holding shards 1 … K-1.
SHARDS_DIR = "pagefind-shards"


#: An edit re-indexes the shard holding it: a site of more than this many pages is split
#: into shards of about this size (up to ``EDIT_SHARDS``), so that an edit re-indexes a
#: part of it. At 2,000 articles a one-edit rebuild took 17 % of a full build with one shard.
EDIT_SHARD_PAGES = 1_000
#: Each shard adds its page table to a first query and a chunk to each query word: no more
#: shards for edits' sake than the 5 that memory needs at 20,000 pages, where the bytes per
#: query were measured.
EDIT_SHARDS = 5


def shard_count(records: int, shard_size: int) -> int:
    for_memory = math.ceil(records / max(1, shard_size))
    for_edits = min(EDIT_SHARDS, math.ceil(records / EDIT_SHARD_PAGES))
    return max(1, for_memory, for_edits)


def shard_of(url: str, count: int) -> int:
    """A record's shard: stable across builds and Python runs (not ``hash()``)."""
    return int.from_bytes(hashlib.sha256(url.encode("utf-8")).digest()[:8], "big") % count


def split(records: list[Record], count: int) -> list[list[Record]]:
    shards: list[list[Record]] = [[] for _ in range(count)]
    for record in records:
        shards[shard_of(record.url, count)].append(record)
    return shards


def shard_folder(outdir: Path, number: int) -> Path:
    return outdir / BUNDLE_DIR if number == 0 else outdir / SHARDS_DIR / str(number)


def write_index(outdir: Path, plan: IndexPlan, shard_size: int) -> list[int]:
    """Bring the bundle(s) in ``outdir`` up to ``plan``; the shard numbers indexed anew."""
    count = shard_count(len(plan.records), shard_size)
    shards = split(plan.records, count)
    while count > 1 and not all(shards):  # Pagefind cannot index nothing: fewer shards
        count -= 1
        shards = split(plan.records, count)
    if count == 1:
        written = [] if bundle_is_current(outdir / BUNDLE_DIR, plan.fingerprint) else [0]
        if written:
            write_bundle(outdir / BUNDLE_DIR, plan.records, plan.fingerprint, plan)
        shutil.rmtree(outdir / SHARDS_DIR, ignore_errors=True)
        return written
    written = []
    # Shard 0 last: while it is rewritten the manifest it holds is missing, not wrong.
    for number in [*range(1, count), 0]:
        folder = shard_folder(outdir, number)
        expected = fingerprint(shards[number], count, number)
        if not bundle_is_current(folder, expected):
            folder.parent.mkdir(parents=True, exist_ok=True)
            write_bundle(folder, shards[number], expected, plan, common_words=False,
                         page_tag=f"s{number}_" if number else "")
            written.append(number)
    remove_stale_shards(outdir, count)
    manifest = outdir / BUNDLE_DIR / MANIFEST_FILE
    if written or manifest_fingerprint(manifest) != plan.fingerprint:
        with plan.timing("common words"):
            write_manifest(outdir, plan, count)
    return written


def remove_stale_shards(outdir: Path, count: int) -> None:
    """Shard folders of a larger K, and leftovers of a killed swap."""
    folder = outdir / SHARDS_DIR
    if not folder.is_dir():
        return
    keep = {str(number) for number in range(1, count)}
    for child in folder.iterdir():
        if child.name not in keep:
            if child.is_dir():
                shutil.rmtree(child, ignore_errors=True)
            else:
                child.unlink(missing_ok=True)


def read_manifest(manifest: Path) -> dict[str, Any] | None:
    """The primary's ``common-words.json``; None when missing or unreadable."""
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def manifest_fingerprint(manifest: Path) -> str | None:
    data = read_manifest(manifest)
    return data.get("fingerprint") if data else None


def write_manifest(outdir: Path, plan: IndexPlan, count: int) -> None:
    """``common-words.json`` of the primary, for all shards; swapped in whole."""
    chunks: list[list[str | int]] = []
    for number in range(count):
        chunks += heavy_chunks(shard_folder(outdir, number))
    data = {
        "words": common_words([record.document for record in plan.records], plan.lang),
        "chunks": chunks,
        # Relative to the primary bundle, as the search page resolves them.
        "shards": [f"../{SHARDS_DIR}/{number}/" for number in range(1, count)],
        "fingerprint": plan.fingerprint,
    }
    write_if_changed(outdir / BUNDLE_DIR / MANIFEST_FILE,
                     json.dumps(data, ensure_ascii=False, separators=(",", ":")))
