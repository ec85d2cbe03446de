"""Problems between articles: shared slugs or titles, tag spellings, dead links, taken addresses.

Tag spellings and taken redirect addresses are judged as the build judges them (published
articles only, unless drafts are built), with the build's wording; the rest the build
does not see before readers do.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from collections import defaultdict
from collections.abc import Callable, Mapping

from ..core.findings import Finding, plan_redirect_files, tag_spelling_findings
from ..core.model import listing_order
from ..core.records import Article
from ..core.tags import Tag, build_tag_index, tag_key
from ..core.translations import group_translations, translation_findings
from .siteconf import Site

_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$", re.MULTILINE)
_INLINE_LINK_RE = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:[ \t]+[\"'(][^\n]*?)?\)")
_REFERENCE_DEF_RE = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*<?([^\s>]+)>?", re.MULTILINE)
_BACKTICKS_RE = re.compile(r"`+")
#: Targets that are never a page of the site: web addresses, mail, anchors on the same page.
_WEB_RE = re.compile(r"^(?:[a-zA-Z][\w+.-]*:|#|//)")
_DOC_ROLE_RE = re.compile(r"\{doc\}`(?:[^`<]*<([^`>]+)>|([^`]+))`")
#: Cheap test over a whole file: a link to a source file, or a {doc} role, may be in it.
_MAYBE_LINK_RE = re.compile(r"\{doc\}|\.(?:md|mdx|rst|txt)\b")


def published(site: Site, records: Mapping[str, Article], now: dt.datetime) -> dict[str, Article]:
    """The articles a build of ``site`` shows (all of them when it builds drafts)."""
    if site.drafts:
        return dict(records)
    return {name: art for name, art in records.items() if art.held_back(now) is None}


def cross_findings(site: Site, records: Mapping[str, Article],
                   links: Mapping[str, list[tuple[int, str, bool]]], docs: set[str],
                   now: dt.datetime) -> list[Finding]:
    """Every problem between articles; ``docs`` are the docnames of all source files."""
    shown = published(site, records, now)
    order = sorted(shown, key=lambda name: listing_order(shown[name]))
    tags = build_tag_index((name, shown[name].tags) for name in order)
    pages = {f"{name}.html" for name in docs}
    pages.update(f"{site.tags_dir}/{tag.slug}.html" for tag in tags.values())
    pages.add(f"{site.tags_dir}/index.html")
    found = tag_spelling_findings(tags, shown, site.srcdir)
    found += plan_redirect_files(order, shown, pages, site.srcdir)[1]
    found += _tag_case(site, records, tags)
    found += translation_findings(shown, site.main_language, site.srcdir)
    # A translation shares its original's name and often its title: one article, no duplicate.
    group = group_translations(records, site.main_language).listed_as
    found += _duplicates(site, records, "title", title_key,
                         "readers cannot tell them apart in listings and search: make the "
                         "titles different", group)
    found += _duplicates(site, records, "slug", slug_of,
                         "two articles with one name are easy to confuse in links and "
                         "addresses: rename one file (and its 'slug') so each has its own", group)
    found += link_findings(site, records, shown, docs, links)
    return found


def title_key(article: Article) -> str:
    """Titles are duplicates when equal without case and runs of spaces."""
    return " ".join(article.title.casefold().split())


def slug_of(article: Article) -> str:
    """An article's name in addresses: its ``slug`` key, else its file name (a page
    bundle's ``index.md``: its folder's name; ``name.es.md``: ``name``), compared without
    case."""
    slug = article.meta.get("slug", "").strip().strip("/")
    if not slug:
        slug = posixpath.splitext(posixpath.basename(article.source))[0]
        if slug.endswith(f".{article.lang}"):
            slug = slug[: -len(article.lang) - 1]
        if slug.lower() in ("index", "_index", "readme"):
            slug = posixpath.basename(posixpath.dirname(article.source)) or slug
    return slug.casefold()


def _duplicates(site: Site, records: Mapping[str, Article], what: str,
                key_of: Callable[[Article], str], advice: str,
                article_of: Mapping[str, str]) -> list[Finding]:
    """Articles whose ``key_of`` equals an earlier article's (in path order): one finding each.

    Versions of one article (``article_of``: docname -> its listed version) count once.
    """
    groups: dict[str, list[Article]] = defaultdict(list)
    for name in sorted(records):
        key = key_of(records[name])
        if key:
            groups[key].append(records[name])
    found = []
    for group in groups.values():
        first = group[0]
        seen = {article_of.get(first.docname, first.docname)}
        for article in group[1:]:
            listed = article_of.get(article.docname, article.docname)
            if listed in seen:
                continue
            seen.add(listed)
            value = article.title if what == "title" else key_of(article)
            found.append(Finding(
                str(site.srcdir / article.source), article.line_of(what), f"duplicate_{what}",
                f"{what} '{value}' is also the {what} of {first.source}; {advice}"))
    return found


def _tag_case(site: Site, records: Mapping[str, Article],
              on_site: Mapping[str, Tag]) -> list[Finding]:
    """Spellings of one tag that differ by case or spacing: the site shows only one of them.

    The spelling shown is the most used one among published articles (``on_site``), or
    among all articles for a tag only drafts have.
    """
    order = sorted(records)
    index = build_tag_index((name, records[name].tags) for name in order)
    found = []
    for name in order:
        article = records[name]
        for tag in dict.fromkeys(" ".join(t.split()) for t in article.tags):
            key = tag_key(tag)
            shown = (on_site.get(key) or index[key]).name if key in index else tag
            if tag != shown:
                found.append(Finding(
                    str(site.srcdir / article.source), article.line_of("tags"), "tag_case",
                    f"tag '{tag}' is shown on the site as '{shown}' (its most used spelling); "
                    f"write '{shown}' here, or rename the tag everywhere with kb tags --rename"))
    return found


def link_findings(site: Site, records: Mapping[str, Article], shown: Mapping[str, Article],
                  docs: set[str], links: Mapping[str, list[tuple[int, str, bool]]],
                  ) -> list[Finding]:
    """Links to a page that does not exist, or to an article readers of the build cannot see."""
    found = []
    now = dt.datetime.now(dt.UTC)
    for name, targets in sorted(links.items()):
        article = records[name]
        path = str(site.srcdir / article.source)
        for line, target, is_role in targets:
            docname = resolve_link(name, target, site.suffixes, is_role)
            if docname is None:
                continue
            if docname not in docs:
                found.append(Finding(path, line, "link",
                                     f"link to '{target}' points to no page; fix the path "
                                     "(relative to this file) or remove the link"))
            elif docname in records and docname not in shown and name in shown:
                why = records[docname].held_back(now) or "not published"
                found.append(Finding(path, line, "link",
                                     f"link to '{target}' points to an article that is not "
                                     f"published ({why}); readers get a dead link until "
                                     "it is: publish it first or remove the link"))
    return found


def links_in(text: str, block_lines: int) -> list[tuple[int, str, bool]]:
    """``(line, target, is a {doc} role)`` of each link after the front matter, not in code.

    Works on the whole text with regular expressions (a loop over lines costs ten times
    more); only for the few links found are fenced blocks and code spans looked at.
    """
    body_start = 0
    for _ in range(max(block_lines, 0)):
        body_start = text.find("\n", body_start) + 1
        if body_start == 0:
            return []
    if not _MAYBE_LINK_RE.search(text, body_start):
        return []  # most articles: no link to a document at all
    candidates: list[tuple[int, str, bool]] = []
    for regex, is_role in ((_INLINE_LINK_RE, False), (_REFERENCE_DEF_RE, False),
                           (_DOC_ROLE_RE, True)):
        for match in regex.finditer(text, body_start):
            target = next(group for group in match.groups() if group).strip()
            if is_role or not _WEB_RE.match(target):
                candidates.append((match.start(), target, is_role))
    if not candidates:
        return []
    fenced = _fenced_ranges(text, body_start) if "``" in text or "~~~" in text else []
    found = []
    for where, target, is_role in sorted(candidates):
        if any(first <= where < last for first, last in fenced):
            continue
        line_start = text.rfind("\n", 0, where) + 1
        line_end = text.find("\n", where)
        line = text[line_start : line_end if line_end >= 0 else len(text)]
        if "`" in line and any(first <= where - line_start < last
                               for first, last in _code_spans(line)):
            continue
        found.append((text.count("\n", 0, where) + 1, target, is_role))
    return found


def _code_spans(line: str) -> list[tuple[int, int]]:
    """Ranges of inline code in a line; a role's backticks (``{doc}`x` ``) are not code."""
    ranges = []
    opening: re.Match[str] | None = None
    for run in _BACKTICKS_RE.finditer(line):
        if opening is None:
            opening = run
        elif run.group() == opening.group():
            if line[opening.start() - 1 : opening.start()] != "}":
                ranges.append((opening.start(), run.end()))
            opening = None
    return ranges


def _fenced_ranges(text: str, start: int) -> list[tuple[int, int]]:
    """Character ranges of fenced code blocks (an unclosed fence runs to the end)."""
    ranges = []
    opened: tuple[int, str] | None = None
    for match in _FENCE_RE.finditer(text, start):
        fence = match.group(1)
        if opened is None:
            opened = (match.start(), fence)
        elif fence[0] == opened[1][0] and len(fence) >= len(opened[1]) \
                and not match.group(2).strip():
            ranges.append((opened[0], match.end()))
            opened = None
    if opened is not None:
        ranges.append((opened[0], len(text)))
    return ranges


def resolve_link(docname: str, target: str, suffixes: tuple[str, ...],
             is_role: bool) -> str | None:
    """The docname a link names; None for web addresses, anchors and other files."""
    if not is_role and ("://" in target or target.startswith(("#", "mailto:", "tel:"))):
        return None
    path = target.split("#", 1)[0].split("?", 1)[0]
    suffix = next((s for s in suffixes if path.endswith(s)), None)
    if suffix is None and not is_role:
        return None  # a link to a file or a page MyST resolves its own way
    if suffix is not None:
        path = path[: -len(suffix)]
    if path.startswith("/"):
        return posixpath.normpath(path.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(docname), path))

