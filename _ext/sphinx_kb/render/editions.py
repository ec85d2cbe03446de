"""One-document editions (single page, PDF, ePub): every published article, then the tag index.

Articles are in no toctree, so the web site's sidebar stays short. Builders that
assemble one document from the root toctree (``singlehtml``, ``latex``, ``epub``,
``texinfo``) would then leave them out, or put them outside the e-book's reading
order. For those builders only, the root document gets a hidden toctree of the
published articles, newest first, followed by the tags overview.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes
from sphinx.builders.epub3 import Epub3Builder
from sphinx.errors import NoUri

from ..build.buildguard import LOCK_NAME, MARKER_NAME
from ..build.store import get_domain
from ..core.fingerprint import fingerprint
from ..core.tags import tags_index

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

#: Builders that build one document by following the root document's toctrees.
EDITION_BUILDERS = frozenset({"singlehtml", "latex", "epub", "texinfo"})
#: Editions that hold only the documents reachable from the root (ePub has every page).
_ONLY_REACHABLE = frozenset({"singlehtml", "latex", "texinfo"})
_KEY = "edition"


def is_edition(app: Sphinx) -> bool:
    return app.builder.name in EDITION_BUILDERS


def edition_entries(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Docnames of the edition after the root document, in reading order."""
    domain = get_domain(env)
    docs = env.found_docs
    articles = [name for name in domain.model().order if name in docs]
    index = tags_index(app.config.kb_tags_dir)
    return articles + ([index] if index in docs else [])


def _wanted(app: Sphinx, env: BuildEnvironment) -> str:
    return fingerprint(edition_entries(app, env)) if is_edition(app) else ""


def reread_root(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
                removed: set[str]) -> list[str]:
    """Read the root document again when its edition toctree would change (or must go)."""
    domain = get_domain(env)
    wanted = _wanted(app, env)
    if domain.data[_KEY] == wanted:
        return []
    domain.data[_KEY] = wanted  # here, not at read time: a parallel reader's copy is lost
    return [app.config.root_doc] if app.config.root_doc in env.found_docs else []


def add_edition_toctree(app: Sphinx, doctree: nodes.document) -> None:
    """Before Sphinx's toctree collector (priority 500): the root gets the articles."""
    env = app.env
    if env.current_document.docname != app.config.root_doc:
        return
    if not is_edition(app):
        return
    entries = edition_entries(app, env)
    toctree = addnodes.toctree(parent=app.config.root_doc,
                               entries=[(None, name) for name in entries],
                               includefiles=list(entries), maxdepth=1, caption=None, glob=False,
                               hidden=True, includehidden=False, numbered=0, titlesonly=True)
    wrapper = nodes.compound(classes=["toctree-wrapper", "kb-edition"])
    wrapper += toctree
    # At the end of the root's top section, so articles are chapters, followed by the
    # root's own toctrees: articles come first, then the tag index, and a page both
    # name (the tags overview) is included once, where it comes first.
    own = [node.parent if isinstance(node.parent, nodes.compound) else node
           for node in doctree.findall(addnodes.toctree)]
    for node in own:
        node.parent.remove(node)
    section = next(iter(doctree.findall(nodes.section)), None)
    holder = section if section is not None else doctree
    holder += wrapper
    holder.extend(own)


def _members(builder: Builder) -> set[str]:
    """Documents reachable from the root's toctrees: what a one-file edition holds."""
    state = get_domain(builder.env).state
    members = state.edition_members
    if members is None:
        members = set()
        todo = [builder.config.root_doc]
        while todo:
            name = todo.pop()
            if name not in members:
                members.add(name)
                todo.extend(builder.env.toctree_includes.get(name, ()))
        state.edition_members = members
    return members


def edition_uri(builder: Builder, fromdoc: str, todoc: str) -> str | None:
    """A link target in a non-web builder, or None where the edition lacks the page."""
    if builder.name in _ONLY_REACHABLE and todoc not in _members(builder):
        return None
    try:
        return builder.get_relative_uri(fromdoc, todoc)
    except NoUri:
        return None


class EditionEpubBuilder(Epub3Builder):
    """Sphinx's ePub 3 builder, with each page once in the reading order.

    A page named by two toctrees (an article in the edition and in the guide's
    toctree) would otherwise appear twice in the spine, which EPUB forbids. And
    ``sphinx-build -b epub src out`` keeps its doctrees in ``out/.doctrees``,
    which Sphinx would list as book files, with a warning for each; so would it
    the build's lock and marker files.
    """

    def build_content(self) -> None:
        out, doctrees = Path(self.outdir).resolve(), Path(self.doctreedir).resolve()
        # The build's own lock and "unfinished" marker are not book files either.
        extra = [LOCK_NAME, MARKER_NAME]
        if out in doctrees.parents:
            extra += [path.relative_to(out).as_posix() for path in doctrees.rglob("*")
                      if path.is_file()]
        saved = self.config.epub_exclude_files
        self.config.epub_exclude_files = [*saved, *extra]
        try:
            super().build_content()
        finally:
            self.config.epub_exclude_files = saved

    def get_toc(self) -> None:
        super().get_toc()
        seen: set[str] = set()
        unique = []
        for refnode in self.refnodes:
            if refnode["refuri"] not in seen:
                seen.add(refnode["refuri"])
                unique.append(refnode)
        self.refnodes = unique


#: pdfLaTeX stops at the first character it has no glyph for (an emoji in a title, CJK):
#: print a marker instead, so one character never costs the whole PDF.
PDFLATEX_FALLBACK = r"""
% sphinx_kb: characters pdfLaTeX cannot typeset become a marker instead of an error.
\makeatletter
\providecommand\kbmissingchar[1]{\textbf{?}}
\def\UTFviii@undefined@err#1{\kbmissingchar{#1}}
\makeatother
"""


def configure_latex(config: Config) -> None:
    """Add the fallback for unknown characters to the pdfLaTeX preamble (once)."""
    if config.latex_engine != "pdflatex":
        return
    elements = dict(config.latex_elements or {})
    preamble = elements.get("preamble", "")
    if "kbmissingchar" not in preamble:
        elements["preamble"] = preamble + PDFLATEX_FALLBACK
        config.latex_elements = elements
