"""Run a command and measure its wall time and the peak memory of its whole process tree.

``getrusage(RUSAGE_CHILDREN).ru_maxrss`` reports the largest single child, but
``sphinx -j N`` forks workers that live at the same time: what the machine must
hold is their sum. So ``/proc`` is sampled every ~50 ms and the RSS (and PSS,
which counts pages shared after ``fork`` once) of the process and all its
descendants is summed. Linux only.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

_PAGE = os.sysconf("SC_PAGE_SIZE")


@dataclass
class RunResult:
    seconds: float
    returncode: int
    peak_rss: int  # bytes, sum over the tree at the sampled instant with the largest sum
    peak_pss: int  # bytes, same for PSS (0 if smaps_rollup is unreadable)
    max_processes: int
    samples: int


def _ppid(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            data = handle.read()
    except OSError:
        return None
    # The command name may hold spaces and parentheses: fields start after the last ')'.
    return int(data[data.rindex(b")") + 2 :].split()[1])


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", "rb") as handle:
            return int(handle.read().split()[1]) * _PAGE
    except (OSError, IndexError, ValueError):
        return 0


def _pss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
            for line in handle:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


class TreeSampler:
    """Background thread summing the memory of a process and its descendants."""

    def __init__(self, root: int, interval: float = 0.05) -> None:
        self.root = root
        self.interval = interval
        self.peak_rss = 0
        self.peak_pss = 0
        self.max_processes = 0
        self.samples = 0
        self._parents: dict[int, int | None] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def tree(self) -> list[int]:
        """The root and its live descendants (parents are cached: a scan reads new pids only)."""
        pids = {int(name) for name in os.listdir("/proc") if name.isdigit()}
        for gone in set(self._parents) - pids:
            del self._parents[gone]
        for pid in pids - set(self._parents):
            self._parents[pid] = _ppid(pid)
        children: dict[int, list[int]] = {}
        for pid, parent in self._parents.items():
            if parent is not None:
                children.setdefault(parent, []).append(pid)
        found, stack = [], [self.root]
        while stack:
            pid = stack.pop()
            if pid in pids:
                found.append(pid)
                stack.extend(children.get(pid, ()))
        return found

    def sample(self) -> None:
        pids = self.tree()
        rss = sum(_rss(pid) for pid in pids)
        pss = sum(_pss(pid) for pid in pids)
        self.samples += 1
        self.peak_rss = max(self.peak_rss, rss)
        self.peak_pss = max(self.peak_pss, pss)
        self.max_processes = max(self.max_processes, len(pids))

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)


def run_measured(cmd: Sequence[str], log: Path, env: Mapping[str, str] | None = None,
                 cwd: Path | None = None, interval: float = 0.05) -> RunResult:
    """Run ``cmd`` with stdout+stderr into ``log``; time it and sample its memory."""
    with log.open("wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(list(cmd), stdout=out, stderr=subprocess.STDOUT,
                                env=dict(env) if env is not None else None, cwd=cwd)
        with TreeSampler(proc.pid, interval) as sampler:
            returncode = proc.wait()
        seconds = time.perf_counter() - start
    return RunResult(seconds, returncode, sampler.peak_rss, sampler.peak_pss,
                     sampler.max_processes, sampler.samples)
