"""Pagefind's binary files read back: gzip, its signature, then CBOR.

Pagefind writes its metadata and index chunks as CBOR behind a signature. The search
page's common-word plan needs the chunk table of ``pf_meta``, and the benchmarks compare
whole bundles as data: both read them here, with the subset of CBOR Pagefind writes.
"""

from __future__ import annotations

import gzip
import struct
from typing import Any

SIGNATURE = b"pagefind_dcd"


def unpack(raw: bytes) -> bytes:
    data = gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw
    if not data.startswith(SIGNATURE):
        raise ValueError("not a Pagefind file (signature missing)")
    return data[len(SIGNATURE):]


def cbor(data: bytes) -> Any:
    """Decode one CBOR item: the subset Pagefind writes (integers, strings, arrays, maps)."""
    value, _ = read_item(data, 0)
    return value


def _length(data: bytes, pos: int, info: int) -> tuple[int, int]:
    if info < 24:
        return info, pos
    size = {24: 1, 25: 2, 26: 4, 27: 8}[info]
    return int.from_bytes(data[pos:pos + size], "big"), pos + size


def read_item(data: bytes, pos: int) -> tuple[Any, int]:
    head = data[pos]
    major, info = head >> 5, head & 31
    pos += 1
    if major == 7:
        if info in (20, 21):
            return info == 21, pos
        if info in (22, 23):
            return None, pos
        if info == 25:
            return struct.unpack(">e", data[pos:pos + 2])[0], pos + 2
        if info == 26:
            return struct.unpack(">f", data[pos:pos + 4])[0], pos + 4
        if info == 27:
            return struct.unpack(">d", data[pos:pos + 8])[0], pos + 8
        raise ValueError(f"CBOR simple value {info} not supported")
    if info == 31:
        items: list[Any] = []
        while data[pos] != 0xFF:
            value, pos = read_item(data, pos)
            items.append(value)
        pos += 1
        if major == 5:
            return dict(zip(items[::2], items[1::2], strict=True)), pos
        if major in (2, 3):
            joined = b"".join(x if isinstance(x, bytes) else x.encode() for x in items)
            return (joined if major == 2 else joined.decode("utf-8")), pos
        return items, pos
    length, pos = _length(data, pos, info)
    if major == 0:
        return length, pos
    if major == 1:
        return -1 - length, pos
    if major == 2:
        return bytes(data[pos:pos + length]), pos + length
    if major == 3:
        return data[pos:pos + length].decode("utf-8"), pos + length
    if major == 4:
        out = []
        for _ in range(length):
            value, pos = read_item(data, pos)
            out.append(value)
        return out, pos
    if major == 5:
        mapping = {}
        for _ in range(length):
            key, pos = read_item(data, pos)
            value, pos = read_item(data, pos)
            mapping[_hashable(key)] = value
        return mapping, pos
    if major == 6:
        return read_item(data, pos)
    raise ValueError(f"CBOR major type {major} not supported")


def _hashable(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value
