"""The site's common words: the query words whose Pagefind index chunk is heavy to fetch.

Pagefind stores each word's page list and word positions in index chunks of about 20,000
entries (a page, or a position on it); a word with more entries than that gets a chunk of its
own, and at 20,000 articles a word found on most pages ("the", "and", or any word a site
uses everywhere) is a chunk of hundreds of KB. Such a word hardly tells pages apart, so the
search page leaves it out of the query sent to Pagefind when the query has a rarer word,
and ranks the results that contain it first among those it shows (``kb-pagefind-words.js``).

Which words are common is estimated from a sample of the records, with the stemmer Pagefind
uses (Snowball), and written as ``common-words.json`` into the bundle: ``words``, each query
word (as the search page splits and folds it) that stems to a common word, with its
estimated entries in thousands (the search page keeps the cheapest when every query word is
common); and ``chunks``, the word ranges of Pagefind's heavy index chunks with their size in
KB, read from the bundle's ``pf_meta``: a rarer word that sorts into such a chunk (Pagefind
picks a chunk by the word as typed) is left out too when a word with a light chunk remains.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.pagefind_compact import PAGEFIND_CHUNK_ENTRIES
from ..core.pagefind_files import cbor, unpack

if TYPE_CHECKING:
    from collections.abc import Sequence

FILE = "common-words.json"
#: Pagefind's own index chunk size (entries: a page, or a word position), fixed in its source.
CHUNK_ENTRIES = PAGEFIND_CHUNK_ENTRIES
#: A common word is also on at least this share of pages: dropping it barely changes BM25.
MIN_PAGE_SHARE = 0.10
#: Records read for the estimate (every k-th one): a common word is on many of them.
SAMPLE = 1_000
#: Pagefind's stemmer is Snowball's; the languages both know, by language code.
STEMMERS = {
    "da": "danish", "de": "german", "en": "english", "es": "spanish", "fi": "finnish",
    "fr": "french", "hu": "hungarian", "it": "italian", "nl": "dutch", "no": "norwegian",
    "pt": "portuguese", "ro": "romanian", "ru": "russian", "sv": "swedish", "tr": "turkish",
}
#: An index chunk this large (KB, as served: gzip) is heavy for one query word.
HEAVY_CHUNK_KB = 64
_IGNORED = re.compile(r"<span data-pagefind-ignore[^>]*>.*?</span>", re.S)
_TAG = re.compile(r"<[^>]+>")
_NOT_WORD = re.compile(r"[\W_]+")


def query_key(token: str) -> str:
    """A whitespace-separated query word as the search page compares it (``fold`` there)."""
    folded = unicodedata.normalize("NFD", token)
    folded = "".join(char for char in folded if not unicodedata.combining(char))
    return _NOT_WORD.sub("", folded.lower())


def _tokens(document: str) -> Counter[str]:
    """Whitespace-separated words of a record's text (tags and ignored parts removed)."""
    return Counter(html.unescape(_TAG.sub(" ", _IGNORED.sub(" ", document))).split())


def common_words(documents: Sequence[str], lang: str) -> dict[str, int]:
    """Query word -> estimated index entries (thousands) of its stem, for the common stems."""
    name = STEMMERS.get(lang.split("-")[0].split("_")[0].lower())
    if name is None or not documents:
        return {}
    import snowballstemmer  # Sphinx's own dependency

    stemmer = snowballstemmer.stemmer(name)
    keys: dict[str, str] = {}  # token -> query key
    stems: dict[str, str] = {}  # query key -> stem
    entries: Counter[str] = Counter()
    pages: Counter[str] = Counter()
    step = max(1, len(documents) // SAMPLE)
    sample = documents[::step]
    for document in sample:
        on_page: set[str] = set()
        for token, count in _tokens(document).items():
            key = keys.get(token)
            if key is None:
                key = keys[token] = query_key(token)
            if not key:
                continue
            stem = stems.get(key)
            if stem is None:
                stem = stems[key] = stemmer.stemWord(key)
            entries[stem] += count
            on_page.add(stem)
        for stem in on_page:
            entries[stem] += 1
            pages[stem] += 1
    scale = len(documents) / len(sample)
    heavy = {stem: entries[stem] * scale for stem in entries
             if entries[stem] * scale > CHUNK_ENTRIES
             and pages[stem] / len(sample) >= MIN_PAGE_SHARE}
    return {word: max(1, round(heavy[stem] / 1000)) for word, stem in sorted(stems.items())
            if stem in heavy}


def heavy_chunks(bundle: Path, min_kb: int = HEAVY_CHUNK_KB) -> list[list[str | int]]:
    """``[from, to, KB]`` of every index chunk of ``min_kb`` or more, from ``pf_meta``."""
    heavy: list[list[str | int]] = []
    for meta_file in sorted(bundle.glob("*.pf_meta")):
        try:
            meta = cbor(unpack(meta_file.read_bytes()))
        except ValueError:  # not a Pagefind file
            continue
        for first, last, name in meta[2]:
            chunk = bundle / "index" / f"{name}.pf_index"
            size = chunk.stat().st_size if chunk.is_file() else 0
            if size >= min_kb * 1024:
                heavy.append([first, last, round(size / 1024)])
    return heavy


def write_common_words(bundle: Path, documents: Sequence[str], lang: str) -> None:
    found = {"words": common_words(documents, lang), "chunks": heavy_chunks(bundle)}
    (bundle / FILE).write_text(json.dumps(found, ensure_ascii=False, separators=(",", ":")),
                               encoding="utf-8")
