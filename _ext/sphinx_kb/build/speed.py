"""Read a handful of changed documents in this process, not in forked workers.

With ``-j`` Sphinx forks workers for any number of documents, and each worker
sends the whole environment back pickled: for one edited article in a
2,000-article site that is ~2 s of pickling against ~50 ms of reading. Sphinx
already writes fewer than six documents serially; this does the same for reads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: Below this many documents to read, reading serially is faster than forking.
SERIAL_READ_BELOW = 20
_SAVED = "_kb_parallel"


def read_few_serially(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    if app.parallel > 1 and len(docnames) < SERIAL_READ_BELOW:
        setattr(app.builder, _SAVED, app.parallel)
        app.parallel = 1


def restore_parallel(app: Sphinx, env: BuildEnvironment) -> list[str]:
    saved = getattr(app.builder, _SAVED, None)
    if saved is not None:
        app.parallel = saved  # writing many pages still uses the workers
        delattr(app.builder, _SAVED)
    return []
