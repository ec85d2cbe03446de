"""``kb check`` speed (issue 14): a whole site of 2,000 articles, and a pre-commit run.

Times the real command in a new interpreter each run (start-up included), as a writer or
a pre-commit hook runs it, on the synthetic corpus. Prints the median of the runs next to
the issue's limits; no assertion (timings depend on the machine).

``.venv/bin/python bench/check_speed.py [--articles 2000] [--runs 5]``
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic_corpus import generate, write_corpus

REPO = Path(__file__).resolve().parent.parent
WHOLE_SITE_LIMIT = 1.0
FEW_FILES_LIMIT = 0.2
FEW_FILES = 5


def make_site(folder: Path, count: int) -> list[Path]:
    """A site like this repository's: conf.py at the top, articles under docs/articles/."""
    shutil.copy(REPO / "conf.py", folder / "conf.py")
    (folder / "_ext").symlink_to(REPO / "_ext")
    articles = folder / "docs" / "articles"
    write_corpus(articles, generate(count))
    return sorted(articles.glob("*.md"))


def timed(command: list[str], cwd: Path, runs: int) -> tuple[float, int]:
    """Median wall time of ``runs`` runs, and the exit status of the last."""
    times, status = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        status = subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL).returncode
        times.append(time.perf_counter() - start)
    return statistics.median(times), status


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kb-check-bench-") as work:
        site = Path(work)
        files = make_site(site, args.articles)
        kb = [sys.executable, "-m", "sphinx_kb", "check"]
        whole, status = timed(kb, site, args.runs)
        few, _ = timed([*kb, *(str(p.relative_to(site)) for p in files[:FEW_FILES])], site,
                       args.runs)
    print(f"kb check, {args.articles} articles (whole site): {whole:.3f} s "
          f"(limit {WHOLE_SITE_LIMIT} s, {'met' if whole <= WHOLE_SITE_LIMIT else 'NOT met'}; "
          f"exit status {status})")
    print(f"kb check, {FEW_FILES} files of {args.articles} (pre-commit run): {few:.3f} s "
          f"(limit {FEW_FILES_LIMIT} s, {'met' if few <= FEW_FILES_LIMIT else 'NOT met'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
