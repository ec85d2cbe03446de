"""Read a handful of changed documents in this process, not in forked workers.

With ``-j`` Sphinx forks workers for any number of documents, and each worker
sends the whole environment back pickled: for one edited article in a
2,000-article site that is ~2 s of pickling against ~50 ms of reading. Sphinx
already writes fewer than six documents serially; this does the same for reads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._compat import set_parallel
from .store import get_domain

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: Below this many documents to read, reading serially is faster than forking.
SERIAL_READ_BELOW = 20


def read_few_serially(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    state = get_domain(env).state
    if app.parallel > 1 and len(docnames) < SERIAL_READ_BELOW:
        state.saved_parallel = app.parallel
        set_parallel(app, 1)


def restore_parallel(app: Sphinx, env: BuildEnvironment) -> list[str]:
    state = get_domain(env).state
    if state.saved_parallel is not None:
        set_parallel(app, state.saved_parallel)  # writing many pages still uses the workers
        state.saved_parallel = None
    return []
