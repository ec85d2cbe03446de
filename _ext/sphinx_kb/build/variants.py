"""What a published build and a drafts build of one source folder do differently.

The tag-page sources are shared by every build (``tagpages.py``), so each
build decides which of them it shows: a tag none of its articles carries
(a draft's tag, in a published build) is left out like a draft, and its old
output is deleted. A tag page is re-read when the title this build gives it
changes, since that title is set while reading, not taken from the file.
The same holds for numbered tag pages and archive year pages past the last
page this build fills.

Every page of a drafts build tells search engines not to index it: such a
build is for the writers, and must not be found if it is served by mistake.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._compat import forget_document
from ..core.files import starts_with_mark
from ..core.paging import page_count, split_paged_name
from ..core.tags import in_tags_folder
from ..render.elements import is_web_builder
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
    """Drop listing pages with no article in this build; re-read those whose title changed."""
    domain = get_domain(env)
    model = domain.model()
    config = app.config
    titles: dict[str, str] = domain.data["tag_titles"]
    # A one-file edition lists every article in its archive and tag pages: no numbered pages.
    web = is_web_builder(app.builder)
    reread = []
    for docname in sorted(env.found_docs):
        listed = _listed(app, docname)
        if listed is None:
            continue
        folder, key, page = listed
        if folder == "tags":
            tag = model.by_slug.get(key)
            shown = tag is not None and page <= page_count(len(tag.docnames),
                                                           config.kb_tag_page_size)
            shown = shown and (web or page == 1)
        else:
            tag = None
            # An archive page is a year's or, for translations, a language's.
            names = model.years.get(key, model.languages[key].order if key in model.languages
                                    else None)
            shown = names is not None and page <= page_count(len(names),
                                                              config.kb_archive_page_size)
            shown = shown and web
        if not shown and starts_with_mark(Path(env.doc2path(docname)), GENERATED_MARK):
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


def _listed(app: Sphinx, docname: str) -> tuple[str, str, int] | None:
    """``("tags"|"archive", key, page)`` of a generated tag or year page's docname."""
    config = app.config
    for folder, base in (("tags", config.kb_tags_dir), ("archive", config.kb_archive_dir)):
        rest = in_tags_folder(base, docname)
        if rest is None or rest == "index":
            continue
        parsed = split_paged_name(rest)
        if parsed is not None:
            return folder, *parsed
    return None


def noindex_drafts_build(app: Sphinx, pagename: str, templatename: str,
                         context: dict[str, Any], doctree: nodes.document | None) -> None:
    """In a drafts build, every page carries ``noindex``, once."""
    if not app.config.kb_drafts:
        return
    metatags = context.get("metatags", "")
    if 'name="robots"' in metatags and "noindex" in metatags:
        return
    context["metatags"] = metatags + "\n" + NOINDEX

