"""Numbered listing pages: how a long list is cut, and what each page is called.

A tag page or an archive year holding more articles than one page shows is
split into numbered pages. Page 1 keeps the old address (``tags/python``),
later pages follow the address scheme of Hugo and MkDocs Material's blog,
``<list>/page/<n>`` (``tags/python/page/2``), which is what readers and
writers coming from those tools expect, and which the ``dirhtml`` builder
turns into the same ``tags/python/page/2/`` folders they use.

Plain Python on strings: no Sphinx, so the model and the tests use it alike.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")

#: The folder between a list's page 1 and its numbered pages.
PAGE_FOLDER = "page"
#: Label (and file name) of the archive's page of articles without a date.
UNDATED = "undated"
_PAGED_RE = re.compile(rf"^(?P<key>[^/]+)(?:/{PAGE_FOLDER}/(?P<page>[1-9][0-9]*))?$")


def page_count(total: int, size: int) -> int:
    """Pages needed for ``total`` items, ``size`` a page; an empty list still has page 1."""
    if size <= 0:
        return 1
    return max(1, -(-total // size))


def page_items(items: Sequence[T], page: int, size: int) -> Sequence[T]:
    """The items shown on ``page`` (from 1); all of them when ``size`` is 0 (no split)."""
    if size <= 0:
        return items if page == 1 else items[:0]
    return items[(page - 1) * size: page * size]


def paged_name(base: str, page: int) -> str:
    """Docname of ``page`` of the list whose page 1 is ``base``."""
    return base if page == 1 else f"{base}/{PAGE_FOLDER}/{page}"


def split_paged_name(rest: str) -> tuple[str, int] | None:
    """``python`` -> ``("python", 1)``, ``python/page/3`` -> ``("python", 3)``, else None."""
    match = _PAGED_RE.match(rest)
    if match is None or match.group("page") == "1":
        return None
    return match.group("key"), int(match.group("page") or 1)


def paged_option(key: str, page: int) -> str:
    """A listing directive's argument for one page: ``2019``, ``2019 2``."""
    return key if page == 1 else f"{key} {page}"


def split_paged_option(option: str) -> tuple[str, int]:
    """The inverse of `paged_option`; a bad page number reads as page 1."""
    key, _, page = option.strip().partition(" ")
    number = page.strip()
    return key, int(number) if number.isdigit() and int(number) > 0 else 1
