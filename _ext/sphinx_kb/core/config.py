"""Every ``kb_`` setting: its default, type and check, without Sphinx.

The build declares and checks the settings from these tables (``build/settings.py``);
the writers' tools (``kb check``, ``kb new``) read ``conf.py`` with the same defaults and
checks, so both see one configuration.
"""

from __future__ import annotations

import copy
import datetime as dt
import posixpath
from collections.abc import Callable
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_TRUE = {"true", "yes", "on", "1"}
_FALSE = {"false", "no", "off", "0", ""}


class Invalid(ValueError):
    """A value that cannot be used; ``used`` is what the build uses instead."""

    def __init__(self, reason: str, used: Any) -> None:
        super().__init__(reason)
        self.used = used


def _bool(value: Any, default: Any) -> Any:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if isinstance(value, (int, str)) and text in _TRUE | _FALSE:
        raise Invalid("should be True or False", text in _TRUE)
    raise Invalid("should be True or False", default)


def _count(minimum: int) -> Callable[[Any, Any], Any]:
    def check(value: Any, default: Any) -> Any:
        number = value
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            number = int(value)
        if isinstance(number, bool) or not isinstance(number, int):
            raise Invalid("should be a whole number", default)
        if number < minimum:
            raise Invalid(f"should be {minimum} or more", default)
        if number is not value:
            raise Invalid("should be a number, not text", number)
        return value
    return check


def _text(value: Any, default: Any) -> Any:
    if not isinstance(value, str):
        raise Invalid("should be text", default)
    return value


def _title(value: Any, default: Any) -> Any:
    if not isinstance(value, str) or not value.strip():
        raise Invalid("should be a non-empty title", default)
    return value


def _timezone(value: Any, default: Any) -> Any:
    if not isinstance(value, str) or not value.strip():
        raise Invalid("should be a time zone name like 'Europe/Berlin'", default)
    if value.strip().upper() == "UTC":
        return value
    try:
        ZoneInfo(value.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise Invalid("is not a known time zone (IANA names like 'Europe/Berlin')",
                      default) from None
    return value


def _folder(value: Any, default: Any) -> Any:
    if not isinstance(value, str) or not value.strip().strip("/"):
        raise Invalid("should be a folder name relative to the source folder", default)
    if value.startswith("/") or (len(value) > 1 and value[1] == ":"):
        raise Invalid("should be relative to the source folder, not absolute", default)
    normal = posixpath.normpath(value.strip().replace("\\", "/"))
    if normal.startswith("..") or normal == ".":
        raise Invalid("should be a folder inside the source folder", default)
    if normal != value:
        raise Invalid("should be written without extra slashes or dots", normal)
    return value


def _date_format(value: Any, default: Any) -> Any:
    if not isinstance(value, str) or not value.strip():
        raise Invalid("should be a strftime format like '%B %-d, %Y'", default)
    try:
        dt.datetime(2021, 10, 5).strftime(value)
    except ValueError:
        raise Invalid("is not a valid strftime format", default) from None
    return value


def _patterns(value: Any, default: Any) -> Any:
    if isinstance(value, str) and value.strip():
        raise Invalid("should be a list of patterns", [value])
    if not isinstance(value, (list, tuple)) or not value:
        raise Invalid("should be a non-empty list of patterns like ['articles/**']", default)
    good = [item for item in value if isinstance(item, str) and item.strip()]
    if len(good) != len(value):
        raise Invalid("should hold only non-empty text patterns", good or default)
    return value


def _aliases(value: Any, default: Any) -> Any:
    if not isinstance(value, dict):
        raise Invalid("should be a dict like {'summary': ['description']}", default)
    good = {key: names for key, names in value.items() if isinstance(key, str)
            and isinstance(names, list) and all(isinstance(n, str) for n in names)}
    if len(good) != len(value):
        raise Invalid("should map each key to a list of names; other entries are ignored", good)
    return value


def _languages(value: Any, default: Any) -> Any:
    from .languages import normalise

    if isinstance(value, str):
        raise Invalid("should be a list of language codes like ['en', 'es']", [value])
    if not isinstance(value, (list, tuple)):
        raise Invalid("should be a list of language codes like ['en', 'es']", default)
    good = [item for item in value if isinstance(item, str) and normalise(item)]
    if len(good) != len(value):
        raise Invalid("should hold only language codes like 'es' or 'pt-BR'; the others are "
                      "ignored", good)
    return value


def _colors(value: Any, default: Any) -> Any:
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                              for k, v in value.items()):
        raise Invalid("should be a dict of tag patterns to colour names", default)
    return value


