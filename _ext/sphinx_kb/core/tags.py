"""Tag identity, slugs and the tag index.

A tag's identity is its text with case and white space folded; its slug is
derived from that identity alone, so it never changes when other tags come
and go, and two different tags never share one.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

_SIMPLE_KEY_RE = re.compile(r"^[a-z0-9]+(?:[ -][a-z0-9]+)*$")
_NON_ALNUM_RE = re.compile(r"[^a-z0-9]+")
_LOOSE_RE = re.compile(r"[\s_\-]+")
#: Slugs that would clash with the pages the tag folder already holds.
RESERVED_SLUGS = frozenset({"index"})


def tag_key(tag: str) -> str:
    """The identity of a tag: ``Health  &  Wellness`` and ``health & wellness`` are one."""
    return " ".join(unicodedata.normalize("NFC", tag).casefold().split())


def tag_slug(key: str) -> str:
    """A URL-safe file name for a tag key, unique per key and stable.

    Keys made of plain ``a-z0-9`` words joined by single dashes or single
    spaces (most tags) are their own slug, a space written as ``_``:
    ``next-js`` is ``next-js``, ``next js`` is ``next_js``. Any other key gets
    a readable ASCII part plus a hash of the key after ``--``, which a plain
    slug can never contain: ``C++`` is ``c--<hash>``, ``C`` is ``c``.
    """
    if _SIMPLE_KEY_RE.match(key) and key not in RESERVED_SLUGS:
        return key.replace(" ", "_")
    ascii_text = unicodedata.normalize("NFKD", key).encode("ascii", "ignore").decode()
    readable = _NON_ALNUM_RE.sub("-", ascii_text.lower()).strip("-")[:40].strip("-") or "tag"
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]
    return f"{readable}--{digest}"


@dataclass
class Tag:
    key: str
    slug: str
    name: str  # the most frequent spelling
    docnames: list[str] = field(default_factory=list)  # in listing order


@dataclass(frozen=True)
class NearDuplicate:
    """Two tags whose spellings differ only by white space, '-' or '_'."""

    first: str
    first_doc: str
    second: str
    second_doc: str


def build_tag_index(tagged: Iterable[tuple[str, Iterable[str]]]) -> dict[str, Tag]:
    """Tags of ``(docname, tags)`` pairs given in listing order, keyed by tag key."""
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    docs: dict[str, list[str]] = defaultdict(list)
    for docname, tags in tagged:
        seen: set[str] = set()
        for tag in tags:
            key = tag_key(tag)
            if not key or key in seen:
                continue
            seen.add(key)
            spellings[key][" ".join(tag.split())] += 1
            docs[key].append(docname)
    index = {}
    for key in sorted(spellings):
        name = min(spellings[key].items(), key=lambda item: (-item[1], item[0]))[0]
        index[key] = Tag(key, tag_slug(key), name, docs[key])
    return index


def near_duplicates(index: dict[str, Tag]) -> list[NearDuplicate]:
    """Pairs of distinct tags that are probably one tag spelt two ways."""
    groups: dict[str, list[Tag]] = defaultdict(list)
    for tag in index.values():
        groups[_LOOSE_RE.sub("", tag.key)].append(tag)
    pairs = []
    for group in groups.values():
        for i, first in enumerate(group):
            for second in group[i + 1 :]:
                pairs.append(NearDuplicate(first.name, first.docnames[0],
                                           second.name, second.docnames[0]))
    return pairs


def tag_page(tags_dir: str, slug: str) -> str:
    """Docname of a tag's page: ``<kb_tags_dir>/<slug>`` (feeds add ``.xml``)."""
    return f"{tags_dir}/{slug}"


def tags_index(tags_dir: str) -> str:
    """Docname of the tags overview."""
    return f"{tags_dir}/index"


def in_tags_folder(tags_dir: str, docname: str) -> str | None:
    """What follows ``<kb_tags_dir>/`` in ``docname`` (a slug, ``index``), or None outside it."""
    prefix = tags_dir + "/"
    return docname[len(prefix):] if docname.startswith(prefix) else None
