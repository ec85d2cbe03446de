"""Old path of `build.store`, kept until ``search.py`` joins the publish stage."""

from .build.store import KnowledgeBaseDomain, get_domain

__all__ = ["KnowledgeBaseDomain", "get_domain"]
