"""Problems as writers see them: subtype, file, line and message, formatted in one place.

The build turns each finding into a Sphinx warning (``kb.<subtype>`` at ``file:line``);
``kb check`` prints the same findings without Sphinx. Both call these functions, so
the two can never word or place a problem differently.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .records import Article
    from .tags import Tag


@dataclass(frozen=True, order=True)
class Finding:
    """One warning: where (file and line) first, so sorted findings read top to bottom."""

    path: str
    line: int
    subtype: str
    message: str

    @property
    def location(self) -> str:
        """``file:line``, the location Sphinx prints before ``WARNING:``."""
        return f"{self.path}:{self.line}"


def article_findings(article: Article, srcdir: str | os.PathLike[str]) -> list[Finding]:
    """The problems found while making ``article``'s record, one finding each."""
    path = str(Path(srcdir, article.source))
    return [Finding(path, problem.line, problem.subtype, problem.message)
            for problem in article.problems]


def encoding_finding(data: bytes, path: str | os.PathLike[str]) -> Finding | None:
    """The one finding for a file that is not UTF-8, at its first undecodable byte."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return Finding(str(path), line, "encoding",
                       f"file is not UTF-8 (byte 0x{data[exc.start]:02x} at line {line}); it is "
                       "built with each undecodable byte shown as \ufffd: save the file as UTF-8")
    return None


#: Articles above this size get a warning (they still build).
LARGE_ARTICLE_BYTES = 2 * 1024 * 1024
#: Characters a web address must escape; a file name with them still builds.
_URL_SAFE = re.compile(r"^[A-Za-z0-9._~/-]*$")
HIDDEN_FILE = ("hidden file (its name starts with '.'): not built; rename it without the dot "
               "to publish it")
UNREADABLE_FILE = "file cannot be read ({reason}); not built"
HIDDEN_FOLDER = ("hidden folder (its name starts with '.'): its files are not built; rename it "
                 "without the dot to publish them")


def file_name_problems(rel: str, size: int) -> list[tuple[str, str]]:
    """``(subtype, message)`` for a source file's name and size: built, but worth a warning."""
    from urllib.parse import quote

    found = []
    if not _URL_SAFE.match(rel):
        odd = "".join(sorted({ch for ch in rel if not _URL_SAFE.match(ch)}))
        page = quote(os.path.splitext(rel)[0])
        found.append(("file_name", f"file name has characters web addresses must escape "
                      f"({odd!r}); it is built, and links spell its address {page}; letters "
                      "a-z, digits and '-' give plain addresses"))
    if size > LARGE_ARTICLE_BYTES:
        found.append(("large", f"file is {size / 1048576:.1f} MB; it is built, but a page this "
                      "large is slow to load: split it"))
    return found


def not_built_finding(path: str | os.PathLike[str], why: str) -> Finding:
    """An article file that is not built (a clash of names, unreadable), with the reason."""
    return Finding(str(path), 1, "not_built", f"article not built: {why}")


def tag_spelling_findings(tags: Mapping[str, Tag], articles: Mapping[str, Article],
                          srcdir: str | os.PathLike[str]) -> list[Finding]:
    """Tags that differ only by spaces, '-' or '_': one finding per pair."""
    from .tags import near_duplicates

    found = []
    for pair in near_duplicates(dict(tags)):
        first, second = articles[pair.first_doc], articles[pair.second_doc]
        found.append(Finding(
            str(Path(srcdir, first.source)), first.line_of("tags"), "tag_spelling",
            f"tags '{pair.first}' ({first.source}) and '{pair.second}' ({second.source}) "
            "differ only by spaces, '-' or '_'; they are kept as two tags: use one spelling"))
    return found


def redirect_file(path: str) -> str:
    """Output file for an old address: ``a/b/`` and ``a/b`` become ``a/b/index.html``."""
    if path.endswith((".html", ".htm")):
        return path
    return path.rstrip("/") + "/index.html"


def plan_redirect_files(order: Iterable[str], articles: Mapping[str, Article],
                        pages: set[str], srcdir: str | os.PathLike[str],
                        ) -> tuple[dict[str, str], list[Finding]]:
    """Redirect file -> docname for the articles in ``order``; a finding per address taken.

    The first article in listing order keeps an address two articles claim; an address
    that is already a page (``pages``: output files) is never overwritten.
    """
    from .records import REDIRECT_KEYS

    wanted: dict[str, str] = {}
    found = []
    for docname in order:
        article = articles[docname]
        for old in article.redirects:
            target_file = redirect_file(old)
            owner = wanted.get(target_file)
            if owner is None and target_file not in pages:
                wanted[target_file] = docname
                continue
            taken_by = articles[owner].source if owner else target_file
            key = next((k for k in REDIRECT_KEYS if k in article.lines), "title")
            found.append(Finding(
                str(Path(srcdir, article.source)), article.line_of(key), "redirect",
                f"redirect from '{old}' not written: the address is already taken by {taken_by}"))
    return wanted, found


def sorted_findings(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(set(findings))
