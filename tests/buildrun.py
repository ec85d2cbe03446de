"""Real ``sphinx-build`` processes for the tests of killed and concurrent builds.

A build runs as its own process (in its own session, so a kill reaches every
worker of a parallel build); its output is read as it comes, with the time
each phase began, so a test can kill it in the phase it aims at.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from output_compare import compare_sites, site_files  # noqa: E402

#: Output files whose bytes differ between two clean builds of one state.
VOLATILE = frozenset({".buildinfo", "objects.inv"})

#: What Sphinx (or the knowledge base) prints as each phase of a build begins.
PHASES: dict[str, str] = {
    "start": "Running Sphinx",
    "reading": "reading sources",
    "pickling": "pickling environment",
    "writing": "writing output",
    "finishing": "generating indices",
    "after-writing": "dumping object inventory",  # then feeds, sitemap, redirects, report
}


def conf_text(extra: str = "") -> str:
    """A site configuration that finds the extension in this checkout."""
    return (f"import sys\nsys.path.insert(0, {str(ROOT / '_ext')!r})\n"
            'extensions = ["myst_parser", "sphinx_kb"]\nhtml_theme = "basic"\n'
            'html_baseurl = "https://kb.example.org/"\nexclude_patterns = ["_build"]\n' + extra)


def command(src: Path, out: Path, *options: str) -> list[str]:
    return [sys.executable, "-m", "sphinx", "build", "-b", "html", *options, str(src), str(out)]


@dataclass
class Build:
    """One running ``sphinx-build``: its output so far and when each phase began."""

    args: list[str]
    process: subprocess.Popen[bytes] = field(init=False)
    output: bytearray = field(default_factory=bytearray)
    seen: dict[str, float] = field(default_factory=dict)
    killed_in: str | None = None

    def __post_init__(self) -> None:
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "DRAFTS": ""}
        self.process = subprocess.Popen(self.args, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, start_new_session=True,
                                        env=env)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        while chunk := os.read(self.process.stdout.fileno(), 65536):
            self.output += chunk
            text = self.output.decode("utf-8", "replace")
            for phase, mark in PHASES.items():
                if phase not in self.seen and mark in text:
                    self.seen[phase] = time.monotonic()

    @property
    def text(self) -> str:
        return self.output.decode("utf-8", "replace")

    def wait_for(self, phase: str, timeout: float = 300) -> bool:
        """Wait until ``phase`` began; False if the build ended first."""
        end = time.monotonic() + timeout
        while phase not in self.seen:
            if self.process.poll() is not None:
                self._reader.join(5)
                return phase in self.seen
            if time.monotonic() > end:
                raise TimeoutError(f"no {phase!r} after {timeout} s:\n{self.text[-2000:]}")
            time.sleep(0.005)
        return True

    def kill(self) -> bool:
        """``kill -9`` the build and its workers; False if it had already finished."""
        if self.process.poll() is not None:
            return False
        text = self.text
        phase = max(PHASES, key=lambda name: text.rfind(PHASES[name]))
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        self._reader.join(5)
        if "build succeeded" in self.text or "build finished" in self.text:
            return False  # it had finished, only the interpreter was still shutting down
        self.killed_in = phase
        return True

    def finish(self, timeout: float = 600) -> str:
        code = self.process.wait(timeout)
        self._reader.join(5)
        assert code == 0, f"{' '.join(self.args)} exited {code}:\n{self.text[-4000:]}"
        return self.text


def run(args: list[str]) -> str:
    return Build(args).finish()


def differences(built: Path, clean: Path) -> list[str]:
    """Every way ``built`` differs from the clean build ``clean``: files, bytes, search data."""
    comparison = compare_sites(built, clean, limit=10)
    found = list(comparison.differences)
    for note in comparison.notes:  # other files than pages and the search index
        name = note.removesuffix(" differs")
        if Path(name).name not in VOLATILE:
            found.append(note)
    return found


def files_of(root: Path) -> dict[str, Path]:
    return site_files(root)
