"""``kb new "Title" [--tags a,b] [--summary ...]``: start an article as a draft.

Writes ``<articles folder>/<year>/<slug>.md`` with front matter in the seed article's
dialect (single-quoted values, tags as a flow list), ``draft: true``, and prints the path.
The slug clashes with no article or file of the site, and no file is ever overwritten.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import unicodedata
from pathlib import Path

from ..core.tags import build_tag_index, tag_key
from .siteconf import Site, UsageError, glob_matcher, shown_path

_NON_ALNUM_RE = re.compile(r"[^a-z0-9]+")
_WILDCARD_RE = re.compile(r"[*?\[]")
#: Slugs longer than this are cut at a word boundary: addresses stay readable.
MAX_SLUG = 60


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("title", help="the article's title, in quotes")
    parser.add_argument("--tags", default="", help="comma-separated tags, like 'python, testing'")
    parser.add_argument("--summary", default="", help="one or two sentences for listings")


def run(site: Site, args: argparse.Namespace) -> int:
    title = " ".join(args.title.split())
    if not title:
        raise UsageError("the title is empty; give one in quotes: kb new \"My article\"")
    from .articles import read_articles

    articles = read_articles(site)
    tags = _site_spellings([t.strip() for t in args.tags.split(",") if t.strip()],
                           [entry.article.tags for entry in articles.entries.values()])
    today = dt.datetime.now(site.timezone).date()
    taken = {_stem(rel) for rel in articles.files}
    is_article = glob_matcher(site.articles)
    for folder in _folders(site, today.year):
        slug = _free_slug(slugify(title), taken, site.srcdir / folder, site.suffixes)
        if is_article(f"{folder}/{slug}".lstrip("/")):
            break
    else:
        raise UsageError(f"no folder for a new article: kb_articles = {site.articles!r} in "
                         f"conf.py matches neither {folder}/{slug}.md nor a year folder")
    path = site.srcdir / folder / f"{slug}.md"
    text = front_matter(title, today, tags, " ".join(args.summary.split()))
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
    except FileExistsError:
        raise UsageError(f"{path} already exists; it was left as it is") from None
    print(shown_path(str(path)))
    return 0


def slugify(title: str) -> str:
    """``Hello, Wörld!`` -> ``hello-world``: ASCII letters and digits joined by '-'."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = _NON_ALNUM_RE.sub("-", ascii_text.lower()).strip("-")
    if len(slug) > MAX_SLUG:
        slug = slug[:MAX_SLUG].rsplit("-", 1)[0] or slug[:MAX_SLUG]
    return slug or "article"


def front_matter(title: str, day: dt.date, tags: list[str], summary: str) -> str:
    """The seed's dialect: every value single-quoted, tags as a flow list."""
    return (f"---\ntitle: {_quote(title)}\ndate: '{day.isoformat()}'\n"
            f"tags: [{', '.join(_quote(tag) for tag in tags)}]\ndraft: true\n"
            f"summary: {_quote(summary)}\n---\n\n"
            "<!-- Write the article here. Remove 'draft: true' above to publish it. -->\n")


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _site_spellings(tags: list[str], existing: list[tuple[str, ...]]) -> list[str]:
    """Each tag as the site already spells it (``python`` -> ``Python``), duplicates dropped."""
    index = build_tag_index((str(number), article_tags)
                            for number, article_tags in enumerate(existing))
    result: dict[str, str] = {}
    for tag in tags:
        key = tag_key(tag)
        result.setdefault(key, index[key].name if key in index else " ".join(tag.split()))
    return list(result.values())


def _folders(site: Site, year: int) -> list[str]:
    """``articles/<year>``, then ``articles``: the fixed start of the first ``kb_articles``."""
    fixed = _WILDCARD_RE.split(site.articles[0], maxsplit=1)[0]
    base = fixed.rsplit("/", 1)[0] if "/" in fixed else ""
    return [f"{base}/{year}" if base else str(year), base]


def _stem(rel: str) -> str:
    name = rel.rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0].casefold()


def _free_slug(slug: str, taken: set[str], folder: Path, suffixes: tuple[str, ...]) -> str:
    """``slug``, or ``slug-2``, ``slug-3``...: the first that no page or file uses."""
    candidate, number = slug, 1
    while candidate.casefold() in taken or any(
            (folder / f"{candidate}{suffix}").exists() for suffix in suffixes):
        number += 1
        candidate = f"{slug}-{number}"
    return candidate
