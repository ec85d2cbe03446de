"""A finding of ``core/findings.py`` as a Sphinx warning: the one place the build logs them.

``kb check`` prints the same findings; neither words nor places a problem on its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx.util import logging

if TYPE_CHECKING:
    from ..core.findings import Finding

logger = logging.getLogger(__name__)


def warn(finding: Finding) -> None:
    """``<file>:<line>: WARNING: <message> [kb.<subtype>]``."""
    logger.warning(finding.message, type="kb", subtype=finding.subtype, location=finding.location)
