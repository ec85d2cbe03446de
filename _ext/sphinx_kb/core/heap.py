"""Python's cycle collector, paused for steps that make many objects and no cycles.

Light on purpose (no Sphinx import): the writers' tools use it too.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def cycle_collector_paused() -> Iterator[None]:
    """Run a step that makes millions of short-lived objects without the cycle collector.

    Reference counting frees them (they hold no cycles); the collector would instead scan
    the whole heap each time they pile up, and at the end of a big build that heap is the
    environment: compacting the search index of 20,000 articles took 40.7 s in the build,
    12 s alone. Usable as a decorator too.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
