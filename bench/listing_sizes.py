"""Sizes of a built site's listing pages, to check that they stay bounded as the site grows.

``listing_page_sizes(outdir)`` reads only the output folder, so the benchmark
(``make bench``) and the tests measure a site the same way, whatever built it.
"""

from __future__ import annotations

from pathlib import Path

#: The listing pages a reader meets, by what they are called in reports.
FIXED_PAGES = {"home": "index.html", "archive overview": "archive.html",
               "tags overview": "tags/index.html"}


def _largest(files: list[Path], outdir: Path) -> tuple[str, int] | None:
    if not files:
        return None
    biggest = max(files, key=lambda path: (path.stat().st_size, path.as_posix()))
    return biggest.relative_to(outdir).as_posix(), biggest.stat().st_size


def listing_page_sizes(outdir: Path, archive_dir: str = "archive",
                       tags_dir: str = "tags") -> dict[str, tuple[str, int]]:
    """Kind of listing page -> (its file, bytes): home, overviews, the largest year and tag page.

    "largest" is taken over every numbered page too, so a page that grows
    with the site shows up here however the pages are named.
    """
    sizes: dict[str, tuple[str, int]] = {}
    for label, relpath in FIXED_PAGES.items():
        path = outdir / relpath
        if path.is_file():
            sizes[label] = (relpath, path.stat().st_size)
    year_pages = sorted((outdir / archive_dir).rglob("*.html"))
    tag_pages = [path for path in sorted((outdir / tags_dir).rglob("*.html"))
                 if path != outdir / tags_dir / "index.html"]
    for label, files in (("largest archive year page", year_pages),
                         ("largest tag page", tag_pages)):
        found = _largest(files, outdir)
        if found is not None:
            sizes[label] = found
    return sizes


def size_ratios(small: dict[str, tuple[str, int]],
                large: dict[str, tuple[str, int]]) -> dict[str, float]:
    """Large ÷ small size of each kind of listing page both sites have."""
    return {label: large[label][1] / small[label][1] for label in small if label in large}
