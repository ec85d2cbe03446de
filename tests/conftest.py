"""Test configuration: the extension on ``sys.path`` and the test roots for ``sphinx.testing``."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The extension is used from this checkout, as the site's own conf.py does.
sys.path.insert(0, str(ROOT / "_ext"))
# Test modules import the shared helpers as ``helpers``.
sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where ``@pytest.mark.sphinx(testroot=...)`` finds ``test-<name>`` folders."""
    return Path(__file__).resolve().parent / "roots"


def pytest_configure(config: pytest.Config) -> None:
    # sphinx-book-theme 1.4 uses ``Transform.app``, deprecated in Sphinx 9: not our code.
    config.addinivalue_line(
        "filterwarnings", "ignore:'sphinx_book_theme.*is deprecated:PendingDeprecationWarning")
