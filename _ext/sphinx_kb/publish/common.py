"""What feeds, sitemap and head metadata share: the site URL, clean text, public articles.

Everything here works from the configuration and the environment alone, so the
files written at ``build-finished`` describe the whole site whichever pages this
build happened to write (incremental and parallel builds included).
"""

from __future__ import annotations

import datetime as dt
import posixpath
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit

from ..build.store import get_domain

# Every text the publish stage writes (XML, <head> attributes) goes through ``clean``.
from ..core.text import xml_safe as clean

if TYPE_CHECKING:
    from sphinx.builders import Builder
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

    from ..core.dates import ArticleDate
    from ..core.records import Article

#: Suffixes of front-matter images the build copies next to the pages.
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".avif"})


def site_base(config: Config) -> str:
    """``html_baseurl`` with a trailing slash, or ``""`` when the site's URL is unknown."""
    base = (config.html_baseurl or "").strip()
    if not base:
        return ""
    return base if base.endswith("/") else base + "/"


def page_url(builder: Builder, docname: str) -> str:
    """Absolute URL of a page, the way Sphinx computes ``pageurl`` (``""`` without a base)."""
    base = site_base(builder.config)
    return posixpath.join(base, builder.get_target_uri(docname)) if base else ""


def file_url(config: Config, relpath: str) -> str:
    base = site_base(config)
    return base + quote(relpath) if base else ""


def is_public(article: Article, now: dt.datetime) -> bool:
    """Published for readers: feeds, sitemaps and search engines never see drafts."""
    return article.held_back(now) is None


def build_now(env: BuildEnvironment) -> dt.datetime:
    """The build's one "now" (`build/state.py`)."""
    return get_domain(env).state.now


def rfc3339(date: ArticleDate) -> str:
    """A full timestamp with offset (Atom requires one even for date-only front matter)."""
    return date.instant.isoformat(timespec="seconds")


def w3c_date(date: ArticleDate) -> str:
    """The date alone, or date and time to the second, as sitemaps and Open Graph take it."""
    return date.instant.isoformat(timespec="seconds") if date.has_time else date.iso


def modified(article: Article) -> ArticleDate | None:
    """When the article last changed: ``lastmod`` when given and not older than ``date``."""
    if article.lastmod and (article.date is None or article.lastmod >= article.date):
        return article.lastmod
    return article.date


def image_source(article: Article, value: str) -> str | None:
    """A front-matter image as a path relative to the source folder, or ``None``.

    ``/x.png`` is relative to the site root, ``x.png`` to the article's folder
    (as in its Markdown). Paths that leave the source folder are refused.
    """
    if is_remote(value) or not value or value.startswith(("data:", "#")):
        return None
    path = value.split("#", 1)[0].split("?", 1)[0]
    if path.startswith("/"):
        joined = path.lstrip("/")
    else:
        joined = posixpath.join(posixpath.dirname(article.source), path)
    normal = posixpath.normpath(joined)
    if normal in {".", ""} or normal.startswith("../") or normal == "..":
        return None
    return normal


def image_url(config: Config, article: Article, value: str) -> str:
    """Absolute URL of a front-matter image (``""`` when it cannot be made absolute)."""
    value = clean(value).strip()
    if is_remote(value):
        return "https:" + value if value.startswith("//") else value
    relpath = image_source(article, value)
    return file_url(config, relpath) if relpath else ""


def absolute_http_url(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in {"http", "https"} and bool(parts.netloc)


def is_remote(value: str) -> bool:
    """An image or link elsewhere: an absolute http(s) URL or a protocol-relative ``//`` one."""
    return value.startswith("//") or absolute_http_url(value)


