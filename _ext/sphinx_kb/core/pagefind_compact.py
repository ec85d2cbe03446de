"""A Pagefind bundle made lighter to query (smaller index chunks, shorter page names) and the
same in bytes for the same pages (filters in order).

Every first query fetches each shard's ``pf_meta`` (``publish/search_shards.py``), and every
query word one index chunk per shard. Two things Pagefind fixes in its source make both
heavy on a big site, and this module rewrites them after Pagefind has written the bundle:

* **Chunks.** Pagefind cuts its word index into chunks of about 20,000 entries (a page a
  word is on, or a position on that page: ``chunk_index(word_map, 20000)``, with a to-do to
  make it an option); at 20,000 articles in 5 shards a query word cost about 5 x 32 KB.
  They are cut again at ``CHUNK_ENTRIES``, as Pagefind would have cut them at that size,
  except that words sharing a prefix stay together (``split_words``) and a chunk's last
  word is kept whole in its bounds (``chunk_bounds``).
* **Page names.** Each page is named in ``pf_meta`` (and its fragment file) by 7 hex digits
  of a hash: at 20,000 pages most of ``pf_meta``. They become the shortest content hash,
  from ``PAGE_HASH_DIGITS`` digits, unique in the bundle, after a tag that tells shards
  apart (the search page merges the shards' results, and Pagefind keys a result by it).

Filters are rewritten in sorted order: Pagefind writes them in hash-map order, which varied
from build to build (``sort_filters``). Words, pages, fragments, filter values and sorts are
otherwise copied as they are. A smaller chunk
size makes the chunk table longer (about 12 bytes a chunk, compressed, in every first query):
the size was chosen with ``bench/search_approx.py``. The file layout is Pagefind's own and not
a public interface: a bundle of a Pagefind version not in ``KNOWN_VERSIONS`` is left alone.
"""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path
from typing import Any

import cbor2

from .pagefind_files import cbor, pack, unpack

#: Index entries per chunk (Pagefind's count: each page of a word, plus its positions).
CHUNK_ENTRIES = 1_000
#: Hex digits of a page's name (more where two pages of the bundle would share it).
PAGE_HASH_DIGITS = 4
#: Pagefind's own chunk size: no chunk is made larger than that.
PAGEFIND_CHUNK_ENTRIES = 20_000
#: Words that share this many letters stay in one chunk (below ``PAGEFIND_CHUNK_ENTRIES``).
KEEP_PREFIX = 4
#: Pagefind versions whose bundle layout this module knows (``pagefind-entry.json``).
KNOWN_VERSIONS = ("1.5.",)
#: Positions in Pagefind's CBOR records (``MetaIndex`` and ``PackedWord``/``PackedPage``).
META_PAGES, META_CHUNKS, META_FILTERS = 1, 2, 3
WORD_TEXT, WORD_PAGES = 0, 1
PAGE_LOCATIONS = 1


def _cbor_head(major: int, value: int) -> bytes:
    """A CBOR item head in its shortest form, as Pagefind and ``cbor2`` write it."""
    if value < 24:
        return bytes([major << 5 | value])
    size = 1 if value < 0x100 else 2 if value < 0x10000 else 4 if value < 0x100000000 else 8
    return bytes([major << 5 | (24 + size.bit_length() - 1)]) + value.to_bytes(size, "big")


def _read_head(data: bytes, pos: int) -> tuple[int, int, int]:
    """(major type, value, position after the head) of the CBOR item at ``pos``."""
    major, info = data[pos] >> 5, data[pos] & 31
    if info < 24:
        return major, info, pos + 1
    if info > 27:
        raise ValueError("not a Pagefind index chunk (indefinite or reserved CBOR length)")
    size = 1 << (info - 24)
    return major, int.from_bytes(data[pos + 1:pos + 1 + size], "big"), pos + 1 + size


