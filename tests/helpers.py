"""Shared helpers for the test suite: copy a test root, build it for real, read the output.

Builds always run on a temporary copy of a root, because the extension writes
tag stubs into the source folder and ``tests/roots/`` must stay clean.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag

ROOT = Path(__file__).resolve().parent.parent
ROOTS = Path(__file__).resolve().parent / "roots"
#: The read-only corpora live next to the repository, never inside it.
SHARED = ROOT.parent / "shared"
SEED = SHARED / "corpora" / "seed" / "000_d7e665ae504f5e98.md"

#: ``path:line: WARNING: message [type.subtype]`` as Sphinx prints it.
_WARNING_RE = re.compile(
    r"^(?P<location>.*?):(?P<line>\d+)?:? ?(?P<level>WARNING|ERROR|CRITICAL): "
    r"(?P<message>.*?)(?: \[(?P<type>[\w.-]+)\])?$"
)
SLUG_RE = re.compile(r"^[a-z0-9_-]+$")
#: Sphinx colours its messages even into a StringIO.
_ANSI_RE = re.compile(r"\x1b\[[0-9;]*m")



@dataclass(frozen=True)
class BuildWarning:
    """One warning line of a build, split into its parts."""

    location: str
    line: int | None
    level: str
    message: str
    type: str | None
    raw: str

    def about(self, filename: str) -> bool:
        """Whether the warning points at ``filename`` (a path relative to the source folder)."""
        return self.location.replace(os.sep, "/").endswith("/" + filename) or (
            self.location == filename
        )


def parse_warnings(text: str) -> list[BuildWarning]:
    result = []
    for raw in strip_colors(text).splitlines():
        match = _WARNING_RE.match(raw)
        if match is None:
            continue
        line = match.group("line")
        result.append(BuildWarning(match.group("location"), int(line) if line else None,
                              match.group("level"), match.group("message"),
                              match.group("type"), raw))
    return result


def strip_colors(text: str) -> str:
    return _ANSI_RE.sub("", text)


def copy_root(name: str, dest: Path, files: Mapping[str, str] | None = None) -> Path:
    """Copy ``tests/roots/test-<name>`` to ``dest/src`` and add or replace ``files``."""
    srcdir = dest / "src"
    shutil.copytree(ROOTS / f"test-{name}", srcdir)
    (srcdir / "articles").mkdir(exist_ok=True)
    for relpath, text in (files or {}).items():
        write(srcdir / relpath, text)
    return srcdir


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def bump_mtime(path: Path, seconds: float = 5.0) -> None:
    """Sphinx detects edits by mtime: move it clearly past the last read."""
    stamp = path.stat().st_mtime + seconds
    os.utime(path, (stamp, stamp))


def require_seed() -> Path:
    """The seed article of the shared corpora, or skip the test saying why."""
    if not SHARED.is_dir():
        pytest.skip(f"the shared corpora folder {SHARED} is missing")
    if not SEED.is_file():
        pytest.skip(f"the seed article {SEED} is missing")
    return SEED


@dataclass
class Site:
    """A finished build: the app, its output folder and what it printed."""

    app: Any
    srcdir: Path
    outdir: Path
    status: str
    warning_text: str
    _soups: dict[str, BeautifulSoup] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, app: Any) -> Site:
        """The site an app built, with its status and warnings as plain text."""
        return cls(app, Path(app.srcdir), Path(app.outdir), strip_colors(app.status.getvalue()),
                   strip_colors(app.warning.getvalue()))

    @property
    def warnings(self) -> list[BuildWarning]:
        return parse_warnings(self.warning_text)

    def warnings_about(self, filename: str) -> list[BuildWarning]:
        return [w for w in self.warnings if w.about(filename)]

    def path(self, page: str) -> Path:
        """Output file of ``page`` (a docname such as ``articles/foo``, or a file name)."""
        return self.outdir / (page if page.endswith((".html", ".js")) else page + ".html")

    def has(self, page: str) -> bool:
        return self.path(page).is_file()

    def html(self, page: str) -> str:
        return self.path(page).read_text(encoding="utf-8")

    def soup(self, page: str) -> BeautifulSoup:
        if page not in self._soups:
            self._soups[page] = BeautifulSoup(self.html(page), "lxml")
        return self._soups[page]

    def resolve(self, page: str, href: str) -> Path:
        """The file a relative link on ``page`` points to."""
        target = href.split("#", 1)[0]
        return (self.path(page).parent / target).resolve()


def build_once(srcdir: Path, builddir: Path | None = None, buildername: str = "html",
               **kwargs: Any) -> Site:
    """The one way tests build: a new app for ``srcdir``, built and cleaned up.

    ``builddir`` defaults to a sibling of ``srcdir``; ``kwargs`` go to
    ``SphinxTestApp`` (``confoverrides``, ``parallel``, ``warningiserror``).
    Cleaning up at once resets docutils' registries, so the next app of the
    same test does not warn that the extension's nodes are already registered.
    """
    from io import StringIO

    from sphinx.testing.util import SphinxTestApp

    builddir = builddir or srcdir.parent / "build"
    kwargs.setdefault("status", StringIO())
    kwargs.setdefault("warning", StringIO())
    app = SphinxTestApp(buildername, srcdir=srcdir, builddir=builddir, **kwargs)
    try:
        app.build()
    finally:
        app.cleanup()
    return Site.of(app)


def text_of(element: Tag) -> str:
    """Visible text of an element without Sphinx's ``¶``/``#`` header links."""
    copy = BeautifulSoup(str(element), "lxml")
    for anchor in copy.select("a.headerlink"):
        anchor.decompose()
    return " ".join(copy.get_text(" ").split())


