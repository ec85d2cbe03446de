"""Pagefind's binary files, read and written: gzip, its signature, then CBOR (``cbor2``).

Pagefind writes its metadata and index chunks as CBOR behind a signature. The search
page's common-word plan needs the chunk table of ``pf_meta``, the chunks are cut smaller
(``pagefind_compact``), and the benchmarks compare whole bundles as data: all of them read
and write the files here.
"""

from __future__ import annotations

import gzip
from typing import Any

import cbor2

SIGNATURE = b"pagefind_dcd"


def unpack(raw: bytes) -> bytes:
    data = gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw
    if not data.startswith(SIGNATURE):
        raise ValueError("not a Pagefind file (signature missing)")
    return data[len(SIGNATURE):]


def cbor(data: bytes) -> Any:
    """One CBOR item; a file that is not CBOR raises ``ValueError``, as ``unpack`` does."""
    try:
        return cbor2.loads(data)
    except cbor2.CBORDecodeError as error:
        raise ValueError(f"not a Pagefind CBOR file: {error}") from error


def pack(payload: bytes) -> bytes:
    """Pagefind's file form of a CBOR ``payload``; no time stamp: same input, same bytes."""
    return gzip.compress(SIGNATURE + payload, compresslevel=5, mtime=0)  # 6: 1 % smaller, 2x slower
