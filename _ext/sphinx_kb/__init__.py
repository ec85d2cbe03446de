"""Sphinx extension: a knowledge base from Markdown articles with YAML front matter.

The pipeline, stage by stage (see ARCHITECTURE.md): ``core`` turns front
matter into records and the site model without Sphinx; ``build`` runs the
build's life cycle and keeps its state; ``render`` fills in every page from
the model; ``publish`` writes what sits around the pages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .build import setup_build
from .build.store import DATA_VERSION
from .publish import setup_publish
from .render import setup_render

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

__version__ = "0.1.0"

#: Versions the pickled data: the domain's ``data_version`` is the same number.
ENV_VERSION = DATA_VERSION


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("myst_parser")
    setup_build(app)
    setup_render(app)
    setup_publish(app)
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
