"""What a published build and a drafts build of one source folder do differently.

The tag-page sources are shared by every build (``tagpages.py``), so each
build decides which of them it shows: a tag none of its articles carries
(a draft's tag, in a published build) is left out like a draft, and its old
output is deleted. A tag page is re-read when the title this build gives it
changes, since that title is set while reading, not taken from the file.

Every page of a drafts build tells search engines not to index it: such a
build is for the writers, and must not be found if it is served by mistake.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._compat import forget_document
from ..core.files import starts_with_mark
from ..core.tags import in_tags_folder
from .sources import remove_output
from .store import get_domain
from .tagpages import GENERATED_MARK

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

NOINDEX = '<meta name="robots" content="noindex" />'


def drop_or_reread_tag_pages(app: Sphinx, env: BuildEnvironment, added: set[str],
                            changed: set[str], removed: set[str]) -> list[str]:
    """Drop tag pages with no article in this build; re-read those whose title changed."""
    domain = get_domain(env)
    model = domain.model()
    titles: dict[str, str] = domain.data["tag_titles"]
    reread = []
    for docname in sorted(env.found_docs):
        slug = in_tags_folder(app.config.kb_tags_dir, docname)
        if slug is None or slug == "index" or "/" in slug:
            continue
        tag = model.by_slug.get(slug)
        if tag is None and starts_with_mark(Path(env.doc2path(docname)), GENERATED_MARK):
            forget_document(env, docname)
            added.discard(docname)
            changed.discard(docname)
            titles.pop(docname, None)
            if docname in env.all_docs:
                removed.add(docname)
            remove_output(app, docname)
            continue
        if tag is not None and titles.get(docname) != tag.name:
            titles[docname] = tag.name
            if docname in env.all_docs:
                reread.append(docname)
    return reread


def noindex_drafts_build(app: Sphinx, pagename: str, templatename: str,
                         context: dict[str, Any], doctree: nodes.document | None) -> None:
    """In a drafts build, every page carries ``noindex``, once."""
    if not app.config.kb_drafts:
        return
    metatags = context.get("metatags", "")
    if 'name="robots"' in metatags and "noindex" in metatags:
        return
    context["metatags"] = metatags + "\n" + NOINDEX

