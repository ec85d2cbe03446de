"""What holds for one build only and is never pickled: one object, owned by the domain.

Sphinx makes the domain objects anew for every build (the environment pickles
their ``data``, not the objects), so values that live here start fresh each
build and need no clean-up. Values that must survive to the next build are in
the domain's ``initial_data`` instead (`store.py`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..core.model import SiteModel
    from ..render.sidebar import Section


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass
class BuildState:
    #: The build's one "now": drafts, scheduled articles, feeds and the sitemap agree on it.
    now: dt.datetime = field(default_factory=_now)
    #: Articles whose record was remade from a changed file in this build.
    refreshed: set[str] = field(default_factory=set)
    #: The site model of the published articles; dropped whenever the records may change.
    model: SiteModel | None = None
    #: ``app.parallel`` while a few documents are read in this process (`speed.py`).
    saved_parallel: int | None = None
    #: The sidebar's sections, computed once per build when the first page is written.
    sidebar_sections: list[Section] | None = None
    #: Pagefind serves search in this build (`publish/search.py`, at ``builder-inited``).
    pagefind: bool = False
    #: Documents reachable from the root's toctrees, for one-document editions.
    edition_members: set[str] | None = None
    #: The theme's icons as inline-SVG CSS; None keeps FontAwesome's script (`render/icons.py`).
    icons_css: str | None = None
