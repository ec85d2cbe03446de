"""Sphinx extension: a knowledge base from Markdown articles with YAML front matter.

The pipeline, stage by stage (see ARCHITECTURE.md): ``core`` turns front
matter into records and the site model without Sphinx; ``build`` runs the
build's life cycle and keeps its state; ``render`` fills in every page from
the model; ``publish`` writes what sits around the pages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    """``ENV_VERSION`` on demand: importing the package (``kb check``) must not load Sphinx."""
    if name == "ENV_VERSION":
        from .build.store import DATA_VERSION

        return DATA_VERSION
    raise AttributeError(name)


def setup(app: Sphinx) -> ExtensionMetadata:
    # Imported here, not at the top: the writers' tools import this package without Sphinx.
    from .build import setup_build
    from .build.store import DATA_VERSION
    from .publish import setup_publish
    from .render import setup_render

    app.setup_extension("myst_parser")
    setup_build(app)
    setup_render(app)
    setup_publish(app)
    return {
        "version": __version__,
        "env_version": DATA_VERSION,  # versions the pickled data
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
