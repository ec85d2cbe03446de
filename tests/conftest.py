"""Test configuration: the extension and the shared helpers on ``sys.path``.

Every test builds through ``helpers.build_once`` (``tests/roots/test-<name>`` copied by
``helpers.copy_root``).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The extension is used from this checkout, as the site's own conf.py does.
sys.path.insert(0, str(ROOT / "_ext"))
# Test modules import the shared helpers as ``helpers``.
sys.path.insert(0, str(Path(__file__).resolve().parent))


def pytest_configure(config: pytest.Config) -> None:
    # sphinx-book-theme 1.4 uses ``Transform.app``, deprecated in Sphinx 9: not our code.
    config.addinivalue_line(
        "filterwarnings", "ignore:'sphinx_book_theme.*is deprecated:PendingDeprecationWarning")
