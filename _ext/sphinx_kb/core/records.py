"""Validate and normalise one article's front matter into an :class:`Article`.

Everything a listing, tag page or feed needs is decided here, from the source
file alone, so that the rest of the extension never re-reads front matter.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import posixpath
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import body
from .dates import ArticleDate, date_from_filename, parse_date
from .dialects import resolve_aliases
from .frontmatter import FrontMatter, Problem, read_front_matter, split_lines
from .languages import article_language
from .text import shorten
from .text import strip_controls as _clean

#: Keys the extension interprets; every other key is passed to templates as metadata.
CANONICAL_KEYS = ("title", "date", "lastmod", "summary", "tags", "authors", "draft", "images")
#: Keys naming old addresses of an article (Hugo, Jekyll); each becomes a redirect page.
REDIRECT_KEYS = ("aliases", "redirect_from", "permalink")
#: Keys naming an article's language and the group of its translations (Hugo's spellings).
LANGUAGE_KEYS = ("lang", "language", "translationKey")

#: Other keys holding text readers see (an image's description): character references decoded.
TEXT_META_KEYS = ("image_alt",)

#: C0 control characters other than tab and newline: invalid in XML, invisible in HTML.



@dataclass
class Article:
    """What the knowledge base knows about one article, from its source file."""

    docname: str
    source: str  # path relative to the source folder, for messages
    title: str
    date: ArticleDate | None = None
    lastmod: ArticleDate | None = None
    summary: str = ""
    tags: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    images: tuple[str, ...] = ()
    #: Old site-relative addresses that redirect here (aliases, redirect_from, permalink).
    redirects: tuple[str, ...] = ()
    draft: bool = False
    words: int = 0
    #: Other front-matter keys, as strings, for templates.
    meta: dict[str, str] = field(default_factory=dict)
    #: Line of each key in the file, for warnings.
    lines: dict[str, int] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()
    block_lines: int = 0
    #: (mtime_ns, size) of the source when this record was made.
    stamp: tuple[int, int] = (0, 0)
    #: BCP 47 code of the article's language (the site's main language unless named).
    lang: str = "en"
    #: What its translations share: Hugo's ``translationKey``, else the path without ``.<lang>``.
    translation_key: str = ""

    def line_of(self, key: str) -> int:
        return self.lines.get(key, 1)

    def location(self, srcdir: str | os.PathLike[str], line: int) -> str:
        """``<file>:<line>`` for a warning: the real file, which Sphinx cannot infer for .mdx."""
        return f"{Path(srcdir, self.source)}:{line}"

    def held_back(self, now: dt.datetime) -> str | None:
        """Why readers must not see this article yet (a draft, a future date), or None."""
        if self.draft:
            return "draft"
        if self.date is not None and self.date.instant > now:
            return f"scheduled for {self.date.iso}"
        return None


@dataclass(frozen=True)
class RecordSettings:
    """The configuration values that shape a record (a change re-reads every article)."""

    timezone: dt.tzinfo
    aliases: Mapping[str, list[str]]
    protect_templates: bool = True
    #: The site's main language and the codes recognised (empty: any known language).
    main_language: str = "en"
    languages: frozenset[str] = frozenset()


def build_article(docname: str, source: str, text: str, settings: RecordSettings,
                  matter: FrontMatter | None = None, whole: bool = True) -> Article:
    """Turn one source file into an :class:`Article`; never raises on bad input.

    ``matter``: the block already read (``kb check``'s quick reader); ``whole=False`` skips
    what only this file's own warnings and pages need, and splitting lines if it can.
    """
    lines = split_lines(text) if matter is None or whole or "{tags}" in text else []
    if matter is None:
        matter = read_front_matter(lines)
    problems = list(matter.problems)
    if not text or text.isspace():  # not text.strip(): no copy of the text
        problems.append(Problem(1, "empty", "the file is empty; it is built as an empty page. "
                                "Start it with front matter: ---, title: '...', date: '...', ---"))
    #: One warning per mistake: fallbacks after a broken block are not warned again.
    quiet = bool(problems) and not matter.data
    data = resolve_aliases(matter, settings.aliases, problems)
    start = max(matter.block_lines, 0)
    article = Article(docname=docname, source=source, title="", lines=dict(matter.lines),
                      block_lines=matter.block_lines)
    article.title = _clean(_title(
        data, matter, lambda: body.scan_headings(lines or split_lines(text), start), source,
        [] if quiet else problems))
    article.date = _date(data, "date", matter, settings, [] if quiet else problems, source)
    article.lastmod = _date(data, "lastmod", matter, settings, problems, source)
    article.summary = _text(data, "summary", matter, problems)
    article.tags = _tags(data, matter, problems) + tuple(
        _clean(tag) for tag in body.scan_tag_directives(lines, start))
    article.authors = _string_list(data, "authors", matter, problems, decode=True)
    article.images = _string_list(data, "images", matter, problems)
    article.draft = _draft(data, matter, problems)
    article.redirects = _redirects(data, matter, problems)
    _check_slug(data, matter, source, problems)
    article.words = body.count_words(lines, start) if whole else 0
    fragments = body.protect_template_syntax(list(lines), start) \
        if settings.protect_templates and whole else []
    if fragments:
        examples = ", ".join(sorted({shorten(text, 40) for _, text in fragments})[:3])
        problems.append(Problem(
            fragments[0][0] + 1, "template_syntax",
            f"{len(fragments)} template or component tag(s) that Markdown cannot render "
            f"({examples}) are shown as literal text; replace them with Markdown or MyST "
            "directives"))
    article.lang, article.translation_key = article_language(
        data, matter, docname, settings.main_language, settings.languages, problems)
    article.meta = {key: _as_meta(value) for key, value in data.items()
                    if key not in CANONICAL_KEYS and key not in REDIRECT_KEYS
                    and key not in LANGUAGE_KEYS}
    for key in TEXT_META_KEYS:
        if key in article.meta:
            article.meta[key] = _clean(_decode(article.meta[key])).strip()
    article.problems = tuple(problems)
    return article


def _title(data: dict[str, Any], matter: FrontMatter,
           headings: Callable[[], list[body.Heading]], source: str,
           problems: list[Problem]) -> str:
    """The title; the body's headings are scanned only when the front matter has none."""
    value = data.get("title")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str) and _clean(_decode(value)).strip():
        return " ".join(_clean(_decode(value)).split())
    # A heading of control characters only is no title either.
    first = next((text for text in (" ".join(_clean(body.plain_text(h.text)).split())
                                    for h in headings()) if text), "")
    fallback = first or _title_from_filename(source)
    where = "the first heading" if first else "the file name"
    if value is None or (isinstance(value, str) and not value.strip()):
        what = "has no 'title'" if "title" not in data else "has an empty 'title'"
    else:
        what = f"has a 'title' that is not text ({type(value).__name__})"
    problems.append(Problem(matter.line_of("title") if "title" in data else 1, "title",
                            f"article {what}; using {where}: '{fallback}'. "
                            "Add a line like title: 'My article'"))
    return fallback


