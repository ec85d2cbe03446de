"""A sidebar of the site's sections, read once per build from the root toctree.

sphinx-book-theme renders the whole site toctree into every page; with the
articles out of the toctree that is small, yet still the largest cost we add
per page (Sphinx builds a toctree, pydata parses it with BeautifulSoup). The
sections change only when the root toctree does, so they are computed once and
the template only marks the current one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sphinx import addnodes

from ..build.store import get_domain
from .paged import archive_overview

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


@dataclass(frozen=True)
class Section:
    docname: str
    title: str
    children: tuple[Section, ...] = ()
    members: tuple[str, ...] = ()  # a tuple, not a set: its repr is fingerprinted
    prefix: str = ""  # pages under this folder belong to the section (the tag pages)


def sidebar_sections(env: BuildEnvironment, root: str, tags_dir: str,
                     archive_dir: str = "") -> list[Section]:
    """The root toctree's entries with their own toctree children, in order.

    The tag pages belong to the tags overview's section, the archive's year
    pages to the section of the page holding the archive overview.
    """
    archive = archive_overview(env) if archive_dir else None
    sections = []
    for title, docname in _toctree_entries(env, root):
        nested = [] if docname == root else _toctree_entries(env, docname)
        children = tuple(Section(child, _title(env, child)) for _, child in nested)
        prefix = ""
        if docname == f"{tags_dir}/index":
            prefix = tags_dir + "/"
        elif docname == archive and docname != root:
            prefix = archive_dir + "/"
        sections.append(Section(docname, title or _title(env, docname), children,
                                tuple(child.docname for child in children), prefix))
    return sections


def _toctree_entries(env: BuildEnvironment, docname: str) -> list[tuple[str | None, str]]:
    toc = env.tocs.get(docname)
    if toc is None:
        return []
    entries = []
    for toctree in toc.findall(addnodes.toctree):
        for title, ref in toctree["entries"]:
            target = docname if ref == "self" else ref
            if target in env.all_docs:
                entries.append((title, target))
    return entries


def _title(env: BuildEnvironment, docname: str) -> str:
    title = env.titles.get(docname)
    return title.astext() if title is not None else docname


def add_sidebar_context(app: Sphinx, pagename: str, templatename: str,
                        context: dict[str, Any], doctree: nodes.document | None) -> None:
    state = get_domain(app.env).state
    sections = state.sidebar_sections
    if sections is None:
        sections = sidebar_sections(app.env, app.config.root_doc, app.config.kb_tags_dir,
                                    app.config.kb_archive_dir)
        state.sidebar_sections = sections
    context["kb_sidebar_sections"] = sections
