"""Every ``kb_`` setting is checked once, at ``config-inited``, before anything uses it.

A bad value never changes the site silently: it gets one warning naming the
setting, the value and the value used instead. Runs before Sphinx's own type
check (priority 800), so a wrong type is replaced here and not warned twice.
"""

from __future__ import annotations

import copy
import datetime as dt
import posixpath
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sphinx.util import logging

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)

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
}


def declare_settings(app: Sphinx) -> None:
    """Every ``kb_`` setting with its default, rebuild scope and type (see `check_settings`)."""
    for name, (default, rebuild, types, description) in SETTINGS.items():
        # A copy: a default list or dict must not be shared by two builds in one process.
        app.add_config_value(name, copy.deepcopy(default), rebuild, types=types,
                             description=description)


def conf_location(app: Sphinx, name: str) -> str | None:
    """``conf.py:<line>`` of the line that sets ``name`` (line 1 if not found there)."""
    if app.confdir is None:
        return None
    path = Path(app.confdir, "conf.py")
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    pattern = re.compile(rf"^\s*{re.escape(name)}\s*[=+:]")
    line = next((number for number, text in enumerate(lines, 1) if pattern.match(text)), 1)
    return f"{path}:{line}"


def warn_setting(app: Sphinx, name: str, value: Any, reason: str, used: Any) -> None:
    logger.warning("setting %s = %r %s; using %r", name, value, reason, used,
                   type="kb", subtype="config", location=conf_location(app, name))


def check_settings(app: Sphinx, config: Config) -> None:
    """``config-inited``: replace each bad ``kb_`` value, with one warning."""
    for name, check in CHECKS.items():
        if name not in config:
            continue
        value = getattr(config, name)
        default = copy.deepcopy(SETTINGS[name][0])  # what add_config_value registered
        try:
            check(value, default)
        except Invalid as bad:
            warn_setting(app, name, value, str(bad), bad.used)
            setattr(config, name, bad.used)
    _separate_folders(app, config)


def _separate_folders(app: Sphinx, config: Config) -> None:
    """Tag pages and year pages each keep their folder in step: one folder cannot hold both."""
    if "kb_archive_dir" not in config or "kb_tags_dir" not in config:
        return
    tags, archive = config.kb_tags_dir.strip("/"), config.kb_archive_dir.strip("/")
    if archive == tags or archive.startswith(tags + "/") or tags.startswith(archive + "/"):
        used = f"{tags}-archive"
        warn_setting(app, "kb_archive_dir", config.kb_archive_dir,
                     f"overlaps the tag pages' folder {config.kb_tags_dir!r} (kb_tags_dir)",
                     used)
        config.kb_archive_dir = used
