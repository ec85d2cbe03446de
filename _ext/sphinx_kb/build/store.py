"""The one place the knowledge base keeps its per-document data.

Article records are made from source files before Sphinx reads anything
(tag pages must exist on disk before Sphinx looks for documents), so they are
keyed by docname and refreshed by file stamp, not cleared on re-read. What
directives record while a document is read follows Sphinx's own life cycle
(``clear_doc`` / ``merge_domaindata``) so parallel reads merge correctly.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from sphinx.domains import Domain

from ..core.languages import main_language
from ..core.model import SiteModel
from .state import BuildState

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

    from ..core.records import Article

#: Bump when the pickled records or the domain's data change shape: Sphinx then starts afresh.
DATA_VERSION = 6

T = TypeVar("T")

#: (kind, option) of one listing directive placed in a document.
Placement = tuple[str, str]


class _Key(Generic[T]):
    """A key of the domain's ``data`` read as an attribute (``domain.articles``)."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.key = name

    def __get__(self, domain: KnowledgeBaseDomain, owner: type | None = None) -> T:
        value: T = domain.data[self.key]
        return value


class KnowledgeBaseDomain(Domain):
    """Holds article records, listing placements and write fingerprints."""

    name = "kb"
    label = "Knowledge base"
    #: The one version of the pickled data (also the extension's ``env_version``).
    data_version = DATA_VERSION
    initial_data: ClassVar[dict[str, Any]] = {
        "articles": {},  # docname -> Article, from the source scan
        "settings": "",  # fingerprint of the settings the records were made with
        "placements": {},  # docname -> list[Placement], recorded while reading
        "fingerprints": {},  # docname -> hash of what its page shows of other pages
        "skipped": {},  # docname -> reason (draft, scheduled) for this build
        "not_built": {},  # source path -> reason
        "redirects": {},  # output file of an old address -> docname it redirects to
        "inputs": "",  # fingerprint of what any page shows of other pages (rewrite.py)
        "sidebar": "",  # fingerprint of the sidebar's sections (rewrite.py)
        "tag_titles": {},  # tag page docname -> title it was read with (variants.py)
        "edition": "",  # fingerprint of the edition toctree the root was read with
    }

    def __init__(self, env: BuildEnvironment) -> None:
        super().__init__(env)
        #: This build's values that are never pickled (`state.py`).
        self.state = BuildState()

    articles: _Key[dict[str, Article]] = _Key()
    placements: _Key[dict[str, list[Placement]]] = _Key()
    fingerprints: _Key[dict[str, str]] = _Key()
    skipped: _Key[dict[str, str]] = _Key()
    not_built: _Key[dict[str, str]] = _Key()
    redirects: _Key[dict[str, str]] = _Key()

    def published(self) -> dict[str, Article]:
        """The articles this build shows: found, and neither draft nor scheduled."""
        return {name: art for name, art in self.articles.items() if name not in self.skipped}

    def add_placement(self, docname: str, placement: Placement) -> None:
        self.placements.setdefault(docname, []).append(placement)

    def clear_doc(self, docname: str) -> None:
        self.placements.pop(docname, None)
        self.fingerprints.pop(docname, None)

    def merge_domaindata(self, docnames: Iterable[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            if docname in otherdata["placements"]:
                self.placements[docname] = otherdata["placements"][docname]

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list[Any]:
        return []

    def model(self) -> SiteModel:
        """The published articles in listing order, with their tags and neighbours."""
        if self.state.model is None:
            main = main_language(self.env.config.language)
            self.state.model = SiteModel.build(self.published(), main)
        return self.state.model

    def invalidate_model(self) -> None:
        self.state.model = None


def get_domain(env: BuildEnvironment) -> KnowledgeBaseDomain:
    domain = env.get_domain("kb")
    assert isinstance(domain, KnowledgeBaseDomain)
    return domain
