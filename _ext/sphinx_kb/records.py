"""Old path of `core.records`, kept until ``search.py`` joins the publish stage."""

from .core.records import Article

__all__ = ["Article"]
