"""``kb check [PATHS...]``: the front-matter problems a build would report, in well under a second.

Every article is read (links, tags and addresses are judged across the site); when
paths are given, only problems in those files are shown, as a pre-commit hook wants.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from ..core.findings import Finding, article_findings, redirect_file, sorted_findings
from ..core.records import Article
from .articles import Articles, read_articles, read_whole
from .siteconf import Site, shown_path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", type=Path,
                        help="files or folders to report on (default: every article)")
    parser.add_argument("--format", choices=("text", "github", "json"), default="text",
                        help="text (like the build's warnings), github (Actions annotations) "
                        "or json")
    parser.add_argument("--no-cache", action="store_true",
                        help="read every file again (the cache keeps unchanged files' results)")
    parser.add_argument("--drafts", action="store_true",
                        help="judge as `make html DRAFTS=1` does: drafts count as published")


def run(site: Site, args: argparse.Namespace) -> int:
    if args.drafts:
        site.drafts = True
    selected = selector(args.paths)
    findings = find_problems(site, use_cache=not args.no_cache, selected=selected)
    write(findings, args.format, sys.stdout)
    return 1 if findings else 0


def find_problems(site: Site, use_cache: bool = True,
                  selected: Callable[[str], bool] | None = None,
                  quick: bool = True) -> list[Finding]:
    """The problems ``kb check`` reports, sorted by file and line.

    Every article is read (the checks between articles need them all); with ``selected``,
    only problems in the files it accepts are kept, and only those files' links are followed.
    The other files are then read quickly (``quickscan.py``) unless ``quick`` is false,
    and those a finding could name are read again in full (:func:`_confirm`).
    """
    from .crosscheck import cross_findings

    keep = selected or (lambda path: True)
    articles = read_articles(site, use_cache, selected if quick else None)
    found = list(articles.findings)
    found += [_config_finding(site, name, message) for name, message in site.config_problems]
    links = {}
    given = []
    srcdir = str(site.srcdir)
    for name, entry in articles.entries.items():
        if not keep(os.path.join(srcdir, entry.article.source)):
            continue
        given.append(entry.article)
        found += article_findings(entry.article, site.srcdir)
        if entry.not_utf8 is not None:
            found.append(entry.not_utf8)
        if entry.links:
            links[name] = entry.links
    docs = {_docname(rel, site.suffixes) for rel in articles.files}
    if articles.quick:
        _confirm(site, articles, given, links)
    found += cross_findings(site, articles.records, links, docs, dt.datetime.now(dt.UTC))
    return sorted_findings(f for f in found if keep(f.path))


def _confirm(site: Site, articles: Articles, given: list[Article],
             links: dict[str, list[tuple[int, str, bool]]]) -> None:
    """Read in full each quickly read article that shares a title, a file name or an old
    address with a given file, or that a given file links to: belt and braces, so that
    these findings come from the YAML parser even if the quick reader erred."""
    from .crosscheck import resolve_link, slug_of, title_key

    titles = {title_key(article) for article in given}
    slugs = {slug_of(article) for article in given}
    addresses = {redirect_file(old) for article in given for old in article.redirects}
    wanted = {resolve_link(name, target, site.suffixes, is_role)
              for name, targets in links.items() for _, target, is_role in targets}
    for name in articles.quick:
        article = articles.entries[name].article
        if title_key(article) in titles or slug_of(article) in slugs \
                or not addresses.isdisjoint(map(redirect_file, article.redirects)):
            wanted.add(name)
    read_whole(site, articles, {name for name in wanted if name is not None})


def _docname(rel: str, suffixes: tuple[str, ...]) -> str:
    suffix = next((s for s in suffixes if rel.endswith(s)), "")
    return rel[: len(rel) - len(suffix)]


def _config_finding(site: Site, name: str, message: str) -> Finding:
    """A bad ``kb_`` value, at its line in conf.py, as the build's ``kb.config`` warning."""
    path = site.confdir / "conf.py"
    pattern = re.compile(rf"^\s*{re.escape(name)}\s*[=+:]")
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    line = next((number for number, text in enumerate(lines, 1) if pattern.match(text)), 1)
    return Finding(str(path), line, "config", message)


def selector(paths: list[Path]) -> Callable[[str], bool] | None:
    """Whether a finding's file is one of ``paths`` or inside one of them (None: all files)."""
    if not paths:
        return None
    missing = [str(path) for path in paths if not path.exists()]
    if missing:
        raise FileNotFoundError(", ".join(missing))
    files = {str(path.resolve()) for path in paths if not path.is_dir()}
    folders = tuple(str(path.resolve()) + os.sep for path in paths if path.is_dir())
    return lambda path: path in files or path.startswith(folders)


def write(findings: list[Finding], form: str, stream: TextIO) -> None:
    """Findings as build warnings (text), GitHub Actions annotations, or JSON."""
    if form == "json":
        import json

        json.dump({"problems": [{"file": shown_path(f.path), "line": f.line,
                                 "type": f"kb.{f.subtype}", "message": f.message}
                                for f in findings],
                   "count": len(findings)}, stream, indent=2, ensure_ascii=False)
        stream.write("\n")
        return
    for f in findings:
        if form == "github":
            stream.write(f"::error file={_escape(shown_path(f.path), True)},line={f.line},"
                         f"title={_escape('kb.' + f.subtype, True)}::{_escape(f.message)}\n")
        else:
            stream.write(f"{shown_path(f.path)}:{f.line}: WARNING: {f.message} "
                         f"[kb.{f.subtype}]\n")
    if form == "text":
        stream.flush()
        files = len({f.path for f in findings})
        summary = (f"{len(findings)} problem(s) in {files} file(s)" if findings
                   else "no problems found")
        print(f"kb check: {summary}", file=sys.stderr)


def _escape(text: str, in_property: bool = False) -> str:
    """GitHub workflow-command escaping; properties also escape ':' and ','."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if in_property else text