def row_links(soup: BeautifulSoup | Tag, selector: str = "ul.kb-listing") -> list[str]:
    """Titles of the rows of the first listing matching ``selector``, in order."""
    listing = soup.select_one(selector)
    assert listing is not None, f"no {selector} on the page"
    return [text_of(a) for a in listing.select("li.kb-row a.kb-row-link")]


def all_row_links(soup: BeautifulSoup | Tag) -> list[str]:
    return [text_of(a) for a in soup.select("ul.kb-listing li.kb-row a.kb-row-link")]


def html_files(outdir: Path) -> dict[str, bytes]:
    """Every ``.html`` file under ``outdir`` by relative path, with its bytes."""
    return {path.relative_to(outdir).as_posix(): path.read_bytes()
            for path in sorted(outdir.rglob("*.html"))}


def copy_sources(srcdir: Path, dest: Path, skip: Iterable[str] = ("tags", "archive")) -> Path:
    """Copy a project's sources, without the generated tag and year pages, to build afresh."""
    ignored = set(skip)
    shutil.copytree(srcdir, dest, ignore=lambda folder, names: [
        name for name in names if Path(folder) == srcdir and name in ignored])
    return dest


def search_pages(outdir: Path) -> dict[str, dict[str, Any]]:
    """The Pagefind index of a built site as data: page URL -> its record (content, meta)."""
    import sys

    sys.path.insert(0, str(ROOT / "bench"))
    from pagefind_data import read_bundle

    languages = read_bundle(outdir / "pagefind")["languages"]
    return {url: page for data in languages.values() for url, page in data["pages"].items()}


def linked_page(site: Site, page: str, href: str) -> str:
    """The page (as for ``Site.soup``) a link on ``page`` leads to; ``dirhtml`` folders too."""
    target = site.resolve(page, href)
    if target.is_dir():
        target = target / "index.html"
    return target.relative_to(site.outdir.resolve()).with_suffix("").as_posix()


def listing_pages(site: Site, page: str) -> list[str]:
    """``page`` and the numbered pages after it, following each "Older" link of the pager."""
    pages = [page]
    while True:
        older = site.soup(pages[-1]).select_one("a.kb-pager-older")
        if older is None:
            return pages
        pages.append(linked_page(site, pages[-1], older["href"]))


def archive_year_pages(site: Site, page: str = "archive") -> list[str]:
    """Every archive year page (all numbered pages), in the overview's order."""
    result = []
    for anchor in site.soup(page).select("a.kb-archive-year-link"):
        result.extend(listing_pages(site, linked_page(site, page, anchor["href"])))
    return result


def archive_row_links(site: Site, page: str = "archive") -> list[str]:
    """Titles of every article the archive lists, over all its year pages, in order."""
    return [title for year_page in archive_year_pages(site, page)
            for title in all_row_links(site.soup(year_page))]
