"""sphinx-tags' ``{tags}`` directive, served from the knowledge base's own tag index.

On an article the tags are already read from the source (with the front
matter) and shown under the title, so the directive renders nothing there.
"""

from __future__ import annotations

from typing import ClassVar

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from ..build.store import get_domain

logger = logging.getLogger(__name__)


class TagsDirective(SphinxDirective):
    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[dict[str, object]] = {}

    def run(self) -> list[nodes.Node]:
        if self.env.docname in get_domain(self.env).articles:
            return []
        logger.warning("the tags directive only tags articles (%s); this page is not one",
                       ", ".join(self.config.kb_articles), type="kb", subtype="tags",
                       location=self.get_location())
        return []
