"""Rendering: what each page shows, filled in from the site model.

MyST reads an article as one title and its body (`article_source.py`);
`pages.py` sets the title, metadata and summary and fills in bylines, tag
badges and related articles; `listings.py` provides the listing directives;
`sidebar.py` the site's sections; `editions.py` the single-document builders;
`icons.py` the theme's icons as inline SVG instead of FontAwesome's script.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .. import order
from . import nodes as kb_nodes
from .article_source import rewrite_article_source
from .editions import EditionEpubBuilder, add_edition_toctree, configure_latex, reread_root
from .icons import icon_context, prepare_icons, write_icons
from .languages import set_page_language
from .listings import LISTING_KINDS, listing_directive
from .paged import add_pager_links
from .pages import add_article_context, decorate_page, escape_theme_titles, resolve_pages
from .sidebar import add_sidebar_context

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

_PACKAGE = Path(__file__).parent.parent
_STATIC = _PACKAGE / "static"
#: Templates a site can name in ``html_sidebars`` (``kb-sidebar-nav.html``).
_TEMPLATES = _PACKAGE / "templates"
#: sphinx-book-theme's sidebar with its site toctree replaced by the site's sections and its
#: brand block inside a landmark.
_BOOK_SIDEBAR = ["kb-sidebar-brand.html", "icon-links.html", "search-button-field.html",
                 "kb-sidebar-nav.html"]


def configure_output(app: Sphinx, config: Config) -> None:
    """Our CSS and templates join the theme's; LaTeX and the book theme's sidebar are set up.

    Done at ``config-inited`` so the pickled configuration matches the next
    build's and Sphinx does not see a changed setting.
    """
    if str(_STATIC) not in config.html_static_path:
        config.html_static_path.append(str(_STATIC))
    if str(_TEMPLATES) not in config.templates_path:
        config.templates_path.append(str(_TEMPLATES))
    configure_latex(config)
    if config.kb_sidebar and config.html_theme == "sphinx_book_theme" and not config.html_sidebars:
        config.html_sidebars = {"**": _BOOK_SIDEBAR}


def setup_render(app: Sphinx) -> None:
    app.add_builder(EditionEpubBuilder, override=True)
    for kind in LISTING_KINDS:
        app.add_directive(f"kb-{kind}", listing_directive(kind))
    # The {tags} directive is registered at config-inited, after sphinx-tags' setup.
    placeholder = (kb_nodes.visit_placeholder, None)
    for node in (kb_nodes.kb_listing, kb_nodes.kb_article_header, kb_nodes.kb_article_footer):
        app.add_node(node, html=placeholder, latex=placeholder, text=placeholder,
                     man=placeholder, texinfo=placeholder)
    app.add_node(kb_nodes.kb_time, html=(kb_nodes.visit_kb_time_html, kb_nodes.depart_kb_time_html))
    app.add_node(kb_nodes.kb_tag_ref,
                 html=(kb_nodes.visit_kb_tag_ref_html, kb_nodes.depart_kb_tag_ref_html))
    connect = app.connect
    connect("config-inited", configure_output, priority=order.CONFIGURE)
    connect("env-get-outdated", reread_root, priority=order.REREAD_ROOT)
    connect("source-read", rewrite_article_source)
    connect("doctree-read", decorate_page, priority=order.DECORATE_PAGE)
    connect("doctree-read", add_edition_toctree, priority=order.EDITION_TOCTREE)
    connect("doctree-resolved", resolve_pages, priority=order.RESOLVE_PAGES)
    connect("html-page-context", add_article_context)
    connect("html-page-context", add_sidebar_context)
    connect("html-page-context", add_pager_links)
    connect("html-page-context", set_page_language)
    connect("html-page-context", escape_theme_titles, priority=order.ESCAPE_TITLES)
    app.add_css_file("kb.css")
    connect("builder-inited", prepare_icons)
    connect("html-page-context", icon_context)
    connect("build-finished", write_icons)
