"""A Pagefind bundle as data: pages (with their words, fields and filters), words, sort keys.

Pagefind names its files by content hash and writes some of them (the filter
chunks) in an order that varies from run to run, so two bundles of the same
site are compared as data, not as bytes. Page numbers are mapped back to URLs.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sphinx_kb.core.pagefind_files import cbor, unpack


def read_bundle(bundle: Path) -> dict[str, Any]:
    """Everything a search can return from ``bundle`` and its shards, keyed by URL and word.

    ``bundle`` is the primary (``pagefind/``); the shards its ``common-words.json`` lists
    (``publish/search_shards.py``) are read too, as one index: the union of their pages.
    Per language: ``pages``: URL -> the page's fragment (content, meta, filters, anchors,
    word count); ``words``: word -> sorted ``[url, [positions...]]`` with weights;
    ``sorts``: key -> URLs in order (per shard, shards in turn); ``filters``: filter ->
    value -> sorted URLs; ``duplicates``: URLs in more than one shard. Also ``shards``: the
    shard paths listed, and ``shard_folders``: those on disk (stale ones show there).
    """
    listed = _manifest(bundle).get("shards", [])
    folders = [bundle, *((bundle / path).resolve() for path in listed)]
    shards_dir = bundle.parent / "pagefind-shards"
    result: dict[str, Any] = {
        "version": None, "languages": {}, "shards": listed, "manifest": _manifest(bundle),
        "shard_folders": sorted(child.name for child in shards_dir.iterdir())
        if shards_dir.is_dir() else [],
    }
    for folder in folders:
        one = _read_one(folder)
        result["version"] = result["version"] or one["version"]
        if one["version"] != result["version"]:
            result["version"] = f"{result['version']} / {one['version']}"
        for language, data in one["languages"].items():
            _merge(result["languages"].setdefault(language, {
                "pages": {}, "words": {}, "filters": {}, "sorts": {}, "fields": [],
                "duplicates": []}), data)
    for data in result["languages"].values():
        data["pages"] = dict(sorted(data["pages"].items()))
        data["words"] = {word: sorted(found) for word, found in sorted(data["words"].items())}
        for values in data["filters"].values():
            for value, urls in values.items():
                values[value] = sorted(urls)
    return result


def _manifest(bundle: Path) -> dict[str, Any]:
    try:
        data = json.loads((bundle / "common-words.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _merge(into: dict[str, Any], shard: dict[str, Any]) -> None:
    """Add one shard's data to the union (each field list kept, in shard order)."""
    for url, page in shard["pages"].items():
        if url in into["pages"]:
            into["duplicates"].append(url)
        into["pages"][url] = page
    for word, found in shard["words"].items():
        into["words"].setdefault(word, []).extend(found)
    for name, values in shard["filters"].items():
        for value, urls in values.items():
            into["filters"].setdefault(name, {}).setdefault(value, []).extend(urls)
    for key, urls in shard["sorts"].items():
        into["sorts"].setdefault(key, []).append(urls)
    into["fields"].append(shard["fields"])


def _read_one(bundle: Path) -> dict[str, Any]:
    """One Pagefind bundle as data (see ``read_bundle``)."""
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    result: dict[str, Any] = {"version": entry.get("version"), "languages": {}}
    for language, info in sorted(entry["languages"].items()):
        meta = cbor(unpack((bundle / f"pagefind.{info['hash']}.pf_meta").read_bytes()))
        # meta: [version, [[page hash, words]...], [[from, to, index chunk]...],
        #        [[filter, filter chunk]...], [[sort key, [page numbers]]...], [meta fields]]
        page_hashes = [page[0] for page in meta[1]]
        pages: dict[int, dict[str, Any]] = {}
        for number, page_hash in enumerate(page_hashes):
            fragment = json.loads(unpack((bundle / "fragment" / f"{page_hash}.pf_fragment")
                                          .read_bytes()))
            pages[number] = fragment
        url = {number: page["url"] for number, page in pages.items()}
        words: dict[str, list[Any]] = {}
        for chunk in meta[2]:
            chunk_hash = chunk[2]
            data = cbor(unpack((bundle / "index" / f"{chunk_hash}.pf_index").read_bytes()))
            for word_entry in data[0]:
                word, postings, number = word_entry[0], word_entry[1], 0
                found = []
                for posting in postings:  # page numbers are stored as deltas
                    number += posting[0]
                    found.append([url[number], posting[1:]])
                words[word] = sorted(found)
        filters: dict[str, dict[str, list[str]]] = {}
        for chunk in meta[3]:
            name, chunk_hash = chunk[0], chunk[1]
            data = cbor(unpack((bundle / "filter" / f"{chunk_hash}.pf_filter").read_bytes()))
            values = {}
            for value_entry in data[1]:  # [filter name, [[value, [page numbers]]...]]
                values[value_entry[0]] = sorted(url[p] for p in value_entry[1])
            filters[name] = values
        sorts = {key: [url[p] for p in order] for key, order in meta[4]}
        result["languages"][language] = {
            "pages": dict(sorted((page["url"], page) for page in pages.values())),
            "words": words, "filters": filters, "sorts": sorts, "fields": meta[5],
        }
    return result


def diff_bundles(built: Path, clean: Path, limit: int = 5) -> list[str]:
    """How two bundles differ as data ([] when a search cannot tell them apart)."""
    a, b = read_bundle(built), read_bundle(clean)
    found: list[str] = []
    for key in ("version", "shards", "shard_folders", "manifest"):
        if a[key] != b[key]:
            found.append(f"pagefind {key}: {a[key]!r:.200} != {b[key]!r:.200}")
    for language in sorted(a["languages"].keys() | b["languages"].keys()):
        left, right = a["languages"].get(language, {}), b["languages"].get(language, {})
        if left.get("fields") != right.get("fields"):
            found.append(f"pagefind {language} fields: {left.get('fields')} "
                         f"vs {right.get('fields')}")
        if left.get("duplicates") or right.get("duplicates"):
            found.append(f"pagefind {language}: URLs in two shards: "
                         f"{left.get('duplicates')} / {right.get('duplicates')}")
        for section in ("pages", "words", "filters", "sorts"):
            if diff_keys(f"pagefind {language} {section}", left.get(section, {}),
                         right.get(section, {}), found, limit):
                return found
    return found


def diff_keys(label: str, built: dict[Any, Any], clean: dict[Any, Any], found: list[str],
              limit: int) -> bool:
    """Add one line per key whose value differs; True once ``found`` holds ``limit`` lines."""
    for key in sorted(built.keys() | clean.keys()):
        if built.get(key) != clean.get(key):
            found.append(f"{label}[{key!r}]: incremental "
                         f"{built.get(key)!r:.80} vs clean {clean.get(key)!r:.80}")
            if len(found) >= limit:
                return True
    return False
