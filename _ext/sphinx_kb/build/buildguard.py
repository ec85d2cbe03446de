"""One build at a time per output folder, and no half-finished build taken for a finished one.

Sphinx decides what to write by file times, so a page half written by a
killed build looks up to date, and files written after the pages (feeds,
sitemap, redirects, the search index) may be missing or stale. A marker in
the output folder says a build is under way; it is removed only after every
``build-finished`` handler ran without error. A build that finds it starts
over from an empty output folder and a fresh environment, as a clean build.

Two builds into one output folder would overwrite each other's environment
and pages, so each takes an exclusive lock on its doctree folder (which
``-M`` shares between builders) and output folder before the environment is
loaded, and the second one waits. Within one process (``sphinx.testing``
builds several apps) the lock is shared, never waited for.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO, TYPE_CHECKING

from sphinx.util import logging

from .._compat import ENV_PICKLE_FILENAME

try:
    import fcntl
except ImportError:  # Windows: builds are not locked against each other there
    fcntl = None  # type: ignore[assignment]

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)

LOCK_NAME = ".kb-build.lock"
MARKER_NAME = ".kb-build-unfinished"
#: Lock file path -> (open file holding the lock, number of apps of this process using it).
_HELD: dict[str, tuple[IO[bytes], int]] = {}


def _shown(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def _lock(folder: Path, outdir: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    key = str((folder / LOCK_NAME).resolve())
    if key in _HELD:
        handle, count = _HELD[key]
        _HELD[key] = (handle, count + 1)
        return
    handle = open(key, "ab")  # noqa: SIM115 - held until the build ends
    if fcntl is None:
        _HELD[key] = (handle, 1)
        return
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        logger.info("waiting for another build of %s to finish", _shown(outdir))
        fcntl.flock(handle, fcntl.LOCK_EX)
    _HELD[key] = (handle, 1)


def _unlock(folder: Path) -> None:
    key = str((folder / LOCK_NAME).resolve())
    if key not in _HELD:
        return
    handle, count = _HELD.pop(key)
    if count > 1:
        _HELD[key] = (handle, count - 1)
        return
    if fcntl is not None:
        fcntl.flock(handle, fcntl.LOCK_UN)
    handle.close()


def _folders(app: Sphinx) -> list[Path]:
    """The folders to lock, in one fixed order so two builds never wait on each other.

    The lock file goes into the doctree folder (a cache, never published); into
    the output folder too when the doctree folder lies outside it.
    """
    outdir, doctreedir = Path(app.outdir).resolve(), Path(app.doctreedir).resolve()
    if outdir in doctreedir.parents:
        return [doctreedir]
    return sorted({outdir, doctreedir})


def _empty_output(app: Sphinx) -> None:
    """Delete what the unfinished build left, keeping the lock files.

    Only when the output folder holds neither the sources nor the configuration;
    otherwise only the environment is dropped and pages are rewritten over.
    """
    outdir = Path(app.outdir).resolve()
    doctreedir = Path(app.doctreedir)
    (doctreedir / ENV_PICKLE_FILENAME).unlink(missing_ok=True)
    protected = {Path(app.srcdir).resolve(), Path(app.confdir).resolve()}
    if any(outdir == path or outdir in path.parents for path in protected):
        return
    for root, dirs, files in os.walk(outdir, topdown=False):
        for name in files:
            if name != LOCK_NAME:
                Path(root, name).unlink(missing_ok=True)
        for name in dirs:
            path = Path(root, name)
            if path.is_symlink():
                path.unlink()
            elif not any(path.iterdir()):
                path.rmdir()


def start_build(app: Sphinx, config: Config) -> None:
    """Lock the output folder; start over if the last build into it did not finish."""
    for folder in _folders(app):
        _lock(folder, Path(app.outdir))
    if Path(app.outdir, MARKER_NAME).exists():
        logger.info("the previous build into %s was interrupted; rebuilding every page",
                    _shown(Path(app.outdir)))
        _empty_output(app)
    _mark(app)


def _mark(app: Sphinx) -> None:
    marker = Path(app.outdir, MARKER_NAME)
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_bytes(b"a build into this folder has started and not finished\n")


def restart_build(app: Sphinx, *args: object) -> list[str]:
    """A second ``app.build()`` of one app (tests do this) locks and marks again."""
    folders = _folders(app)
    if str((folders[0] / LOCK_NAME).resolve()) not in _HELD:
        for folder in folders:
            _lock(folder, Path(app.outdir))
        _mark(app)
    return []


def finish_build(app: Sphinx, exception: BaseException | None) -> None:
    """After every other ``build-finished`` handler: the output is complete; unlock."""
    try:
        if exception is None:
            Path(app.outdir, MARKER_NAME).unlink(missing_ok=True)
    finally:
        for folder in reversed(_folders(app)):
            _unlock(folder)
