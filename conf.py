"""Sphinx configuration of the knowledge base.

The site's sources live in ``docs/``; this file sits at the top level so that
Read the Docs finds it, and ``make html`` runs ``sphinx-build -c . docs _build/html``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

# Use the extension from this checkout even when it is not installed.
sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "Field Notes"
author = "The knowledge-base team"
copyright = "2026, the knowledge-base team"
version = release = "latest"  # ePub requires a version

extensions = [
    "myst_parser",
    "sphinx_kb",
]

html_theme = "sphinx_book_theme"
html_title = project
html_theme_options = {
    "repository_url": "",
    "use_download_button": False,
    "show_toc_level": 2,
}

# Read the Docs provides READTHEDOCS_CANONICAL_URL. Elsewhere KB_SITE_URL names the public
# address; a local build needs neither and uses the address `make serve` serves on.
html_baseurl = (os.environ.get("READTHEDOCS_CANONICAL_URL")
                or os.environ.get("KB_SITE_URL")
                or "http://localhost:8000/")

kb_site_description = (
    "A knowledge base built from Markdown articles: how to write, tag, draft, "
    "search and publish them."
)
kb_drafts = os.environ.get("DRAFTS", "") not in ("", "0")

exclude_patterns = ["_build", ".venv", "**/.ipynb_checkpoints"]

myst_enable_extensions = [
    "dollarmath",
    "amsmath",
    "strikethrough",
    "tasklist",
    "linkify",
    "deflist",
    "colon_fence",
    "attrs_inline",
]
myst_heading_anchors = 3
myst_dmath_allow_space = False  # "$5 and $10" is money, not math
myst_dmath_allow_digits = False
# MyST warns that strikethrough is "only supported in HTML output" even in HTML builds.
suppress_warnings = ["myst.strikethrough"]
