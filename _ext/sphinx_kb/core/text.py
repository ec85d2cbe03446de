"""Plain-text helpers every stage shares: control characters out, long values shortened."""

from __future__ import annotations

import re

#: C0 controls except tab, newline and carriage return, and DEL: never text a writer meant.
CONTROL_CHARS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f"
#: What XML 1.0 forbids or discourages on top (C1 controls, surrogates, U+FFFE/U+FFFF):
#: feed and sitemap writers raise on them, or write files no parser accepts.
XML_UNSAFE_CHARS = CONTROL_CHARS + "\x80-\x9f\ud800-\udfff\ufffe\uffff"

_CONTROL_RE = re.compile(f"[{CONTROL_CHARS}]")
_XML_UNSAFE_RE = re.compile(f"[{XML_UNSAFE_CHARS}]")


def strip_controls(text: str) -> str:
    """Front-matter text without control characters (records keep C1 as Sphinx shows it)."""
    # Printable text has no control character: most values, checked without a regex.
    return text if text.isprintable() else _CONTROL_RE.sub("", text)


def xml_safe(text: str) -> str:
    """Text for XML and ``<head>`` attributes: every character XML 1.0 cannot hold removed."""
    return _XML_UNSAFE_RE.sub("", text)


def shorten(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis, for quoting in a warning."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
