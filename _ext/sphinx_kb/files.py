"""Generated files are written only when their content changes, and recognised by a mark.

An unchanged file keeps its mtime: Sphinx re-reads a generated source, and
sphinx-autobuild rebuilds, only when something really changed.
"""

from __future__ import annotations

from pathlib import Path


def write_if_changed(path: Path, data: bytes | str) -> bool:
    """Write ``data`` unless the file already holds it; return whether it was written."""
    content = data.encode("utf-8") if isinstance(data, str) else data
    try:
        if path.read_bytes() == content:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return True


def starts_with_mark(path: Path, mark: str, size: int = 400) -> bool:
    """Whether the first ``size`` bytes of ``path`` hold ``mark`` (a file we generated)."""
    try:
        with path.open("rb") as handle:
            return mark.encode("utf-8") in handle.read(size)
    except OSError:
        return False
