"""What MyST reads for an article: one title heading, shifted body headings, literal templates."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util import logging

from .body import rewrite_for_myst
from .frontmatter import split_lines
from .store import get_domain

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)


def rewrite_article_source(app: Sphinx, docname: str, source: list[str]) -> None:
    article = get_domain(app.env).articles.get(docname)
    if article is None:
        return
    lines = split_lines(source[0])
    protect = app.config.kb_protect_templates
    rewritten, fragments = rewrite_for_myst(lines, article.block_lines, article.title, protect)
    source[0] = "\n".join(rewritten)
    article.template_fragments = len(fragments)
    if fragments:
        examples = ", ".join(sorted({_short(f) for f in fragments})[:3])
        logger.warning(
            "%d template or component tag(s) that Markdown cannot render (%s) are shown as "
            "literal text; replace them with Markdown or MyST directives",
            len(fragments), examples, type="kb", subtype="template_syntax",
            location=f"{Path(app.srcdir, article.source)}:{article.block_lines + 1}")


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
