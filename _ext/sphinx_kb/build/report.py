"""The end-of-build account: every article found is built, skipped or named with a reason."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util import logging

from ..core.findings import not_built_finding
from .filescan import scan_of
from .store import get_domain
from .warn import warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)


def report_articles(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None:
        return
    domain = get_domain(app.env)
    articles = domain.articles
    built = [name for name in articles if name in app.env.all_docs]
    with_problems = [articles[name] for name in built if articles[name].problems]
    drafts = {name: why for name, why in domain.skipped.items() if name in articles}
    lost = [name for name in articles if name not in app.env.all_docs and name not in drafts]
    # Files the scan skipped (hidden, unreadable, behind a loop) were warned about then.
    skipped_files = scan_of(app).skipped
    found = len(articles) + len(domain.not_built) + len(skipped_files)
    logger.info(
        "knowledge base: %d articles found, %d built, %d skipped as drafts or scheduled, "
        "%d built with warnings, %d not built",
        found, len(built), len(drafts), len(with_problems),
        len(domain.not_built) + len(lost) + len(skipped_files))
    for name, why in sorted(drafts.items()):
        logger.info("  skipped (%s): %s", why, articles[name].source)
    for article in sorted(with_problems, key=lambda a: a.source):
        noun = "warning" if len(article.problems) == 1 else "warnings"
        logger.info("  built with %d %s: %s", len(article.problems), noun, article.source)
    for path, why in sorted(skipped_files.items()):
        logger.info("  not built (%s): %s", why, path)
    for path, why in sorted(domain.not_built.items()):
        warn(not_built_finding(Path(app.srcdir, path), why))
    for name in sorted(lost):
        logger.warning("article not built: Sphinx did not read it (excluded or unreadable)",
                       type="kb", subtype="not_built",
                       location=articles[name].location(app.srcdir, 1))
