"""Sites described with sphinx-tags move over with their ``conf.py`` unchanged.

The knowledge base serves sphinx-tags' ``{tags}`` directive from its own tag
index. With ``sphinx_tags`` still listed in ``extensions``, its page writer
(a ``builder-inited`` handler that fills ``_tags/``) is disconnected, the
directive stays ours, and one warning says so. Its settings, given in
``conf.py`` or with ``-D``, fill in the matching ``kb_`` settings the site did
not set itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx.util import logging

from .._compat import given_in_conf
from ..render.tags_directive import TagsDirective
from .settings import conf_location

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)

#: sphinx-tags setting -> the kb_ setting it fills in (None: nothing to map, see README).
SETTING_MAP: dict[str, str | None] = {
    "tags_create_tags": None,
    "tags_output_dir": "kb_tags_dir",
    "tags_overview_title": "kb_tags_title",
    "tags_page_title": "kb_tag_page_title",
    "tags_page_header": "kb_tag_page_header",
    "tags_intro_text": "kb_tags_intro",
    "tags_extension": None,
    "tags_create_badges": "kb_tag_badges",
    "tags_badge_colors": "kb_tag_colors",
}


def adopt_sphinx_tags(app: Sphinx, config: Config) -> None:
    """``config-inited``: serve the directive, silence sphinx-tags' writer, map settings."""
    app.add_directive("tags", TagsDirective, override=True)
    _check_create_tags(app, config)
    for name, target in SETTING_MAP.items():
        given, value = given_in_conf(config, name)
        if not given or target is None or given_in_conf(config, target)[0]:
            continue
        if name == "tags_page_title" and isinstance(value, str):
            value = value.strip()
        if name == "tags_output_dir" and isinstance(value, str):
            value = value.strip().strip("/") or value  # sphinx-tags accepts "_tags/"
        setattr(config, target, value)
    if "sphinx_tags" in app.extensions:
        for listener in list(app.events.listeners.get("builder-inited", [])):
            if getattr(listener.handler, "__module__", "").startswith("sphinx_tags"):
                app.disconnect(listener.id)
        logger.warning("sphinx_tags is listed in extensions: the knowledge base serves its "
                       "{tags} directive and writes the only tag index (%s/); sphinx-tags' "
                       "own tag pages are not written. Remove 'sphinx_tags' from extensions "
                       "to silence this", config.kb_tags_dir, type="kb", subtype="sphinx_tags",
                       location=conf_location(app, "extensions"))


def _check_create_tags(app: Sphinx, config: Config) -> None:
    given, value = given_in_conf(config, "tags_create_tags")
    if given and value in (False, 0, "0", "False", "false"):
        logger.warning("tags_create_tags = %r: the knowledge base still writes its tag pages "
                       "(tag badges link to them); using True", value,
                       type="kb", subtype="config",
                       location=conf_location(app, "tags_create_tags"))
