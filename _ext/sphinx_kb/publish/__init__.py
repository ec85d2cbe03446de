"""Publishing: redirects, Atom feeds, sitemap, head metadata, the 404 page, images, search.

Every file this stage writes is made at ``build-finished`` from the
environment, so incremental and parallel builds give the same output as a full
build; per-page work happens in ``html-page-context`` and only reads the model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import order
from .alternates import add_alternate_links
from .feeds import add_feed_links, add_feed_paragraph, write_feeds
from .headmeta import add_description_meta, add_head_metadata
from .images import copy_front_matter_images
from .notfound import configure_notfound, set_notfound_page
from .redirects import plan_redirects, write_redirects
from .search import (
    choose_engine,
    mark_indexed_content,
    search_page,
    search_page_assets,
    write_index,
)
from .sitemap import write_sitemap

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup_publish(app: Sphinx) -> None:
    app.setup_extension("notfound.extension")
    connect = app.connect
    connect("config-inited", configure_notfound, priority=order.NOTFOUND_CONFIG)
    connect("builder-inited", set_notfound_page)
    connect("env-updated", plan_redirects)
    connect("doctree-resolved", add_feed_paragraph, priority=order.FEED_PARAGRAPH)
    connect("html-page-context", add_description_meta, priority=order.DESCRIPTION)
    connect("html-page-context", add_feed_links, priority=order.FEED_LINKS)
    connect("html-page-context", add_head_metadata, priority=order.HEAD_METADATA)
    connect("html-page-context", add_alternate_links, priority=order.HEAD_METADATA)
    connect("build-finished", write_feeds)
    connect("build-finished", write_sitemap)
    connect("build-finished", copy_front_matter_images)
    connect("build-finished", write_redirects)
    # Search: Pagefind in place of Sphinx's index (publish/search.py).
    connect("builder-inited", choose_engine)
    connect("html-page-context", search_page_assets)
    connect("html-page-context", mark_indexed_content, priority=order.MARK_INDEXED)
    connect("html-collect-pages", search_page)
    connect("build-finished", write_index, priority=order.SEARCH_INDEX)
