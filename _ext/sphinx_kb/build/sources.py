"""Before Sphinx looks for documents: scan the articles, decide what is built.

Runs at ``builder-inited``: finds article files, re-reads the front matter of
those whose file changed, reports their problems, marks drafts and scheduled
articles, and writes the tag pages that must exist before Sphinx discovers
documents. At ``env-get-outdated`` it keeps unpublished articles out of the
build and deletes the output of articles that are gone.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util.matching import Matcher

from .._compat import forget_document
from ..core.dates import site_timezone
from ..core.dialects import DEFAULT_ALIASES
from ..core.findings import article_findings, encoding_finding
from ..core.fingerprint import fingerprint
from ..core.languages import allowed_codes, main_language
from ..core.records import RecordSettings, build_article
from .filescan import scan_of
from .store import get_domain
from .warn import warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

    from ..core.records import Article



def configure_sources(app: Sphinx, config: Config) -> None:
    """``.mdx`` files are articles too.

    Done at ``config-inited`` so the pickled configuration matches the next
    build's and Sphinx does not see a changed setting.
    """
    suffixes = config.source_suffix
    if isinstance(suffixes, dict) and ".mdx" not in suffixes:
        suffixes[".mdx"] = "markdown"


def record_settings(app: Sphinx) -> RecordSettings:
    aliases = {**DEFAULT_ALIASES, **(app.config.kb_field_aliases or {})}
    return RecordSettings(timezone=site_timezone(app.config.kb_timezone), aliases=aliases,
                          protect_templates=app.config.kb_protect_templates,
                          main_language=main_language(app.config.language),
                          languages=allowed_codes(app.config.kb_languages))


def find_article_files(app: Sphinx) -> tuple[dict[str, Path], dict[str, str]]:
    """Map each article docname to its file; also files that lose a name clash."""
    srcdir = Path(app.srcdir)
    suffixes = list(app.config.source_suffix)
    excluded = Matcher([*app.config.exclude_patterns, f"{app.config.kb_tags_dir}/**"])
    is_article = Matcher(app.config.kb_articles)
    found: dict[str, Path] = {}
    clashes: dict[str, str] = {}
    for rel in scan_of(app).files:  # sorted by folder, then name
        suffix = next((s for s in suffixes if rel.endswith(s)), None)
        if suffix is None or excluded(rel):
            continue
        docname = rel[: -len(suffix)]
        if not is_article(docname):
            continue
        if docname in found:  # like Sphinx: the first file in name order is built
            clashes[rel] = (f"another file has the same name: "
                            f"{found[docname].relative_to(srcdir)} is built")
            continue
        found[docname] = srcdir / rel
    return found, clashes


def update_article_records(app: Sphinx) -> None:
    """Bring the article records up to date with the files on disk, warning about each problem.

    All records are remade when the settings they were made with changed; the
    others only when their file's stamp changed. Marks the remade ones as
    ``refreshed`` in the build state (`drop_drafts_and_their_output` has them read again).
    """
    domain = get_domain(app.env)
    settings = record_settings(app)
    settings_key = fingerprint((settings.aliases, str(settings.timezone),
                                settings.protect_templates, app.config.source_suffix,
                                settings.main_language, sorted(settings.languages)))
    if domain.data["settings"] != settings_key:
        domain.articles.clear()
        domain.data["settings"] = settings_key
    found, clashes = find_article_files(app)
    domain.not_built.clear()
    domain.not_built.update(clashes)
    for docname in set(domain.articles) - set(found):
        del domain.articles[docname]
    srcdir = Path(app.srcdir)
    domain.state.refreshed = set()
    for docname, path in found.items():
        try:
            stat = path.stat()
            stamp = (stat.st_mtime_ns, stat.st_size)
            old = domain.articles.get(docname)
            if old is not None and old.stamp == stamp:
                continue
            data = path.read_bytes()
        except OSError as exc:  # vanished or locked since the scan
            domain.articles.pop(docname, None)
            domain.not_built[path.relative_to(srcdir).as_posix()] = (
                f"the file cannot be read ({exc.strerror})")
            continue
        # Not UTF-8: one warning, and replacement characters, as Sphinx reads it (encoding.py).
        not_utf8 = encoding_finding(data, path)
        if not_utf8 is not None:
            warn(not_utf8)
        text = data.decode("utf-8-sig", errors="replace")
        article = build_article(docname, path.relative_to(srcdir).as_posix(), text, settings)
        article.stamp = stamp
        domain.articles[docname] = article
        domain.state.refreshed.add(docname)
        report_problems(article, app.srcdir)


def report_problems(article: Article, srcdir: str | os.PathLike[str]) -> None:
    for finding in article_findings(article, srcdir):
        warn(finding)


def decide_drafts(app: Sphinx) -> None:
    """Drafts and articles dated in the future are not built unless ``kb_drafts`` is on.

    Fills the domain's ``skipped`` and drops the site model, which shows published articles only.
    """
    domain = get_domain(app.env)
    domain.skipped.clear()
    domain.invalidate_model()
    if app.config.kb_drafts:
        return
    now = domain.state.now
    for docname, article in domain.articles.items():
        reason = article.held_back(now)
        if reason is not None:
            domain.skipped[docname] = reason


def drop_drafts_and_their_output(app: Sphinx, env: BuildEnvironment, added: set[str],
                                 changed: set[str], removed: set[str]) -> list[str]:
    """Keep drafts out of this build and remove what earlier builds wrote for them.

    Articles whose file changed in any way (our stamp, not only a newer mtime)
    are read again, so a page never disagrees with its own listing row.
    """
    domain = get_domain(env)
    for docname in domain.skipped:
        forget_document(env, docname)
        added.discard(docname)
        changed.discard(docname)
        if docname in env.all_docs:
            removed.add(docname)
    for docname in removed:
        remove_output(app, docname)
    return sorted(domain.state.refreshed - set(domain.skipped))


def remove_output(app: Sphinx, docname: str) -> None:
    builder = app.builder
    outdir = Path(builder.outdir)
    targets: list[Path] = []
    get_outfilename = getattr(builder, "get_outfilename", None)
    if get_outfilename is not None:
        targets.append(Path(get_outfilename(docname)))
    link_suffix = getattr(app.config, "html_sourcelink_suffix", ".txt")
    for suffix in app.config.source_suffix:
        targets.append(outdir / "_sources" / f"{docname}{suffix}{link_suffix}")
    for target in targets:
        if target.is_file():
            target.unlink()
