"""A 404 page that works at any URL depth, with sphinx-notfound-page.

sphinx-notfound-page 1.1 makes the links of ``404.html`` absolute from
``notfound_urls_prefix``, whose default is the path of
``READTHEDOCS_CANONICAL_URL`` or ``/en/latest/`` when that is unset: wrong for a
local build or any other host. Unless conf.py (or ``-D``) sets it, the prefix
is the path of ``READTHEDOCS_CANONICAL_URL``, else of ``html_baseurl``, else ``/``.
"""

from __future__ import annotations

import html
import os
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from sphinx.locale import _

from .._compat import given_in_conf

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config


def user_set(config: Config, name: str) -> bool:
    """Whether conf.py or ``-D`` gave ``name`` (rather than the extension's default)."""
    return given_in_conf(config, name)[0]


def urls_prefix(config: Config) -> str:
    url = os.environ.get("READTHEDOCS_CANONICAL_URL", "") or (config.html_baseurl or "")
    path = urlsplit(url).path if url else "/"
    path = "/" + path.strip("/") + "/" if path.strip("/") else "/"
    return path


def configure_notfound(app: Sphinx, config: Config) -> None:
    if not user_set(config, "notfound_urls_prefix"):
        config.notfound_urls_prefix = urls_prefix(config)


def set_notfound_page(app: Sphinx) -> None:
    """A 404 body that leads back to the home page and the search, from any depth."""
    config = app.config
    # sphinx-notfound-page writes its page for the HTML builders that are not embedded
    # (singlehtml too, unlike the web builders of feeds and sitemap); LaTeX's
    # get_target_uri would raise NoUri.
    builder = app.builder
    if (user_set(config, "notfound_context") or builder.format != "html"
            or getattr(builder, "embedded", False)):
        return
    prefix = config.notfound_urls_prefix or "/"
    home = prefix + app.builder.get_target_uri(config.root_doc)
    search = prefix + app.builder.get_target_uri("search")
    title = _("Page not found")
    body = (f"<h1>{html.escape(title)}</h1>\n<p>"
            + html.escape(_("There is no page at this address. It may have moved, or the "
                            "link that brought you here may be wrong."))
            + "</p>\n<p>"
            + f'<a href="{html.escape(home, quote=True)}">{html.escape(_("Home page"))}</a>'
            + " · "
            + f'<a href="{html.escape(search, quote=True)}">{html.escape(_("Search"))}</a>'
            + "</p>")
    config.notfound_context = {"title": title, "body": body}
