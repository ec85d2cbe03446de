"""Generated files are written only when their content changes, and recognised by a mark.

An unchanged file keeps its mtime: Sphinx re-reads a generated source, and
sphinx-autobuild rebuilds, only when something really changed. A file is
written whole or not at all (a temporary file renamed over it), so a killed
build never leaves half a file, and two builds writing one file never mix.
"""

from __future__ import annotations

import os
import tempfile
import time
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
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return True


def remove_stale_temporaries(folder: Path, age: float = 600.0) -> None:
    """Delete temporary files a killed build left in ``folder`` (not those of a running one)."""
    limit = time.time() - age
    for path in folder.glob(".*.tmp"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except OSError:
            pass  # another build removed or renamed it first


def _umask() -> int:
    """The process's umask (only readable by setting it), for the usual file mode."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def starts_with_mark(path: Path, mark: str, size: int = 400) -> bool:
    """Whether the first ``size`` bytes of ``path`` hold ``mark`` (a file we generated)."""
    try:
        with path.open("rb") as handle:
            return mark.encode("utf-8") in handle.read(size)
    except OSError:
        return False


#: Hidden folders that never hold articles: not walked at all (by the build or by ``kb check``).
VCS_FOLDERS = frozenset({".git", ".hg", ".svn", ".venv", ".tox", ".mypy_cache", ".ruff_cache"})


def holds_sources(folder: Path, suffixes: tuple[str, ...]) -> bool:
    """Whether a hidden folder holds source files: only then is skipping it worth a warning."""
    try:
        return any(name.endswith(suffixes) for _, _, names in os.walk(folder) for name in names)
    except OSError:
        return False
