"""Publishing: redirects, Atom feeds, sitemap, head metadata, the 404 page, images.

Every file this stage writes is made at ``build-finished`` from the
environment, so incremental and parallel builds give the same output as a full
build; per-page work happens in ``html-page-context`` and only reads the model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .feeds import add_feed_links, add_feed_paragraph, write_feeds
from .headmeta import add_head_metadata
from .images import copy_front_matter_images
from .notfound import configure_notfound, set_notfound_page
from .redirects import plan_redirects, write_redirects
from .sitemap import write_sitemap

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup_publish(app: Sphinx) -> None:
    app.setup_extension("notfound.extension")
    # Before sphinx-notfound-page checks the prefix (priority 500).
    app.connect("config-inited", configure_notfound, priority=400)
    app.connect("builder-inited", set_notfound_page)
    app.connect("env-updated", plan_redirects)
    # After sphinx_kb fills in the page (priority 500): the link goes last.
    app.connect("doctree-resolved", add_feed_paragraph, priority=600)
    # After sphinx-notfound-page swaps ``pathto`` (400) and the theme fixes ``pageurl`` (500).
    app.connect("html-page-context", add_feed_links, priority=550)
    app.connect("html-page-context", add_head_metadata, priority=600)
    app.connect("build-finished", write_feeds)
    app.connect("build-finished", write_sitemap)
    app.connect("build-finished", copy_front_matter_images)
    app.connect("build-finished", write_redirects)
