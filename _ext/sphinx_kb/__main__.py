"""``python -m sphinx_kb check|new|tags``: the writers' tools, without starting Sphinx."""

from __future__ import annotations

import sys

from .cli import main

sys.exit(main())
