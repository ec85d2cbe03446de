"""One walk of the source folder, before Sphinx's: each odd file costs only itself.

Sphinx's own walk follows symbolic links without noticing loops, stops the
whole build on a file that is not UTF-8, and builds hidden files. At
``config-inited`` this walk follows links once each (by real path), and the
paths no build may enter -- loops, second links to a folder, hidden and
unreadable files -- join ``exclude_patterns``. The set depends only on the
files, so an unchanged tree gives an unchanged configuration and incremental
builds stay incremental. Each finding is one warning naming its path; skipped
files are also listed by the end-of-build report.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util import logging
from sphinx.util.matching import Matcher

from ..core.files import VCS_FOLDERS, holds_sources
from ..core.findings import (
    HIDDEN_FILE,
    HIDDEN_FOLDER,
    UNREADABLE_FILE,
    Finding,
    file_name_problems,
)
from .settings import conf_location
from .warn import warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)

_ATTR = "_kb_scan"


@dataclass
class Scan:
    """What the walk found: source files by path relative to the source folder."""

    files: list[str] = field(default_factory=list)
    #: Relative path -> why it is not built (warned once, listed by the report).
    skipped: dict[str, str] = field(default_factory=dict)
    #: Relative paths Sphinx must not enter.
    excluded: list[str] = field(default_factory=list)


def scan_of(app: Sphinx) -> Scan:
    scan = getattr(app, _ATTR, None)
    return scan if isinstance(scan, Scan) else scan_sources(app, app.config)


def glob_escape(path: str) -> str:
    """A Sphinx exclude pattern matching exactly ``path`` (``*?[`` taken literally)."""
    return re.sub(r"([*?\[])", r"[\1]", path)


def _warn(srcdir: Path, rel: str, message: str, subtype: str) -> None:
    # Always "path:line": Sphinx takes a location without ":" for a docname.
    warn(Finding(str(srcdir / rel), 1, subtype, message))


def scan_sources(app: Sphinx, config: Config) -> Scan:
    """Walk the source folder once; warn about and exclude what no build may enter."""
    srcdir = Path(app.srcdir).resolve()
    suffixes = tuple(config.source_suffix)
    excluded = Matcher([*config.exclude_patterns, *config.templates_path,
                        "**/_sources", ".#*", "**/.#*", "*.lproj/**"])
    scan = Scan()
    visited = {srcdir}
    todo = [(srcdir, "")]
    while todo:
        folder, rel_root = todo.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError as exc:
            _skip(scan, srcdir, rel_root.rstrip("/") or ".",
                  f"folder cannot be read ({exc.strerror}); not built", "unreadable")
            continue
        for entry in entries:
            rel = rel_root + entry.name
            if excluded(rel):
                continue
            if _is_dir(entry):
                _folder(scan, srcdir, entry, rel, suffixes, visited, todo)
            elif entry.name.endswith(suffixes):
                _file(scan, srcdir, entry, rel)
    setattr(app, _ATTR, scan)
    return scan


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _skip(scan: Scan, srcdir: Path, rel: str, why: str, subtype: str) -> None:
    scan.skipped[rel] = why
    scan.excluded.append(rel)
    _warn(srcdir, rel, why, subtype)


def _folder(scan: Scan, srcdir: Path, entry: os.DirEntry[str], rel: str,
            suffixes: tuple[str, ...], visited: set[Path], todo: list[tuple[Path, str]]) -> None:
    if entry.name.startswith("."):
        if entry.name not in VCS_FOLDERS and holds_sources(Path(entry.path), suffixes):
            _skip(scan, srcdir, rel, HIDDEN_FOLDER, "hidden")
        else:
            scan.excluded.append(rel)
        return
    real = Path(entry.path).resolve()
    if entry.is_symlink():
        here = Path(entry.path).parent.resolve()
        if real == here or real in here.parents:
            _skip(scan, srcdir, rel, f"symbolic link loop: points to {real}, which contains "
                  "it; not followed", "symlink")
            return
        if real == srcdir or srcdir in real.parents:
            _skip(scan, srcdir, rel, f"symbolic link to {real.relative_to(srcdir)}, which is "
                  "built from its own place; not followed, so its files are built once",
                  "symlink")
            return
        if real in visited:
            _skip(scan, srcdir, rel, f"second symbolic link to {real}; not followed, so its "
                  "files are built once", "symlink")
            return
        _warn(srcdir, rel, f"symbolic link to a folder outside the source folder ({real}); "
              "its files are built, but a fresh clone or Read the Docs will not have them",
              "symlink")
    visited.add(real)
    if entry.name.endswith(suffixes):
        _warn(srcdir, rel, "a folder named like an article; it is not an article, the files "
              "in it are built as usual", "file_name")
    todo.append((Path(entry.path), rel + "/"))


def _file(scan: Scan, srcdir: Path, entry: os.DirEntry[str], rel: str) -> None:
    if entry.name.startswith("."):
        _skip(scan, srcdir, rel, HIDDEN_FILE, "hidden")
        return
    try:
        with open(entry.path, "rb") as handle:
            handle.read(1)
        size = entry.stat().st_size
    except OSError as exc:
        _skip(scan, srcdir, rel, UNREADABLE_FILE.format(reason=exc.strerror), "unreadable")
        return
    scan.files.append(rel)
    for subtype, message in file_name_problems(rel, size):
        _warn(srcdir, rel, message, subtype)


def exclude_bad_paths(app: Sphinx, config: Config) -> None:
    """``config-inited``: scan, then keep Sphinx's own walk out of what the scan skipped."""
    scan = scan_sources(app, config)
    patterns = list(config.exclude_patterns)
    for rel in scan.excluded:
        pattern = glob_escape(rel)
        if pattern not in patterns:
            patterns.append(pattern)
    config.exclude_patterns = patterns
    _check_article_patterns(app, scan, config)


def _check_article_patterns(app: Sphinx, scan: Scan, config: Config) -> None:
    """A ``kb_articles`` pattern that matches no file is most likely a typo."""
    suffixes = tuple(config.source_suffix)
    docnames = [rel[: -len(suffix)] for rel in scan.files
                for suffix in suffixes if rel.endswith(suffix)]
    for pattern in config.kb_articles:
        matches = Matcher([pattern])
        if not any(matches(name) for name in docnames):
            logger.warning("setting kb_articles = %r: the pattern %r matches no file in the "
                           "source folder; using it anyway, so articles added there are found",
                           list(config.kb_articles), pattern, type="kb", subtype="config",
                           location=conf_location(app, "kb_articles"))
