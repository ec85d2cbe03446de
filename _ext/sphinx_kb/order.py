"""Event priorities of every handler whose order matters, with the reason.

Sphinx runs the handlers of one event by priority, lowest first; handlers of
equal priority run in the order they were connected, which depends on load
order. Nothing here relies on that: where one handler needs another's result,
the two have distinct priorities below. Sphinx's default is 500.
"""

from __future__ import annotations

# --- config-inited ---------------------------------------------------------------------------
#: First: lock the output folder and mark the build as under way before anything is written.
START_BUILD = 100
#: Before sphinx-notfound-page reads its URL prefix (its own handler runs at 500).
NOTFOUND_CONFIG = 400
#: sphinx-tags' settings become ours before ours are checked.
ADOPT_SPHINX_TAGS = 420
#: Before Sphinx's own type check (800), so a bad value is warned about once, and replaced.
CHECK_SETTINGS = 450
#: ``source_suffix`` and the static/template paths are set from checked settings.
CONFIGURE = 500
#: After Sphinx turns ``source_suffix`` into a dict (800): the scan needs the suffixes.
SCAN_FILES = 850

# --- builder-inited: the article records, before Sphinx looks for documents ------------------
#: The records: settings fingerprint, file discovery, front matter, per-file warnings.
RECORDS = 500
#: Drafts and scheduled articles, from the fresh records.
DRAFTS = 510
#: The tag page files, from every record (drafts included) after the drafts decision.
TAG_PAGES = 520
#: Warnings about tag spellings, from the site model of published articles.
TAG_SPELLING = 530

# --- env-get-outdated ------------------------------------------------------------------------
#: A second ``app.build()`` in one process locks and marks again before anything is decided.
RESTART_BUILD = 100
#: Drafts leave the document set before the tag pages of this build are chosen.
DROP_DRAFTS = 500
#: Tag pages of tags only drafts carry leave after the drafts, so removals have one fixed order.
TAG_PAGES_OF_BUILD = 550
#: The root document is read again (single-document builders) when its entries changed.
REREAD_ROOT = 600

# --- env-before-read-docs --------------------------------------------------------------------
#: The number of workers fits the memory first; reading a few documents serially saves that.
CAP_WORKERS = 890
#: Last: the number of documents to read is final once every other handler has run.
READ_SERIALLY = 900

# --- env-updated -----------------------------------------------------------------------------
#: First: writing many pages uses the workers again.
RESTORE_PARALLEL = 100

# --- doctree-read ----------------------------------------------------------------------------
#: Title, metadata and summary before the edition toctree reads the metadata.
DECORATE_PAGE = 400
EDITION_TOCTREE = 450

# --- doctree-resolved ------------------------------------------------------------------------
#: Listings, byline and footer are filled in (default priority) ...
RESOLVE_PAGES = 500
#: ... then the feed link is appended at the very end of the page.
FEED_PARAGRAPH = 550

# --- html-page-context -----------------------------------------------------------------------
#: The description meta tag comes first among ours in ``metatags``.
DESCRIPTION = 500
#: After sphinx-notfound-page swaps ``pathto`` (400) and the theme fixes ``pageurl`` (500).
FEED_LINKS = 550
#: After the feed links: the canonical URL replaces ``pageurl`` last.
HEAD_METADATA = 600
#: After every handler that changes the page body: the index reads what sits between the marks.
MARK_INDEXED = 800
#: After the theme set ``pagetitle`` (its handlers run at 500).
ESCAPE_TITLES = 900
#: After the head metadata (which may say ``noindex`` already): a drafts build says it once.
NOINDEX_DRAFTS = 950

# --- build-finished --------------------------------------------------------------------------
#: Before the search index: its indexer runs beside this process, which first frees what it can.
RELEASE_MEMORY = 700
#: The search index reads the written pages; the report still comes after it.
SEARCH_INDEX = 800
#: After every file is written: the summary closes the log.
REPORT = 900
#: Last of all: the output is complete only when every other handler has run.
FINISH_BUILD = 100_000
