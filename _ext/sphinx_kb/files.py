"""Old path of `core.files`, kept until ``search.py`` joins the publish stage."""

from .core.files import write_if_changed

__all__ = ["write_if_changed"]
