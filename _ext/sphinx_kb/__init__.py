"""Sphinx extension: a knowledge base from Markdown articles with YAML front matter."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from . import nodes as kb_nodes
from .article_source import rewrite_article_source
from .buildguard import finish_build, restart_build, start_build
from .editions import EditionEpubBuilder, add_edition_toctree, configure_latex, reread_root
from .encoding import read_leniently
from .filescan import exclude_bad_paths
from .listings import LISTING_KINDS, listing_directive
from .pages import (
    decorate_page,
    escape_theme_titles,
    page_context,
    pages_to_rewrite,
    resolve_pages,
)
from .redirects import plan_redirects, write_redirects
from .report import report_articles
from .settings import check_settings
from .sidebar import add_sidebar_context
from .sources import drop_unpublished, refresh_articles
from .speed import read_few_serially, restore_parallel
from .sphinx_tags_compat import adopt_sphinx_tags
from .store import KnowledgeBaseDomain
from .variants import noindex_drafts_build, tag_pages_of_this_build

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.util.typing import ExtensionMetadata

__version__ = "0.1.0"

#: Bump when the pickled records change shape: Sphinx then starts a fresh environment.
ENV_VERSION = 4
_STATIC = Path(__file__).parent / "static"
#: Templates a site can name in ``html_sidebars`` (``kb-sidebar-nav.html``).
_TEMPLATES = Path(__file__).parent / "templates"
#: sphinx-book-theme's sidebar with its site toctree replaced by the site's sections.
_BOOK_SIDEBAR = ["navbar-logo.html", "icon-links.html", "search-button-field.html",
                 "kb-sidebar-nav.html"]


def _add_config(app: Sphinx) -> None:
    add = app.add_config_value
    add("kb_articles", ["articles/**"], "env", types=frozenset({list, tuple}))
    add("kb_drafts", False, "env", types=frozenset({bool}))
    add("kb_timezone", "UTC", "env", types=frozenset({str}))
    add("kb_field_aliases", {}, "env", types=frozenset({dict}))
    add("kb_protect_templates", True, "env", types=frozenset({bool}))
    add("kb_tags_dir", "tags", "env", types=frozenset({str}))
    add("kb_tags_title", "Tags", "env", types=frozenset({str}))
    add("kb_date_format", "%B %-d, %Y", "html", types=frozenset({str}))
    add("kb_recent_count", 10, "html", types=frozenset({int}))
    add("kb_tag_cloud_count", 20, "html", types=frozenset({int}))
    add("kb_related_count", 3, "html", types=frozenset({int}))
    add("kb_words_per_minute", 230, "html", types=frozenset({int}))
    add("kb_site_description", "", "html", types=frozenset({str}))
    add("kb_sidebar", True, "html", types=frozenset({bool}))
    # The settings of sphinx-tags (tags_intro_text, ...) fill these in; see sphinx_tags_compat.
    add("kb_tags_intro", "", "html", types=frozenset({str}))
    add("kb_tag_page_title", "", "env", types=frozenset({str}))
    add("kb_tag_page_header", "", "html", types=frozenset({str}))
    add("kb_tag_badges", True, "html", types=frozenset({bool}))
    add("kb_tag_colors", {}, "html", types=frozenset({dict}))


def _configure(app: Sphinx, config: Config) -> None:
    """``.mdx`` files are articles too; our CSS joins the static files.

    Done at ``config-inited`` so the pickled configuration matches the next
    build's and Sphinx does not see a changed setting.
    """
    suffixes = config.source_suffix
    if isinstance(suffixes, dict) and ".mdx" not in suffixes:
        suffixes[".mdx"] = "markdown"
    if str(_STATIC) not in config.html_static_path:
        config.html_static_path.append(str(_STATIC))
    if str(_TEMPLATES) not in config.templates_path:
        config.templates_path.append(str(_TEMPLATES))
    configure_latex(config)
    if config.kb_sidebar and config.html_theme == "sphinx_book_theme" and not config.html_sidebars:
        config.html_sidebars = {"**": _BOOK_SIDEBAR}


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("myst_parser")
    app.setup_extension("sphinx_kb.publish")
    app.setup_extension("sphinx_kb.search")
    _add_config(app)
    app.add_domain(KnowledgeBaseDomain)
    app.add_builder(EditionEpubBuilder, override=True)
    for kind in LISTING_KINDS:
        app.add_directive(f"kb-{kind}", listing_directive(kind))
    # The {tags} directive is registered at config-inited, after sphinx-tags' setup.
    placeholder = (kb_nodes.visit_placeholder, None)
    for node in (kb_nodes.kb_listing, kb_nodes.kb_article_header, kb_nodes.kb_article_footer):
        app.add_node(node, html=placeholder, latex=placeholder, text=placeholder,
                     man=placeholder, texinfo=placeholder)
    app.add_node(kb_nodes.kb_time, html=(kb_nodes.visit_kb_time_html, kb_nodes.depart_kb_time_html))
    app.connect("config-inited", start_build, priority=100)
    app.connect("config-inited", adopt_sphinx_tags, priority=420)
    app.connect("config-inited", check_settings, priority=450)
    app.connect("config-inited", _configure)
    app.connect("config-inited", exclude_bad_paths, priority=850)  # after source_suffix merge
    app.connect("env-before-read-docs", read_leniently)
    app.connect("builder-inited", refresh_articles)
    app.connect("env-get-outdated", restart_build, priority=100)
    app.connect("env-get-outdated", drop_unpublished)
    app.connect("env-get-outdated", reread_root, priority=600)
    app.connect("env-get-outdated", tag_pages_of_this_build)
    app.connect("env-before-read-docs", read_few_serially, priority=900)
    app.connect("env-updated", restore_parallel, priority=100)
    app.connect("source-read", rewrite_article_source)
    app.connect("doctree-read", decorate_page, priority=400)
    app.connect("doctree-read", add_edition_toctree, priority=450)
    app.connect("env-updated", pages_to_rewrite)
    app.connect("env-updated", plan_redirects)
    app.connect("doctree-resolved", resolve_pages)
    app.connect("html-page-context", page_context)
    app.connect("html-page-context", escape_theme_titles, priority=900)
    app.connect("html-page-context", add_sidebar_context)
    app.connect("html-page-context", noindex_drafts_build, priority=950)
    app.connect("build-finished", write_redirects)
    app.connect("build-finished", report_articles)
    # Last of all: the output is complete only when every other handler has run.
    app.connect("build-finished", finish_build, priority=100_000)
    app.add_css_file("kb.css")
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