class ChunkFile:
    """One index chunk (``[[word, …], …]``), read word by word with each word's bytes.

    A smaller chunk is then the original bytes of its words behind a new head: decoding
    is needed to count a word's entries, but encoding every word again cost as much as
    decoding it.
    """

    def __init__(self, data: bytes) -> None:
        major, self.fields, pos = _read_head(data, 0)
        words_major, count, pos = _read_head(data, pos) if major == 4 else (-1, 0, pos)
        if major != 4 or words_major != 4 or self.fields < 1:
            raise ValueError("not a Pagefind index chunk (expected [[word, …], …])")
        stream = io.BytesIO(data)
        stream.seek(pos)
        decoder = cbor2.CBORDecoder(stream)
        self.words: list[list[Any]] = []
        self._spans: dict[int, tuple[int, int]] = {}  # id(word) -> its bytes
        for _ in range(count):
            start = stream.tell()
            word = decoder.decode()
            self.words.append(word)
            self._spans[id(word)] = (start, stream.tell())
        self._data = data
        self._rest = data[stream.tell():]  # the fields after the word list (none in 1.5)

    def encode(self, words: list[list[Any]]) -> bytes:
        """The chunk holding ``words``, a run of consecutive words of this one."""
        start = self._spans[id(words[0])][0]
        end = self._spans[id(words[-1])][1]
        return (_cbor_head(4, self.fields) + _cbor_head(4, len(words))
                + self._data[start:end] + self._rest)


def _entries(word: list[Any]) -> int:
    """Pagefind's size of a word: each page it is on counts 1 plus its positions."""
    return sum(len(page[PAGE_LOCATIONS]) + 1 for page in word[WORD_PAGES])


def _common_prefix(a: str, b: str) -> int:
    length = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        length += 1
    return length


def split_words(words: list[list[Any]], entries: int, keep_prefix: int = 0,
                most: int = PAGEFIND_CHUNK_ENTRIES) -> list[list[list[Any]]]:
    """Chunks of about ``entries``: a chunk is closed before the word that would pass it.

    Pagefind matches a query word by its extensions too ("garden" finds "gardening"), but
    only among the chunk it loaded for it, so a chunk is not closed between two words that
    share ``keep_prefix`` or more letters unless it holds ``most`` entries (Pagefind's own
    size) already.
    """
    chunks: list[list[list[Any]]] = []
    chunk: list[list[Any]] = []
    size = 0
    for word in words:
        together = bool(chunk) and keep_prefix > 0 and _common_prefix(
            chunk[-1][WORD_TEXT], word[WORD_TEXT]) >= keep_prefix
        if chunk and (size >= most or (size >= entries and not together)):
            chunks.append(chunk)
            chunk, size = [], 0
        size += _entries(word)
        chunk.append(word)
    if chunk:
        chunks.append(chunk)
    return chunks


def chunk_bounds(ends: list[tuple[str, str]]) -> list[list[str]]:
    """``[from, to]`` of each chunk, from its first and last word.

    ``from`` is cut one letter past what the first word shares with the previous chunk's
    last word, as Pagefind's ``chunk_meta`` does, so a typed prefix finds the chunk its
    words are in. ``to`` is the last word in full. Pagefind shortens it the same way, and
    then the words past the shortened bound (``02163`` in a chunk that ends at ``02``)
    are found only by its loose look-up, which it tries only when no word of the query
    had a chunk: in a query of several words, such a word finds nothing, and so does
    the query.
    """
    bounds: list[list[str]] = []
    previous = ""
    for first, last in ends:
        bounds.append([first[:_common_prefix(previous, first) + 1], last])
        previous = last
    return bounds


def _name(prefix: str, payload: bytes, length: int, taken: set[str]) -> str:
    """``prefix`` and a content hash, lengthened past a clash, as Pagefind names its files."""
    digest = hashlib.sha256(payload).hexdigest()
    while prefix + digest[:length] in taken and length < len(digest):
        length += 1
    name = prefix + digest[:length]
    taken.add(name)
    return name


