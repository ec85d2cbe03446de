"""Sources that are not UTF-8 are read with replacement characters, with one warning each.

Sphinx reads every source with ``Path.read_text(encoding=...)`` and stops the
whole build (naming no file) on the first byte that is not UTF-8. The
environment's ``input_encoding`` names a codec registered here instead: UTF-8
(a byte-order mark is dropped) whose undecodable bytes become U+FFFD, whatever
error handler the caller asks for. Before reading, each file about to be read
is checked, so the writer learns which file and line to fix.
"""

from __future__ import annotations

import codecs
import encodings.utf_8_sig
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.findings import encoding_finding
from .store import get_domain
from .warn import warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


CODEC = "kb-utf-8-replace"
_UTF8_NAMES = frozenset({"utf-8", "utf-8-sig", "utf8", "utf_8", "utf_8_sig"})


def _decode(data: bytes, errors: str = "strict") -> tuple[str, int]:
    text, consumed = codecs.utf_8_decode(bytes(data), "replace", True)
    return text.removeprefix("\ufeff"), consumed


class _IncrementalDecoder(encodings.utf_8_sig.IncrementalDecoder):
    """What ``open()`` and ``Path.read_text`` use: replaces, whatever ``errors`` says."""

    def __init__(self, errors: str = "strict") -> None:
        super().__init__("replace")


class _StreamReader(encodings.utf_8_sig.StreamReader):
    def __init__(self, stream: object, errors: str = "strict") -> None:
        super().__init__(stream, "replace")  # type: ignore[arg-type]


def _search(name: str) -> codecs.CodecInfo | None:
    if name.replace("_", "-") != CODEC:
        return None
    utf8 = codecs.lookup("utf-8")
    return codecs.CodecInfo(name=CODEC, encode=utf8.encode,
                            decode=_decode,  # type: ignore[arg-type]
                            incrementalencoder=utf8.incrementalencoder,
                            incrementaldecoder=_IncrementalDecoder,
                            streamreader=_StreamReader, streamwriter=utf8.streamwriter)


codecs.register(_search)


def warn_if_not_utf8(data: bytes, path: Path) -> None:
    """One warning, at the first undecodable byte, for a file that is not UTF-8."""
    finding = encoding_finding(data, path)
    if finding is not None:
        warn(finding)


def read_leniently(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: warn about each page to read that is not UTF-8.

    Articles were checked when their record was made (``sources.py``), drafts included.
    """
    if str(env.settings.get("input_encoding", "")).lower() not in _UTF8_NAMES | {CODEC}:
        return  # a site that chose another encoding keeps it
    env.settings["input_encoding"] = CODEC
    articles = get_domain(env).articles
    for docname in docnames:
        if docname in articles:
            continue
        path = Path(env.doc2path(docname))
        try:
            data = path.read_bytes()
        except OSError:
            continue  # Sphinx reports it
        warn_if_not_utf8(data, path)
