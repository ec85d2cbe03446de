"""Sizes of a built site's listing pages, to check that they stay bounded as the site grows.

``listing_page_sizes(outdir)`` reads only the output folder, so the benchmark
(``make bench``) and the tests measure a site the same way, whatever built it.

Run as a script, it builds the product at each size given and prints the sizes
and their ratios to the first size (the README's table)::

    python bench/listing_sizes.py 500 2000 20000

The articles' bodies are cut to one line: listings show only the front matter.
"""

from __future__ import annotations

import argparse
import dataclasses
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from projects import build_env, product_project
from synthetic_corpus import ArticleSpec, generate

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


def _short(spec: ArticleSpec) -> ArticleSpec:
    front, _sep, _body = spec.text.partition("\n---\n")
    return dataclasses.replace(spec, text=front + "\n---\n\nA short body.\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", type=int, nargs="+", help="numbers of articles")
    parser.add_argument("--jobs", default="1", help="sphinx-build -j (default 1)")
    args = parser.parse_args(argv)
    results: dict[int, dict[str, tuple[str, int]]] = {}
    with tempfile.TemporaryDirectory(prefix="kb-listings-") as work:
        for count in args.sizes:
            specs = [_short(spec) for spec in generate(count)]
            project = product_project(Path(work) / str(count), specs)
            start = time.monotonic()
            command = project.build_command(args.jobs)
            command.insert(command.index("-b"), "-q")
            subprocess.run(command, check=True, env=build_env(), stderr=subprocess.DEVNULL)
            results[count] = listing_page_sizes(project.outdir)
            print(f"{count} articles, built in {time.monotonic() - start:.0f} s", flush=True)
            for label, (path, size) in results[count].items():
                print(f"  {label:27} {size:9,d} B  {path}", flush=True)
    first = args.sizes[0]
    for count in args.sizes[1:]:
        ratios = size_ratios(results[first], results[count])
        print(f"{count} / {first}: " + ", ".join(f"{k} {v:.2f}" for k, v in ratios.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
