"""What MyST reads for an article: one title heading, shifted body headings, literal templates."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..build.store import get_domain
from ..core.body import rewrite_for_myst
from ..core.frontmatter import split_lines

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def rewrite_article_source(app: Sphinx, docname: str, source: list[str]) -> None:
    """Problems were reported when the record was made; this only rewrites."""
    article = get_domain(app.env).articles.get(docname)
    if article is None:
        return
    lines = rewrite_for_myst(split_lines(source[0]), article.block_lines, article.title,
                             app.config.kb_protect_templates)
    source[0] = "\n".join(lines)
