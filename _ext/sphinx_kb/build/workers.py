"""Fewer worker processes when the machine cannot hold them all (issue 13).

``-j auto`` asks for one worker per core whatever the memory: each forked
worker sends the whole environment back pickled and so ends up holding its own
copy of it. On Read the Docs (3 GB) a large site's build would be killed,
where fewer workers only make it slower. Before reading, the number of workers
is capped so that the estimated peak fits in the memory the build may use:
the lower of the system's available memory and the container's (cgroup) limit.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util import logging

from .._compat import set_parallel

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

MIB = 1024**2
#: Estimated memory of one process (main or worker) holding the environment of ``n``
#: documents: a base for Python, Sphinx, MyST and the theme, plus a share per document.
#: Measured on the synthetic corpus (README, "Performance"), with a margin.
BASE_BYTES = 120 * MIB
PER_DOCUMENT_BYTES = 40 * 1024
#: Part of the budget left for the search indexer and the rest of the machine.
HEADROOM = 0.25

_CGROUP_FILES = (
    ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory.current"),  # cgroup v2
    ("/sys/fs/cgroup/memory/memory.limit_in_bytes",  # cgroup v1
     "/sys/fs/cgroup/memory/memory.usage_in_bytes"),
)


def _read_int(path: str) -> int | None:
    try:
        text = Path(path).read_text(encoding="ascii").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


def memory_budget() -> int | None:
    """Bytes this build may still use, or None when the system does not say."""
    budgets = []
    try:
        for line in Path("/proc/meminfo").read_text(encoding="ascii").splitlines():
            if line.startswith("MemAvailable:"):
                budgets.append(int(line.split()[1]) * 1024)
    except (OSError, ValueError, IndexError):
        pass
    for limit_file, usage_file in _CGROUP_FILES:
        limit, usage = _read_int(limit_file), _read_int(usage_file)
        if limit is not None and usage is not None and limit < 1 << 60:
            budgets.append(max(0, limit - usage))
            break
    return min(budgets) if budgets else None


def affordable_workers(requested: int, documents: int, budget: int | None) -> int:
    """How many workers (1 = read in this process) fit in ``budget`` with ``documents``."""
    if budget is None or requested <= 1:
        return requested
    per_process = BASE_BYTES + PER_DOCUMENT_BYTES * documents
    usable = budget * (1 - HEADROOM)
    workers = int(usable // per_process) - 1  # the main process holds one copy too
    return max(1, min(requested, workers))


def cap_workers(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Lower ``app.parallel`` if its workers would not fit (``env-before-read-docs``)."""
    workers = affordable_workers(app.parallel, len(env.found_docs), memory_budget())
    if workers < app.parallel:
        logger.info("knowledge base: %d worker processes instead of %d, to fit in memory",
                    workers, app.parallel)
        set_parallel(app, workers)