def rename_pages(bundle: Path, prefix: str, pages: list[list[Any]]) -> None:
    """Shorter names for the pages of ``pf_meta`` (``[name, word count]``) and their files."""
    fragments = bundle / "fragment"
    taken = {page[0] for page in pages}
    for page in pages:
        old = fragments / f"{page[0]}.pf_fragment"
        page[0] = _name(prefix, old.read_bytes(), PAGE_HASH_DIGITS, taken)
        old.rename(fragments / f"{page[0]}.pf_fragment")


def sort_filters(bundle: Path, lang: str, table: list[list[str]]) -> list[list[str]]:
    """The filter table and each filter's values in sorted order, files named anew.

    Pagefind writes both in hash-map order, so two builds of the same pages differed in
    bytes (and in the names of ``pf_meta`` and the filter files): the search page names
    those files, and a browser that keeps them should find them again after a rebuild.
    """
    folder = bundle / "filter"
    taken = {file for _, file in table}
    sorted_table = []
    for name, file in sorted(table):
        path = folder / f"{file}.pf_filter"
        data = cbor(unpack(path.read_bytes()))
        if not (isinstance(data, list) and len(data) == 2 and isinstance(data[1], list)):
            sorted_table.append([name, file])  # not a layout this module knows: as it is
            continue
        data[1] = sorted(data[1], key=lambda value: str(value[0]))
        payload = cbor2.dumps(data)
        path.unlink()
        taken.discard(file)
        renamed = _name(f"{lang}_", payload, 7, taken)
        (folder / f"{renamed}.pf_filter").write_bytes(pack(payload))
        sorted_table.append([name, renamed])
    return sorted_table


def compact_language(bundle: Path, lang: str, meta_hash: str, tag: str, entries: int,
                     keep_prefix: int) -> str:
    """Rewrite one language's chunks, page names and ``pf_meta``; the new ``pf_meta`` hash."""
    meta_file = bundle / f"pagefind.{meta_hash}.pf_meta"
    meta = cbor(unpack(meta_file.read_bytes()))
    index = bundle / "index"
    old_names = [chunk[2] for chunk in meta[META_CHUNKS]]
    written: list[tuple[str, str, str]] = []  # (first word, last word, file name)
    taken = set(old_names)
    for old in old_names:
        chunk_file = ChunkFile(unpack((index / f"{old}.pf_index").read_bytes()))
        for chunk in split_words(chunk_file.words, entries, keep_prefix):
            payload = chunk_file.encode(chunk)
            name = _name(f"{lang}_", payload, 7, taken)
            (index / f"{name}.pf_index").write_bytes(pack(payload))
            written.append((chunk[0][WORD_TEXT], chunk[-1][WORD_TEXT], name))
    bounds = chunk_bounds([(first, last) for first, last, _ in written])
    meta[META_CHUNKS] = [[*bound, name] for bound, (*_, name) in zip(bounds, written, strict=True)]
    for old in old_names:
        (index / f"{old}.pf_index").unlink()
    rename_pages(bundle, f"{lang}_{tag}", meta[META_PAGES])
    meta[META_FILTERS] = sort_filters(bundle, lang, meta[META_FILTERS])
    payload = cbor2.dumps(meta)
    new_hash = _name(f"{lang}_", payload, 10, {meta_hash})
    (bundle / f"pagefind.{new_hash}.pf_meta").write_bytes(pack(payload))
    meta_file.unlink()
    return new_hash


def compact_bundle(bundle: Path, tag: str = "", entries: int = CHUNK_ENTRIES,
                   keep_prefix: int = KEEP_PREFIX) -> bool:
    """Compact every language of ``bundle``; False if left as written (unknown version).

    ``tag`` starts every page name: different for each shard of one index, and not a hex
    digit, so that no page name of one shard can be a page name of another.
    """
    entry_file = bundle / "pagefind-entry.json"
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    if not str(entry.get("version", "")).startswith(KNOWN_VERSIONS):
        return False
    for lang, language in entry["languages"].items():
        language["hash"] = compact_language(bundle, lang, language["hash"], tag, entries,
                                            keep_prefix)
    entry["languages"] = dict(sorted(entry["languages"].items()))  # Pagefind's order varies
    entry_file.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")),
                          encoding="utf-8")
    return True
