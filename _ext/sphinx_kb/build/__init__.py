"""Build lifecycle and state: settings, file discovery, records, drafts, tag page files.

Everything Sphinx must know before it reads a document happens here: the
settings are checked, the source folder is scanned, the article records are
made from the front matter, drafts are decided and the tag pages are written.
After reading, the pages whose view of other pages changed are listed for
writing. The per-document state lives in the domain (`store.py`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import order
from .buildguard import finish_build, restart_build, start_build
from .encoding import read_leniently
from .filescan import exclude_bad_paths
from .memory import (
    compact_tocs,
    drop_read_doctrees,
    expand_tocs,
    forget_pickled_doctree,
    install_wave_writer,
    release_memory,
)
from .report import report_articles
from .rewrite import update_fingerprints_and_list_stale_pages
from .settings import check_settings, declare_settings
from .sources import (
    configure_sources,
    decide_drafts,
    drop_drafts_and_their_output,
    update_article_records,
)
from .speed import read_few_serially, restore_parallel
from .sphinx_tags_compat import adopt_sphinx_tags
from .store import KnowledgeBaseDomain
from .tagpages import warn_about_tag_spellings, write_tag_page_files
from .variants import drop_or_reread_tag_pages, noindex_drafts_build
from .workers import cap_workers

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup_build(app: Sphinx) -> None:
    declare_settings(app)
    app.add_domain(KnowledgeBaseDomain)
    connect = app.connect
    connect("config-inited", start_build, priority=order.START_BUILD)
    connect("config-inited", adopt_sphinx_tags, priority=order.ADOPT_SPHINX_TAGS)
    connect("config-inited", check_settings, priority=order.CHECK_SETTINGS)
    connect("config-inited", configure_sources, priority=order.CONFIGURE)
    connect("config-inited", exclude_bad_paths, priority=order.SCAN_FILES)
    connect("builder-inited", update_article_records, priority=order.RECORDS)
    connect("builder-inited", decide_drafts, priority=order.DRAFTS)
    connect("builder-inited", write_tag_page_files, priority=order.TAG_PAGES)
    connect("builder-inited", warn_about_tag_spellings, priority=order.TAG_SPELLING)
    connect("env-get-outdated", restart_build, priority=order.RESTART_BUILD)
    connect("env-get-outdated", drop_drafts_and_their_output, priority=order.DROP_DRAFTS)
    connect("env-get-outdated", drop_or_reread_tag_pages, priority=order.TAG_PAGES_OF_BUILD)
    connect("env-before-read-docs", read_leniently)
    connect("env-before-read-docs", cap_workers, priority=order.CAP_WORKERS)
    connect("env-before-read-docs", read_few_serially, priority=order.READ_SERIALLY)
    connect("env-updated", restore_parallel, priority=order.RESTORE_PARALLEL)
    connect("env-updated", update_fingerprints_and_list_stale_pages)
    connect("env-before-read-docs", compact_tocs)
    connect("env-updated", expand_tocs)
    connect("env-updated", drop_read_doctrees)
    connect("doctree-resolved", forget_pickled_doctree)
    connect("write-started", install_wave_writer)
    connect("html-page-context", noindex_drafts_build, priority=order.NOINDEX_DRAFTS)
    connect("build-finished", release_memory, priority=order.RELEASE_MEMORY)
    connect("build-finished", report_articles, priority=order.REPORT)
    connect("build-finished", finish_build, priority=order.FINISH_BUILD)
