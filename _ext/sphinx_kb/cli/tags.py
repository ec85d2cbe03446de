"""``kb tags``: every tag with its count, newest use and spellings; ``--rename OLD NEW``.

Tags that differ only by case or spacing are one tag on the site, shown with its most
used spelling; tags that differ only by spaces, '-' or '_' are two tags that are probably
one, and are listed together so a writer can merge them with ``--rename``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ..core.frontmatter import find_block, split_lines
from ..core.records import Article, RecordSettings, build_article
from ..core.tags import build_tag_index, near_duplicates, tag_key
from .crosscheck import published
from .retag import RenameError
from .siteconf import Site, UsageError, shown_path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--rename", nargs=2, metavar=("OLD", "NEW"),
                        help="write NEW instead of the tag OLD (any spelling of it) in every "
                        "article's front matter")
    parser.add_argument("--format", choices=("text", "json"), default="text")


@dataclass
class TagRow:
    """One tag of the site, as the listing shows it."""

    name: str
    count: int = 0
    newest: str = ""
    spellings: Counter[str] = field(default_factory=Counter)
    #: Other tags probably meant to be this one (differ only by spaces, '-' or '_').
    near: list[str] = field(default_factory=list)


def run(site: Site, args: argparse.Namespace) -> int:
    from .articles import read_articles

    articles = read_articles(site)
    records = articles.records
    if args.rename:
        return rename(site, records, *args.rename)
    now = dt.datetime.now(dt.UTC)
    rows = tag_rows(records, published(site, records, now))
    if args.format == "json":
        json.dump([{"tag": row.name, "count": row.count, "newest": row.newest,
                    "spellings": dict(row.spellings), "near_duplicates": row.near}
                   for row in rows], sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    width = max((len(row.name) for row in rows), default=3)
    print(f"{'tag':<{width}}  articles  newest      spellings")
    for row in rows:
        spellings = ", ".join(f"{text} ({count})" for text, count in row.spellings.most_common())
        near = f"  <- probably the same as {', '.join(repr(n) for n in row.near)}" \
            if row.near else ""
        print(f"{row.name:<{width}}  {row.count:>8}  {row.newest or '-':<10}  {spellings}{near}")
    return 0


def tag_rows(records: dict[str, Article],
             shown: dict[str, Article] | None = None) -> list[TagRow]:
    """Rows by use, most used first; near-duplicates placed right after the tag they echo.

    A tag is named as the site shows it: its most used spelling among the ``shown``
    (published) articles, or among all articles for a tag only drafts use.
    """
    names = sorted(records)
    index = build_tag_index((name, records[name].tags) for name in names)
    on_site = build_tag_index((name, art.tags) for name, art in sorted((shown or {}).items()))
    rows = {key: TagRow(on_site[key].name if key in on_site else tag.name, len(tag.docnames))
            for key, tag in index.items()}
    for name in names:
        article = records[name]
        for tag in article.tags:
            row = rows.get(tag_key(tag))
            if row is None:
                continue
            row.spellings[" ".join(tag.split())] += 1
            if article.date is not None and article.date.iso[:10] > row.newest:
                row.newest = article.date.iso[:10]
    partners: dict[str, set[str]] = defaultdict(set)
    for pair in near_duplicates(index):
        partners[tag_key(pair.first)].add(tag_key(pair.second))
        partners[tag_key(pair.second)].add(tag_key(pair.first))
    for key, others in partners.items():
        rows[key].near = sorted(rows[other].name for other in others)
    placed: list[TagRow] = []
    done: set[str] = set()
    for key in sorted(rows, key=lambda key: (-rows[key].count, rows[key].name.casefold())):
        for member in (key, *sorted(partners.get(key, ()))):
            if member not in done:
                placed.append(rows[member])
                done.add(member)
    return placed


def rename(site: Site, records: dict[str, Article], old: str, new: str) -> int:
    """Rewrite ``old`` as ``new`` in every front matter; print each file changed."""
    from .retag import rename_tag

    new = " ".join(new.split())
    if not tag_key(old) or not new:
        raise UsageError("both OLD and NEW must be non-empty tags")
    settings = site.record_settings()
    keys = ("tags", *settings.aliases.get("tags", []))
    matched, failed = 0, 0
    for name in sorted(records):
        article = records[name]
        if not any(tag_key(tag) == tag_key(old) for tag in article.tags):
            continue
        matched += 1
        path = site.srcdir / article.source
        data = path.read_bytes()
        bom = b"\xef\xbb\xbf" if data.startswith(b"\xef\xbb\xbf") else b""
        try:
            text = _decode(data[len(bom):])
            result = rename_tag(text, old, new, keys)
            _verify(name, article, text, result, old, new, settings)
        except RenameError as exc:
            print(f"{shown_path(str(path))}: not changed: {exc}", file=sys.stderr)
            failed += 1
            continue
        if result != text:
            path.write_bytes(bom + result.encode("utf-8"))
            print(shown_path(str(path)))
        if tag_key(new) != tag_key(old) and any(
                tag_key(tag) == tag_key(old)
                for tag in build_article(name, article.source, result, settings).tags):
            print(f"{shown_path(str(path))}: '{old}' is also given by a {{tags}} directive in "
                  "the text; change it there by hand", file=sys.stderr)
    if not matched:
        raise UsageError(f"no article has the tag '{old}' in its front matter; "
                         "`kb tags` lists the tags and their spellings")
    return 1 if failed else 0


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise RenameError("the file is not UTF-8 (kb check shows where); save it as UTF-8 "
                          "first") from None


def _verify(name: str, article: Article, before: str, after: str, old: str, new: str,
            settings: RecordSettings) -> None:
    """The rewritten front matter must hold the old tags with ``old`` renamed, all else equal."""
    was, now = (build_article(name, article.source, _front_matter_only(text), settings)
                for text in (before, after))
    expected = tuple(new if tag_key(tag) == tag_key(old) else tag for tag in was.tags)
    if now.tags != expected:
        raise RenameError(f"the tags are written in a form kb tags cannot edit safely "
                          f"(expected {list(expected)}, got {list(now.tags)}); rename by hand")
    if (now.title, now.date, now.draft, now.summary, now.redirects, now.problems) != \
            (was.title, was.date, was.draft, was.summary, was.redirects, was.problems):
        raise RenameError("the rewrite would change more than the tag; rename it by hand")


def _front_matter_only(text: str) -> str:
    """The front-matter block alone: tags of ``{tags}`` directives in the text are not ours."""
    lines = split_lines(text)
    size = find_block(lines)
    return "\n".join(lines[:size]) + "\n" if size > 0 else ""