#: File names that stand for their folder (Hugo page bundles, README-style folders).
_BUNDLE_STEMS = frozenset({"index", "_index", "readme"})


def _named_part(source: str) -> str:
    """The part of the path that names the article: the folder of a page bundle's index.md."""
    stem = posixpath.splitext(posixpath.basename(source))[0]
    parent = posixpath.basename(posixpath.dirname(source))
    return parent if stem.lower() in _BUNDLE_STEMS and parent else stem


def _title_from_filename(source: str) -> str:
    stem = _named_part(source)
    return " ".join(stem.replace("-", " ").replace("_", " ").split()) or stem


def _date(data: dict[str, Any], key: str, matter: FrontMatter, settings: RecordSettings,
          problems: list[Problem], source: str) -> ArticleDate | None:
    value = data.get(key)
    if value is None or value == "":
        if key != "date":
            return None
        from_name = date_from_filename(_named_part(source), settings.timezone)
        if from_name is None:
            problems.append(Problem(matter.line_of("title") if "title" in data else 1, "date",
                                    "article has no 'date'; it is listed last, as undated. "
                                    "Add a line like date: '2021-10-05'"))
        return from_name
    try:
        return parse_date(value, settings.timezone)
    except ValueError as exc:
        problems.append(Problem(matter.line_of(key), "date", f"'{key}': {exc}"))
        return None


