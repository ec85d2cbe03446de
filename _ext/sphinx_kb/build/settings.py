"""Every ``kb_`` setting is checked once, at ``config-inited``, before anything uses it.

A bad value never changes the site silently: it gets one warning naming the
setting, the value and the value used instead. Runs before Sphinx's own type
check (priority 800), so a wrong type is replaced here and not warned twice. The defaults
and checks live in ``core/config.py``, which the writers' tools (``kb check``) share.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.util import logging

from ..core.config import CHECKS, SETTINGS, Invalid

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)


def declare_settings(app: Sphinx) -> None:
    """Every ``kb_`` setting with its default, rebuild scope and type (see `check_settings`)."""
    for name, (default, rebuild, types, description) in SETTINGS.items():
        # A copy: a default list or dict must not be shared by two builds in one process.
        app.add_config_value(name, copy.deepcopy(default), rebuild, types=types,
                             description=description)


def conf_location(app: Sphinx, name: str) -> str | None:
    """``conf.py:<line>`` of the line that sets ``name`` (line 1 if not found there)."""
    if app.confdir is None:
        return None
    path = Path(app.confdir, "conf.py")
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    pattern = re.compile(rf"^\s*{re.escape(name)}\s*[=+:]")
    line = next((number for number, text in enumerate(lines, 1) if pattern.match(text)), 1)
    return f"{path}:{line}"


def warn_setting(app: Sphinx, name: str, value: Any, reason: str, used: Any) -> None:
    logger.warning("setting %s = %r %s; using %r", name, value, reason, used,
                   type="kb", subtype="config", location=conf_location(app, name))


def check_settings(app: Sphinx, config: Config) -> None:
    """``config-inited``: replace each bad ``kb_`` value, with one warning."""
    for name, check in CHECKS.items():
        if name not in config:
            continue
        value = getattr(config, name)
        default = copy.deepcopy(SETTINGS[name][0])  # what add_config_value registered
        try:
            check(value, default)
        except Invalid as bad:
            warn_setting(app, name, value, str(bad), bad.used)
            setattr(config, name, bad.used)
    _separate_folders(app, config)


def _separate_folders(app: Sphinx, config: Config) -> None:
    """Tag pages and year pages each keep their folder in step: one folder cannot hold both."""
    if "kb_archive_dir" not in config or "kb_tags_dir" not in config:
        return
    tags, archive = config.kb_tags_dir.strip("/"), config.kb_archive_dir.strip("/")
    if archive == tags or archive.startswith(tags + "/") or tags.startswith(archive + "/"):
        used = f"{tags}-archive"
        warn_setting(app, "kb_archive_dir", config.kb_archive_dir,
                     f"overlaps the tag pages' folder {config.kb_tags_dir!r} (kb_tags_dir)",
                     used)
        config.kb_archive_dir = used
