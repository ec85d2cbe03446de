"""Old path of `core.model`, kept until ``search.py`` joins the publish stage."""

from .core.model import SiteModel

__all__ = ["SiteModel"]
