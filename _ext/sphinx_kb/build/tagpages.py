"""Write one small source file per tag, and the tags overview, into the source folder.

A tag page must be a document for Sphinx to give it the theme, the search
index and incremental builds. Its file names the tag and holds a directive;
the list of articles is filled in at write time, so the file only changes
(and is only re-read) when the tag appears, disappears or is renamed.

The files are the same for every build of the folder: one page per tag of any
article, drafts included. A published build, a drafts build and ``make
check`` can then run at once without one rewriting the others' sources; each
build leaves out the tag pages it shows no article for (``variants.py``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..core.body import escape_markdown
from ..core.files import remove_stale_temporaries, starts_with_mark, write_if_changed
from ..core.findings import tag_spelling_findings
from ..core.tags import build_tag_index
from .store import get_domain
from .warn import warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx


GENERATED_MARK = "kb_generated: true"


def _page(title: str, directive: str, argument: str = "") -> str:
    return (f"---\n{GENERATED_MARK}\norphan: true\n---\n\n# {escape_markdown(title)}\n\n"
            f"```{{{directive}}} {argument}\n```\n")


def write_tag_page_files(app: Sphinx) -> None:
    """Make ``<kb_tags_dir>/*.md`` match the tags of all articles, drafts included."""
    domain = get_domain(app.env)
    folder = Path(app.srcdir, app.config.kb_tags_dir)
    wanted = {"index.md": _page(app.config.kb_tags_title, "kb-tag-index")}
    every_tag = build_tag_index(sorted((name, art.tags) for name, art in domain.articles.items()))
    for tag in every_tag.values():
        wanted[f"{tag.slug}.md"] = _page(tag.name, "kb-tag-page", tag.slug)
    folder.mkdir(parents=True, exist_ok=True)
    for path in folder.glob("*.md"):
        if path.name not in wanted and starts_with_mark(path, GENERATED_MARK):
            path.unlink(missing_ok=True)  # another build may have removed it first
    for name, content in wanted.items():
        write_if_changed(folder / name, content)
    remove_stale_temporaries(folder)


def warn_about_tag_spellings(app: Sphinx) -> None:
    """Tags that differ only by spaces, '-' or '_' are two tags: say so, once per pair."""
    model = get_domain(app.env).model()
    for finding in tag_spelling_findings(model.tags, model.articles, app.srcdir):
        warn(finding)
