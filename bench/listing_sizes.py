"""Sizes of a built site's listing pages: home, the largest archive page, the largest tag page.

Issue 13 bounds every listing page at 20,000 articles to 1.5 times its size at
500. The listing pages' layout may change (one archive page per year, numbered
tag pages), so they are found by where they live, not by one fixed name: the
archive is ``archive.html`` or anything under ``archive/``; tag pages are the
HTML files under ``tags/`` except the tags overview ``tags/index.html``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class ListingSizes:
    """Bytes of each listing page kind (0 when the site has none); the file names beside."""

    home: int = 0
    archive: int = 0
    archive_page: str = ""
    tag: int = 0
    tag_page: str = ""
    tags_overview: int = 0


def _largest(paths: list[Path], root: Path) -> tuple[int, str]:
    sized = [(path.stat().st_size, path.relative_to(root).as_posix()) for path in paths]
    return max(sized, default=(0, ""))


def listing_sizes(outdir: Path) -> ListingSizes:
    """The listing page sizes of the HTML site in ``outdir``."""
    home = outdir / "index.html"
    overview = outdir / "tags" / "index.html"
    archive = [p for p in [outdir / "archive.html", *outdir.glob("archive/**/*.html")]
               if p.is_file()]
    tags = [p for p in outdir.glob("tags/**/*.html") if p != overview]
    sizes = ListingSizes(home=home.stat().st_size if home.is_file() else 0,
                         tags_overview=overview.stat().st_size if overview.is_file() else 0)
    sizes.archive, sizes.archive_page = _largest(archive, outdir)
    sizes.tag, sizes.tag_page = _largest(tags, outdir)
    return sizes
