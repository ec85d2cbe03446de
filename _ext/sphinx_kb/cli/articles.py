"""The site's articles as the build finds and reads them, without Sphinx.

Same walk rules as ``build/filescan.py`` (hidden files and folders, excluded patterns and
the tag folder are skipped), same docnames, same records (``core/records.py``).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..core.files import VCS_FOLDERS, holds_sources
from ..core.findings import (
    HIDDEN_FILE,
    HIDDEN_FOLDER,
    UNREADABLE_FILE,
    Finding,
    encoding_finding,
    file_name_problems,
    not_built_finding,
)
from ..core.records import Article, RecordSettings, build_article
from .cache import Entry, cache_file, fingerprint, load, save
from .quickscan import quick_front_matter
from .siteconf import ALWAYS_EXCLUDED, Site, glob_matcher


@dataclass
class Articles:
    """Every article of a site by docname, and what reading them found."""

    #: Source files relative to the source folder (articles and other pages).
    files: list[str] = field(default_factory=list)
    entries: dict[str, Entry] = field(default_factory=dict)
    #: Findings about files that could not be made into articles (name clashes, unreadable).
    findings: list[Finding] = field(default_factory=list)
    #: Articles read only for the checks between articles (see :func:`read_articles`).
    quick: set[str] = field(default_factory=set)

    @property
    def records(self) -> dict[str, Article]:
        return {name: entry.article for name, entry in self.entries.items()}


def source_files(site: Site) -> tuple[dict[str, tuple[int, int]], list[Finding]]:
    """Source files relative to the source folder (with their mtime and size), and what the
    build's scan warns about.

    The same walk as ``build/filescan.py``: hidden and unreadable files are not sources,
    odd names and large files are (each with its warning, worded in ``core/findings.py``).
    """
    excluded = glob_matcher([*site.exclude_patterns, *ALWAYS_EXCLUDED])
    found: dict[str, tuple[int, int]] = {}
    problems: list[Finding] = []
    todo = [(site.srcdir, "")]
    seen = {site.srcdir.resolve()}
    while todo:
        folder, rel_root = todo.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError:
            continue
        for entry in entries:
            rel = rel_root + entry.name
            if excluded(rel):
                continue
            try:
                is_dir = entry.is_dir()
            except OSError:
                continue
            if is_dir:
                _folder(site, entry, rel, seen, todo, problems)
            elif entry.name.endswith(site.suffixes):
                _file(site, entry, rel, found, problems)
    return found, problems


def _folder(site: Site, entry: os.DirEntry[str], rel: str, seen: set[Path],
            todo: list[tuple[Path, str]], problems: list[Finding]) -> None:
    if entry.name.startswith("."):
        if entry.name not in VCS_FOLDERS and holds_sources(Path(entry.path), site.suffixes):
            problems.append(Finding(str(site.srcdir / rel), 1, "hidden", HIDDEN_FOLDER))
        return
    real = Path(entry.path).resolve()
    if real not in seen:  # symbolic links: each folder once, as the build does
        seen.add(real)
        todo.append((Path(entry.path), rel + "/"))


def _file(site: Site, entry: os.DirEntry[str], rel: str, found: dict[str, tuple[int, int]],
          problems: list[Finding]) -> None:
    path = os.path.join(site.srcdir, rel)
    if entry.name.startswith("."):
        problems.append(Finding(path, 1, "hidden", HIDDEN_FILE))
        return
    try:
        stat = entry.stat()
        size = stat.st_size
        if not os.access(entry.path, os.R_OK):
            raise PermissionError(13, "Permission denied")
    except OSError as exc:
        problems.append(Finding(path, 1, "unreadable",
                                UNREADABLE_FILE.format(reason=exc.strerror)))
        return
    found[rel] = (stat.st_mtime_ns, size)
    problems += [Finding(path, 1, subtype, message)
                 for subtype, message in file_name_problems(rel, size)]


def article_docnames(site: Site, files: list[str]) -> tuple[dict[str, str], dict[str, str]]:
    """``docname -> file`` of the articles, and ``file -> why`` for files losing a name clash."""
    excluded = glob_matcher([*site.exclude_patterns, f"{site.tags_dir}/**"])
    is_article = glob_matcher(site.articles)
    found: dict[str, str] = {}
    clashes: dict[str, str] = {}
    for rel in sorted(files, key=lambda name: (os.path.dirname(name), name)):
        suffix = next((s for s in site.suffixes if rel.endswith(s)), None)
        if suffix is None or excluded(rel):
            continue
        docname = rel[: -len(suffix)]
        if not is_article(docname):
            continue
        if docname in found:
            clashes[rel] = f"another file has the same name: {found[docname]} is built"
            continue
        found[docname] = rel
    return found, clashes


def read_articles(site: Site, use_cache: bool = True,
                  whole: Callable[[str], bool] | None = None) -> Articles:
    """Records of every article, as the build makes them; unchanged files from the cache.

    With ``whole`` (a test on a file's path), the other files get a quick record when their
    front matter is simple (``quickscan.py``): right for the checks between articles, not
    for their own warnings; those records are listed in ``quick`` and never cached.
    """
    stamps, scan_findings = source_files(site)
    result = Articles(files=list(stamps), findings=scan_findings)
    settings = site.record_settings()
    cached: dict[str, Entry] = {}
    if use_cache:
        key = fingerprint((settings.aliases, str(settings.timezone), settings.protect_templates,
                           site.suffixes))
        store = cache_file(site.srcdir)
        cached = load(store, key)
    docnames, clashes = article_docnames(site, result.files)
    for rel, why in clashes.items():
        result.findings.append(not_built_finding(site.srcdir / rel, why))
    todo: list[tuple[str, str, str, tuple[int, int]]] = []
    srcdir = str(site.srcdir)  # plain strings: pathlib costs more than reading a file
    for docname, rel in docnames.items():
        path = os.path.join(srcdir, rel)
        stamp = stamps[rel]  # from the scan: one stat per file
        entry = cached.get(docname)
        if entry is None or entry.stamp != stamp or entry.article.source != rel:
            todo.append((docname, rel, path, stamp))
        else:
            result.entries[docname] = entry
    for item in todo:
        quick = whole is not None and not whole(item[2])
        outcome = _read_one(item, settings, quick)
        if isinstance(outcome, tuple):
            result.entries[item[0]] = outcome[0]
            if outcome[1]:
                result.quick.add(item[0])
        else:
            result.findings.append(not_built_finding(item[2], outcome))
    # In the build's order (folder, then name), whether read now or taken from the cache.
    result.entries = {name: result.entries[name] for name in docnames if name in result.entries}
    if use_cache:
        keep = {name: entry for name, entry in result.entries.items()
                if name not in result.quick}
        if len(todo) > len(result.quick) or set(cached) - set(keep):
            save(store, key, keep)
    result.findings += _other_pages_not_utf8(site, result.files,
                                             set(docnames.values()) | set(clashes))
    return result


def read_whole(site: Site, articles: Articles, names: set[str]) -> None:
    """Read ``names`` again with the YAML parser, replacing their quick records."""
    settings = site.record_settings()
    for name in sorted(names & articles.quick):
        old = articles.entries[name]
        outcome = _read_one((name, old.article.source,
                             os.path.join(site.srcdir, old.article.source), old.stamp), settings)
        if isinstance(outcome, tuple):
            articles.entries[name] = outcome[0]
            articles.quick.discard(name)


def _other_pages_not_utf8(site: Site, files: list[str], articles: set[str]) -> list[Finding]:
    """The build warns about every page that is not UTF-8, not only articles (encoding.py)."""
    generated = glob_matcher([f"{site.tags_dir}/**"])
    found = []
    for rel in files:
        if rel in articles or generated(rel):
            continue
        try:
            finding = encoding_finding((site.srcdir / rel).read_bytes(), site.srcdir / rel)
        except OSError:
            continue
        if finding is not None:
            found.append(finding)
    return found


def _read_bytes(path: str) -> bytes:
    """The whole file; ``os.read`` costs less than a file object, 2,000 times over."""
    handle = os.open(path, os.O_RDONLY)
    try:
        chunks = []
        while chunk := os.read(handle, 1 << 16):
            chunks.append(chunk)
    finally:
        os.close(handle)
    return b"".join(chunks)


def _read_one(item: tuple[str, str, str, tuple[int, int]],
              settings: RecordSettings, quick: bool = False) -> tuple[Entry, bool] | str:
    docname, rel, path, stamp = item
    try:
        return _read(docname, rel, path, stamp, settings, quick)
    except OSError as exc:
        return f"the file cannot be read ({exc.strerror})"


def _read(docname: str, rel: str, path: str, stamp: tuple[int, int],
          settings: RecordSettings, quick: bool = False) -> tuple[Entry, bool]:
    """One article's entry, and whether it is quick: with ``quick``, a record for the checks
    between articles when the front matter is simple enough to read without the parser."""
    data = _read_bytes(path)
    text = data.decode("utf-8-sig", errors="replace")
    if quick:
        matter = quick_front_matter(text)
        if matter is not None:
            article = build_article(docname, rel, text, settings, matter, whole=False)
            article.stamp = stamp
            return Entry(stamp, article, [], None), True
    from .crosscheck import links_in

    article = build_article(docname, rel, text, settings)
    article.stamp = stamp
    entry = Entry(stamp, article, links_in(text, article.block_lines),
                  encoding_finding(data, path))
    return entry, False
