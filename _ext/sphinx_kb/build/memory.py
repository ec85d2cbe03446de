"""Keep a build's memory bounded at tens of thousands of articles (issue 13).

Measured at 2,000 and 20,000 synthetic articles (README, "Performance"), three
things grew with the corpus beyond what the site needs:

- Sphinx's parallel write resolves every document's doctree up front and queues
  them all for one worker: at 20,000 articles every resolved doctree of the site
  sits in the main process at once. `write_in_waves` resolves a few chunks ahead
  of the workers only.
- ``env.get_doctree`` keeps the pickled bytes of every doctree it has read (the
  whole site by the end of writing), and a serial read keeps every parsed
  doctree until it is written: both are dropped here once a page is resolved.
- ``env.tocs`` holds each page's table of contents as docutils nodes (six lists
  and a dict per node), the largest part of the environment that every worker
  copies; `CompactTocs` keeps them pickled and unpickles the one asked for.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import gc
import pickle
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util import logging
from sphinx.util.build_phase import BuildPhase
from sphinx.util.display import status_iterator
from sphinx.util.parallel import ParallelTasks, make_chunks

from .. import _compat

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

#: Documents per write chunk (one forked worker each): Sphinx's sqrt formula gives 450 at
#: 20,000 articles; smaller chunks bound what one worker and the queue hold.
MAX_WRITE_CHUNK = 100
#: A serial read keeps this many parsed doctrees for the write; beyond it they are dropped
#: and the write unpickles them again (they pickle to 22 MB per 1,000 articles, and take several
#: times that as objects).
KEEP_READ_DOCTREES = 200


class CompactTocs(dict[str, Any]):
    """``env.tocs`` with each table of contents stored pickled.

    A page's toc is read when that page is written (its "on this page" box) and
    when a toctree lists the page; Sphinx copies it (``deepcopy``) before
    changing it, so handing out a fresh object each time is safe. Only
    numbered toctrees change the stored nodes in place (section numbers):
    `expand_tocs` turns the compaction off for sites that have them.
    """

    def __setitem__(self, key: str, value: Any) -> None:
        if isinstance(value, nodes.Node):
            value = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
        super().__setitem__(key, value)

    def __getitem__(self, key: str) -> Any:
        value = super().__getitem__(key)
        return pickle.loads(value) if isinstance(value, bytes) else value

    def get(self, key: str, default: Any = None) -> Any:
        if key not in self:  # dict.get would hand out the pickled bytes
            return default
        return self[key]

    def expanded(self) -> dict[str, Any]:
        return {key: self[key] for key in self}


def compact_tocs(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Store the tables of contents pickled from now on (``env-before-read-docs``)."""
    if not env.numbered_toctrees and not isinstance(env.tocs, CompactTocs):
        compacted = CompactTocs()
        for docname, toc in env.tocs.items():
            compacted[docname] = toc
        env.tocs = compacted


def expand_tocs(app: Sphinx, env: BuildEnvironment) -> None:
    """Numbered toctrees write section numbers into the stored tocs: keep them as nodes."""
    if env.numbered_toctrees and isinstance(env.tocs, CompactTocs):
        env.tocs = env.tocs.expanded()


def drop_read_doctrees(app: Sphinx, env: BuildEnvironment) -> None:
    """After a large serial read, let the write unpickle doctrees one at a time."""
    _compat.drop_read_doctrees(env, keep=KEEP_READ_DOCTREES)


def forget_pickled_doctree(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """A page is resolved once per build: its pickled bytes need not stay (``doctree-resolved``)."""
    _compat.forget_pickled_doctree(app.env, docname)


def install_wave_writer(app: Sphinx, builder: Builder) -> None:
    """Write pages in waves instead of queueing the whole site (``write-started``)."""
    _compat.replace_parallel_writer(builder, write_in_waves)


def write_in_waves(builder: Builder, docnames: Sequence[str], nproc: int) -> None:
    """Sphinx's parallel write, with at most two waves of resolved doctrees alive.

    As in Sphinx, the main process resolves each doctree (cross-references need
    the whole environment) and the forked workers render and write the pages,
    one worker per ``-j`` process.
    The next wave is resolved while the workers write the current one.
    """
    env = builder.env
    # Sphinx passes ``-j`` minus one, counting the main process as a writer; but the main
    # process only resolves doctrees and mostly waits, so on two cores one core stayed idle.
    nproc = max(1, nproc + 1)

    def write_process(docs: list[tuple[str, nodes.document]]) -> None:
        builder.phase = BuildPhase.WRITING
        for docname, doctree in docs:
            builder.write_doc(docname, doctree)

    def resolve(chunk: list[str]) -> list[tuple[str, nodes.document]]:
        builder.phase = BuildPhase.RESOLVING
        resolved = []
        for docname in chunk:
            doctree = env.get_and_resolve_doctree(docname, builder, tags=builder.tags)
            builder.write_doc_serialized(docname, doctree)
            resolved.append((docname, doctree))
        return resolved

    first, rest = docnames[0], list(docnames[1:])
    for docname, doctree in resolve([first]):  # warms up the templates, as Sphinx does
        builder.phase = BuildPhase.WRITING
        builder.write_doc(docname, doctree)
    chunks: list[list[str]] = []
    for chunk in make_chunks(rest, nproc):
        chunks.extend(chunk[i:i + MAX_WRITE_CHUNK] for i in range(0, len(chunk), MAX_WRITE_CHUNK))
    progress = status_iterator(chunks, "writing output... ", "darkgreen", len(chunks),
                               builder.config.verbosity)

    def on_chunk_done(args: list[tuple[str, nodes.document]], result: None) -> None:
        next(progress)

    running: ParallelTasks | None = None
    for start in range(0, len(chunks), nproc):
        wave = [resolve(chunk) for chunk in chunks[start:start + nproc]]
        if running is not None:
            running.join()
        running = ParallelTasks(nproc)
        for resolved in wave:
            running.add_task(write_process, resolved, on_chunk_done)
        del wave
    if running is not None:
        running.join()
    logger.info("")


def release_memory(app: Sphinx, exception: Exception | None) -> None:
    """Hand freed memory back to the system before the search indexer starts (``build-finished``).

    Pagefind runs as a child process while this one waits: whatever this process
    still holds adds to the indexer's own peak. Python frees the doctrees and
    environment copies of the build, but glibc keeps the freed pages unless asked.
    """
    _compat.forget_all_pickled_doctrees(app.env)
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to hand back
        ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim(0)
