"""Publishing the knowledge base: Atom feeds, sitemap, social and search-engine metadata, 404.

A Sphinx extension of its own, loaded after ``sphinx_kb`` (whose site model it
reads). Every file it writes is made at ``build-finished`` from the
environment, so incremental and parallel builds give the same output as a full
build; per-page work happens in ``html-page-context`` and only reads the model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx.errors import ExtensionError

from .feeds import add_feed_links, add_feed_paragraph, write_feeds
from .headmeta import add_head_metadata
from .images import copy_front_matter_images
from .notfound import configure_notfound, set_notfound_page
from .sitemap import write_sitemap

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata

__version__ = "0.1.0"


def _require_kb(app: Sphinx, config: Config) -> None:
    if "sphinx_kb" not in app.extensions:
        raise ExtensionError("sphinx_kb.publish needs the sphinx_kb extension: list "
                             "'sphinx_kb' before 'sphinx_kb.publish' in extensions")


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("notfound.extension")
    app.add_config_value("kb_feed_entries", 20, "html", types=frozenset({int}),
                         description="Entries per Atom feed; 0 writes no feeds.")
    app.add_config_value("kb_sitemap", True, "html", types=frozenset({bool}),
                         description="Write sitemap.xml (needs html_baseurl).")
    app.connect("config-inited", _require_kb)
    # Before sphinx-notfound-page checks the prefix (priority 500).
    app.connect("config-inited", configure_notfound, priority=400)
    app.connect("builder-inited", set_notfound_page)
    # After sphinx_kb fills in the page (priority 500): the link goes last.
    app.connect("doctree-resolved", add_feed_paragraph, priority=600)
    # After sphinx-notfound-page swaps ``pathto`` (400) and the theme fixes ``pageurl`` (500).
    app.connect("html-page-context", add_feed_links, priority=550)
    app.connect("html-page-context", add_head_metadata, priority=600)
    app.connect("build-finished", write_feeds)
    app.connect("build-finished", write_sitemap)
    app.connect("build-finished", copy_front_matter_images)
    return {
        "version": __version__,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
