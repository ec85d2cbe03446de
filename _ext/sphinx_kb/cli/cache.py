"""What ``kb check`` learnt about unchanged files last time, so a pre-commit run stays fast.

One pickle per source folder in the user's cache folder (never in the repository). An
entry is used only while its file's (mtime, size) is unchanged, and the whole cache only
for the same settings and the same code of this package: any doubt reads the file again.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.findings import Finding
from ..core.records import Article

#: Bump when :class:`Entry` changes shape.
FORMAT = 1


@dataclass
class Entry:
    """One article as read: its record, its links and the not-UTF-8 finding, if any."""

    stamp: tuple[int, int]
    article: Article
    links: list[tuple[int, str, bool]]
    not_utf8: Finding | None


def cache_file(srcdir: Path) -> Path:
    import hashlib  # this module's imports are paid by every run, cached or not

    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    name = hashlib.sha1(str(srcdir).encode("utf-8")).hexdigest()[:16]
    return base / "sphinx-kb" / f"check-{name}.pickle"


def fingerprint(settings: Any) -> str:
    """The settings, and the code that turns files into records: a change empties the cache."""
    import hashlib

    package = Path(__file__).resolve().parent.parent
    stamps = []
    for folder in ("core", "cli"):
        for path in sorted((package / folder).glob("*.py")):
            stat = path.stat()
            stamps.append((path.name, stat.st_mtime_ns, stat.st_size))
    return hashlib.sha1(repr((FORMAT, repr(settings), stamps)).encode("utf-8")).hexdigest()


def load(path: Path, key: str) -> dict[str, Entry]:
    import pickle

    try:
        with path.open("rb") as stream:
            saved = pickle.load(stream)
    except (OSError, EOFError, pickle.PickleError, AttributeError, ImportError, TypeError,
            ValueError):
        return {}
    if not isinstance(saved, dict) or saved.get("key") != key:
        return {}
    entries = saved.get("entries")
    return entries if isinstance(entries, dict) else {}


def save(path: Path, key: str, entries: dict[str, Entry]) -> None:
    """Write the cache whole (a temporary file renamed); skipped if it cannot be written.

    The temporary file is named after this process (no ``tempfile``: its import costs a
    pre-commit run more than the write), so two runs at once never share one.
    """
    import pickle

    temporary = path.with_name(f".check-{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with temporary.open("wb") as stream:
            pickle.dump({"key": key, "entries": entries}, stream, pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
