"""One stable hash of any plain value, to tell whether an input or an output changed."""

from __future__ import annotations

import hashlib


def fingerprint(value: object) -> str:
    """SHA-1 of ``repr(value)``: records, settings and page views have stable reprs."""
    return hashlib.sha1(repr(value).encode("utf-8", "surrogatepass")).hexdigest()
