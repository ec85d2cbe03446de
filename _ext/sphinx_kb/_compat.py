"""Every use of Sphinx internals, in one place, each with the reason no public API serves.

A Sphinx upgrade that removes or changes one of these fails ``tests/test_compat.py``
with the name of the internal and the feature that needs it (`PROBES`), instead
of failing somewhere in a build. Checked against Sphinx 9.0.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from sphinx.application import ENV_PICKLE_FILENAME

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

#: The pickled environment's file name in the doctree folder; ``buildguard.py`` deletes it to
#: start over after an interrupted build. Sphinx has no public "forget the environment" call
#: short of ``-E`` on the command line, which a running build cannot set for itself.
__all__ = ["ENV_PICKLE_FILENAME", "drop_read_doctrees", "forget_all_pickled_doctrees",
           "forget_document", "forget_pickled_doctree", "given_in_conf", "replace_parallel_writer",
           "set_parallel"]


def given_in_conf(config: Config, name: str) -> tuple[bool, Any]:
    """Whether conf.py or ``-D`` set ``name``, and the value given.

    ``config.name`` cannot tell a value the user wrote from the registered
    default, and sphinx-tags' and sphinx-notfound-page's settings must be
    adopted only when the user gave them. Uses ``Config._raw_config``.
    """
    if name in config.overrides:
        return True, config.overrides[name]
    raw = getattr(config, "_raw_config", {})
    if name in raw:
        return True, raw[name]
    return False, None


def forget_document(env: BuildEnvironment, docname: str) -> None:
    """Leave ``docname`` out of this build although its file exists.

    Drafts and the tag pages of draft-only tags are decided per build
    (``kb_drafts``); ``exclude_patterns`` is fixed before the environment
    loads, and ``env-get-outdated`` can only add documents. Edits
    ``env.project.docnames`` (the set behind ``env.found_docs``).
    """
    env.project.docnames.discard(docname)


def set_parallel(app: Sphinx, processes: int) -> None:
    """Change the number of processes for the reads that follow (``speed.py``).

    Sphinx forks workers for any number of documents to read; there is no
    setting for "read a few in this process". ``Builder.read`` consults
    ``app.parallel`` right after ``env-before-read-docs``.
    """
    app.parallel = processes


def forget_pickled_doctree(env: BuildEnvironment, docname: str) -> None:
    """Drop the pickled bytes ``env.get_doctree`` keeps of a page (``build/memory.py``).

    Sphinx caches the bytes of every doctree it reads in
    ``env._pickled_doctree_cache`` for the rest of the build: the whole site by the
    end of writing (450 MB at 20,000 articles). No public call empties it.
    """
    cache = getattr(env, "_pickled_doctree_cache", None)
    if cache is not None:
        cache.pop(docname, None)


def forget_all_pickled_doctrees(env: BuildEnvironment) -> None:
    """Empty ``env._pickled_doctree_cache`` (see `forget_pickled_doctree`)."""
    cache = getattr(env, "_pickled_doctree_cache", None)
    if cache is not None:
        cache.clear()


def drop_read_doctrees(env: BuildEnvironment, keep: int) -> None:
    """Forget the doctrees a serial read kept for writing when there are more than ``keep``.

    A serial read (``-j 1``, Read the Docs' default command) keeps every parsed
    doctree in ``env._write_doc_doctree_cache`` until its page is written; the
    write then reads the pickle from disk instead (``get_doctree``).
    """
    cache = getattr(env, "_write_doc_doctree_cache", None)
    if cache is not None and len(cache) > keep:
        cache.clear()


def replace_parallel_writer(builder: Builder,
                            writer: Callable[[Builder, Sequence[str], int], None]) -> None:
    """Make ``builder`` write in parallel with ``writer(builder, docnames, nproc)``.

    ``Builder.write_documents`` calls ``self._write_parallel(docnames, nproc)``,
    which resolves every doctree of the site before the workers catch up; the
    replacement (``build/memory.py``) bounds that queue. Sphinx has no setting
    for the size of the queue.
    """
    builder._write_parallel = (  # type: ignore[method-assign]
        lambda docnames, nproc: writer(builder, docnames, nproc))


def _raw_config_exists() -> bool:
    from sphinx.config import Config

    return getattr(Config({"project": "x"}, {}), "_raw_config", None) == {"project": "x"}


def _found_docs_is_project_docnames() -> bool:
    from sphinx.environment import BuildEnvironment
    from sphinx.project import Project

    getter = inspect.getsource(BuildEnvironment.found_docs.fget)  # type: ignore[attr-defined]
    return "self.project.docnames" in getter and "docnames" in inspect.getsource(Project)


def _read_consults_parallel_after_event() -> bool:
    from sphinx.builders import Builder

    source = inspect.getsource(Builder.read)
    event, parallel = source.find("env-before-read-docs"), source.find("_app.parallel")
    return 0 <= event < parallel


def _doctree_caches_exist() -> bool:
    from sphinx.environment import BuildEnvironment

    source = inspect.getsource(BuildEnvironment)
    return "_pickled_doctree_cache" in source and "_write_doc_doctree_cache" in source


def _write_documents_calls_write_parallel() -> bool:
    from sphinx.builders import Builder

    return "self._write_parallel(" in inspect.getsource(Builder.write_documents)


def _env_pickle_name() -> bool:
    import sphinx.application

    return sphinx.application.ENV_PICKLE_FILENAME == ENV_PICKLE_FILENAME == "environment.pickle"


#: (internal, who needs it, check): each check is True while the internal works as used here.
PROBES: list[tuple[str, str, Callable[[], bool]]] = [
    ("Config._raw_config", "given_in_conf (sphinx-tags and 404 settings)", _raw_config_exists),
    ("env.project.docnames behind env.found_docs", "forget_document (drafts, tag pages)",
     _found_docs_is_project_docnames),
    ("app.parallel read by Builder.read after env-before-read-docs",
     "set_parallel (speed.py)", _read_consults_parallel_after_event),
    ("env._pickled_doctree_cache, env._write_doc_doctree_cache",
     "forget_pickled_doctree, drop_read_doctrees (memory.py)", _doctree_caches_exist),
    ("Builder.write_documents calls self._write_parallel", "replace_parallel_writer (memory.py)",
     _write_documents_calls_write_parallel),
    ("sphinx.application.ENV_PICKLE_FILENAME", "buildguard.py (start over)", _env_pickle_name),
]
