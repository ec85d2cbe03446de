"""Write the listing pages' source files: per tag, per archive year, and their numbered pages.

A tag page must be a document for Sphinx to give it the theme, the search
index and incremental builds. Its file names the tag and holds a directive;
the list of articles is filled in at write time, so the file only changes
(and is only re-read) when the tag appears, disappears or is renamed.

The files are the same for every build of the folder: one page per tag of any
article, drafts included. A published build, a drafts build and ``make
check`` can then run at once without one rewriting the others' sources; each
build leaves out the tag pages it shows no article for (``variants.py``).

A tag or a year with more articles than one page holds gets numbered pages
(``core/paging.py``); the archive's year pages live in ``kb_archive_dir``.
The files are written for every article, drafts included, so a build with
fewer articles leaves out the pages past its own last one.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.locale import _

from ..core.body import escape_markdown
from ..core.files import remove_stale_temporaries, starts_with_mark, write_if_changed
from ..core.findings import tag_spelling_findings
from ..core.languages import main_language, own_name
from ..core.model import years_of
from ..core.paging import UNDATED, page_count, paged_name, paged_option
from ..core.tags import build_tag_index
from ..core.translations import translation_findings
from .store import get_domain
from .warn import warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx

GENERATED_MARK = "kb_generated: true"


def _page(title: str, directive: str, argument: str = "") -> str:
    return (f"---\n{GENERATED_MARK}\norphan: true\n---\n\n# {escape_markdown(title)}\n\n"
            f"```{{{directive}}} {argument}\n```\n")


def write_tag_page_files(app: Sphinx) -> None:
    """Make ``<kb_tags_dir>`` and ``<kb_archive_dir>`` match the articles, drafts included."""
    domain = get_domain(app.env)
    config = app.config
    wanted = {"index.md": _page(config.kb_tags_title, "kb-tag-index")}
    every_tag = build_tag_index(sorted((name, art.tags) for name, art in domain.articles.items()))
    for tag in every_tag.values():
        wanted[f"{tag.slug}.md"] = _page(tag.name, "kb-tag-page", tag.slug)
        for page in range(2, page_count(len(tag.docnames), config.kb_tag_page_size) + 1):
            wanted[f"{paged_name(tag.slug, page)}.md"] = _page(
                page_title(tag.name, page), "kb-tag-page-n", paged_option(tag.slug, page))
    _sync_folder(Path(app.srcdir, config.kb_tags_dir), wanted)
    years = years_of(sorted(domain.articles), domain.articles)
    archive: dict[str, str] = {}
    for year, names in years.items():
        for page in range(1, page_count(len(names), config.kb_archive_page_size) + 1):
            archive[f"{paged_name(year, page)}.md"] = _page(
                page_title(year_title(year), page), "kb-archive-year", paged_option(year, page))
    archive.update(language_archive_files(app))
    _sync_folder(Path(app.srcdir, config.kb_archive_dir), archive)


def language_archive_files(app: Sphinx) -> dict[str, str]:
    """One archive per language other than the main one, named in that language."""
    main = main_language(app.config.language)
    counts: dict[str, int] = {}
    for article in get_domain(app.env).articles.values():
        if article.lang != main:
            counts[article.lang] = counts.get(article.lang, 0) + 1
    files = {}
    for code, count in sorted(counts.items()):
        for page in range(1, page_count(count, app.config.kb_archive_page_size) + 1):
            files[f"{paged_name(code, page)}.md"] = _page(
                page_title(own_name(code), page), "kb-archive-language", paged_option(code, page))
    return files


def year_title(year: str) -> str:
    return _("Undated articles") if year == UNDATED else _("Articles from %s") % year


def page_title(title: str, page: int) -> str:
    """The title of a numbered page: ``Python, page 2``."""
    return title if page == 1 else _("%(title)s, page %(page)d") % {"title": title, "page": page}


def _sync_folder(folder: Path, wanted: dict[str, str]) -> None:
    """Write ``wanted`` (relative path -> text); delete our other files and emptied folders."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in sorted(folder.rglob("*.md"), reverse=True):
        relative = path.relative_to(folder).as_posix()
        if relative not in wanted and starts_with_mark(path, GENERATED_MARK):
            path.unlink(missing_ok=True)  # another build may have removed it first
            _remove_empty_parents(path.parent, folder)
    for name, content in wanted.items():
        write_if_changed(folder / name, content)
    for sub in {folder, *((folder / name).parent for name in wanted)}:
        remove_stale_temporaries(sub)


def _remove_empty_parents(start: Path, top: Path) -> None:
    """``tags/python/page/`` goes once its last numbered page is gone."""
    for parent in (start, *start.parents):
        if parent == top or top not in parent.parents:
            return
        try:
            parent.rmdir()  # fails while the folder holds anything
        except OSError:
            return


def warn_about_tag_spellings(app: Sphinx) -> None:
    """Tags that differ only by spaces, '-' or '_' are two tags: say so, once per pair.

    Also two files claiming one language of one article (`core/translations.py`).
    """
    model = get_domain(app.env).model()
    # Each file's own tags (a listed article's tags include its translations'), as kb check.
    tags = model.tags if len(model.order) == len(model.articles) else build_tag_index(
        (name, model.articles[name].tags) for name in model.every())
    for finding in tag_spelling_findings(tags, model.articles, app.srcdir):
        warn(finding)
    for finding in translation_findings(model.articles, main_language(app.config.language),
                                        app.srcdir):
        warn(finding)