#: Each setting's check; the default comes from Sphinx's registry.
CHECKS: dict[str, Callable[[Any, Any], Any]] = {
    "kb_articles": _patterns,
    "kb_drafts": _bool,
    "kb_timezone": _timezone,
    "kb_field_aliases": _aliases,
    "kb_protect_templates": _bool,
    "kb_tags_dir": _folder,
    "kb_tags_title": _title,
    "kb_archive_dir": _folder,
    "kb_tag_page_size": _count(1),
    "kb_archive_page_size": _count(1),
    "kb_search_shard_size": _count(1),
    "kb_date_format": _date_format,
    "kb_recent_count": _count(0),
    "kb_tag_cloud_count": _count(0),
    "kb_related_count": _count(0),
    "kb_words_per_minute": _count(1),
    "kb_site_description": _text,
    "kb_sidebar": _bool,
    "kb_feed_entries": _count(0),
    "kb_sitemap": _bool,
    "kb_tags_intro": _text,
    "kb_tag_page_title": _text,
    "kb_tag_page_header": _text,
    "kb_tag_badges": _bool,
    "kb_tag_colors": _colors,
    "kb_languages": _languages,
}


#: name -> (default, rebuild, types, description) of every ``kb_`` setting.
SETTINGS: dict[str, tuple[Any, Literal["env", "html"], frozenset[type], str]] = {
    "kb_articles": (["articles/**"], "env", frozenset({list, tuple}), ""),
    "kb_drafts": (False, "env", frozenset({bool}), ""),
    "kb_timezone": ("UTC", "env", frozenset({str}), ""),
    "kb_field_aliases": ({}, "env", frozenset({dict}), ""),
    "kb_protect_templates": (True, "env", frozenset({bool}), ""),
    "kb_tags_dir": ("tags", "env", frozenset({str}), ""),
    "kb_tags_title": ("Tags", "env", frozenset({str}), ""),
    "kb_archive_dir": ("archive", "env", frozenset({str}),
                       "Folder of the generated archive pages, one per year."),
    "kb_tag_page_size": (50, "html", frozenset({int}),
                         "Articles per tag page; a tag with more gets numbered pages."),
    "kb_archive_page_size": (50, "html", frozenset({int}),
                             "Articles per archive year page; a bigger year gets numbered pages."),
    "kb_date_format": ("%B %-d, %Y", "html", frozenset({str}), ""),
    "kb_recent_count": (10, "html", frozenset({int}), ""),
    "kb_tag_cloud_count": (20, "html", frozenset({int}), ""),
    "kb_related_count": (3, "html", frozenset({int}), ""),
    "kb_words_per_minute": (230, "html", frozenset({int}), ""),
    "kb_site_description": ("", "html", frozenset({str}), ""),
    "kb_sidebar": (True, "html", frozenset({bool}), ""),
    # The settings of sphinx-tags (tags_intro_text, ...) fill these in; see sphinx_tags_compat.
    "kb_tags_intro": ("", "html", frozenset({str}), ""),
    "kb_tag_page_title": ("", "env", frozenset({str}), ""),
    "kb_tag_page_header": ("", "html", frozenset({str}), ""),
    "kb_tag_badges": (True, "html", frozenset({bool}), ""),
    "kb_tag_colors": ({}, "html", frozenset({dict}), ""),
    "kb_feed_entries": (20, "html", frozenset({int}), "Entries per Atom feed; 0 writes no feeds."),
    "kb_sitemap": (True, "html", frozenset({bool}), "Write sitemap.xml (needs html_baseurl)."),
    "kb_search": ("pagefind", "html", frozenset({str}),
                  "'pagefind' (the default) or 'sphinx': which search the site has."),
    "kb_languages": ([], "env", frozenset({list, tuple}),
                     "Language codes recognised in file names (name.es.md); empty: any "
                     "language Babel knows."),
    "kb_search_shard_size": (4000, "html", frozenset({int}),
                             "Pages per Pagefind index shard: bounds the indexing memory."),
}


def checked(name: str, value: Any) -> tuple[Any, str | None]:
    """``(value used, reason)`` for one setting: the value itself, or its replacement and why."""
    check = CHECKS.get(name)
    if check is None:
        return value, None
    try:
        check(value, copy.deepcopy(SETTINGS[name][0]))
    except Invalid as bad:
        return bad.used, str(bad)
    return value, None