def _text(data: dict[str, Any], key: str, matter: FrontMatter, problems: list[Problem]) -> str:
    value = data.get(key)
    if value is None:
        return ""
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return _clean(_decode(str(value))).strip()
    problems.append(Problem(matter.line_of(key), key,
                            f"'{key}' should be text, got {type(value).__name__}; ignored"))
    return ""


def _tags(data: dict[str, Any], matter: FrontMatter, problems: list[Problem]) -> tuple[str, ...]:
    value = data.get("tags")
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(part.strip() for part in _clean(_decode(value)).split(",") if part.strip())
    if isinstance(value, list):
        good = [" ".join(_clean(_decode(str(item))).split()) for item in value
                if isinstance(item, (str, int, float)) and not isinstance(item, bool)]
        good = [tag for tag in good if tag]
        if len(good) != len(value):
            problems.append(Problem(matter.line_of("tags"), "tags",
                                    "'tags' should be a list of words; entries that are not "
                                    "text were ignored"))
        return tuple(good)
    problems.append(Problem(matter.line_of("tags"), "tags",
                            f"'tags' should be a list like ['a', 'b'] or 'a, b', got "
                            f"{type(value).__name__}; ignored"))
    return ()


def _string_list(data: dict[str, Any], key: str, matter: FrontMatter,
                 problems: list[Problem], subtype: str = "",
                 decode: bool = False) -> tuple[str, ...]:
    value = data.get(key)
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    good = [" ".join(_clean(_decode(str(item)) if decode else str(item)).split()) for item in items
            if isinstance(item, (str, int, float)) and not isinstance(item, bool)]
    if len(good) != len(items):
        problems.append(Problem(matter.line_of(key), subtype or key,
                                f"'{key}' should be text or a list of text; other entries "
                                "were ignored"))
    return tuple(item for item in good if item)


def _redirects(data: dict[str, Any], matter: FrontMatter,
               problems: list[Problem]) -> tuple[str, ...]:
    paths: list[str] = []
    for key in REDIRECT_KEYS:
        for value in _string_list(data, key, matter, problems, subtype="redirect"):
            path = value.strip()
            parts = [part for part in path.split("/") if part not in ("", ".")]
            if "://" in path or path.startswith("//") or ".." in parts or not parts \
                    or any(ch in path for ch in "\\?#<>\"'"):
                problems.append(Problem(matter.line_of(key), "redirect",
                                        f"'{key}: {value}' is not a path on this site; "
                                        "write it like /2015/05/21/old-name/"))
                continue
            paths.append("/".join(parts) + ("/" if path.endswith("/") else ""))
    return tuple(dict.fromkeys(paths))


def _check_slug(data: dict[str, Any], matter: FrontMatter, source: str,
                problems: list[Problem]) -> None:
    slug = data.get("slug")
    if slug is None:
        return
    stem = _named_part(source)
    # Jekyll's 2015-05-21-moving-day.md has the slug moving-day: that matches.
    if str(slug).strip("/") in (stem, re.sub(r"^\d{4}-\d{2}-\d{2}-", "", stem)):
        return
    problems.append(Problem(matter.line_of("slug"), "slug",
                            f"'slug: {slug}' is not used: the address comes from the file name "
                            f"('{stem}'); rename the file, or list the old address under "
                            "redirect_from so it keeps working"))


def _draft(data: dict[str, Any], matter: FrontMatter, problems: list[Problem]) -> bool:
    value = data.get("draft", False)
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    if isinstance(value, str) and value.strip().lower() in {"true", "yes", "false", "no"}:
        return value.strip().lower() in {"true", "yes"}
    problems.append(Problem(matter.line_of("draft"), "draft",
                            f"'draft' should be true or false, got {value!r}; the article is "
                            "treated as a draft"))
    return True


def _decode(text: str) -> str:
    """``&#43;``, ``&#x2B;``, ``&ntilde;`` as the characters they name, once.

    Exports from other generators write front matter this way; every output
    escapes the result again, so ``&lt;b&gt;`` becomes visible text, not markup.
    """
    return html.unescape(text) if "&" in text else text


def _as_meta(value: Any) -> str:
    if isinstance(value, str):
        return value
    try:
        return json.dumps(value, default=str, ensure_ascii=False)
    except (TypeError, ValueError, RecursionError):
        return str(value)
