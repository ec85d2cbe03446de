"""``kb check`` speed (issue 14): a whole site of 2,000 articles, and a pre-commit run.

Times the real command in a new interpreter each run (start-up included), as a writer or
a pre-commit hook runs it, on the synthetic corpus: with nothing cached (a fresh clone, CI:
``--no-cache``, or a first run that starts an empty cache) and with the cache of unchanged
files warm (a writer's next run). With a few files given, the other articles are read by the
quick front-matter reader (``cli/quickscan.py``). Prints the median of the runs next to the
issue's limits; no assertion (timings depend on the machine).

``.venv/bin/python bench/check_speed.py [--articles 2000] [--runs 5]``
"""

from __future__ import annotations

import argparse
import os
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


def timed(command: list[str], cwd: Path, runs: int, env: dict[str, str],
          fresh_cache: Path | None = None) -> tuple[float, float, int]:
    """Median wall and CPU time (user + system) of ``runs`` runs, and the last exit status.

    CPU time is what the run would take on an idle machine; wall time on a busy one
    (other builds on the same cores) can be several times longer. ``fresh_cache``: a
    cache folder emptied before each run.
    """
    walls, cpus, status = [], [], 0
    for _ in range(runs):
        if fresh_cache is not None:
            shutil.rmtree(fresh_cache, ignore_errors=True)
            env = {**env, "XDG_CACHE_HOME": str(fresh_cache)}
        before = os.times()
        start = time.perf_counter()
        status = subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, env=env).returncode
        walls.append(time.perf_counter() - start)
        after = os.times()
        cpus.append(after.children_user - before.children_user
                    + after.children_system - before.children_system)
    return statistics.median(walls), statistics.median(cpus), status


def report(label: str, figures: tuple[float, float, int], limit: float) -> None:
    wall, cpu, _ = figures
    wall, cpu = round(wall, 3), round(cpu, 3)  # as printed: 0.2 from os.times is not > 0.2
    verdict = "met" if wall <= limit else ("met in CPU time" if cpu <= limit else "NOT met")
    print(f"kb check, {label}: {wall:.3f} s wall, {cpu:.3f} s CPU (limit {limit} s, {verdict})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kb-check-bench-") as work:
        site = Path(work) / "site"
        site.mkdir()
        files = make_site(site, args.articles)
        env = {**os.environ, "XDG_CACHE_HOME": str(Path(work) / "cache"),
               "PYTHONPATH": str(REPO / "_ext")}
        # As on a writer's machine: Python keeps the compiled modules after the first run.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        kb = [sys.executable, "-m", "sphinx_kb", "check"]
        few = [str(p.relative_to(site)) for p in files[:FEW_FILES]]
        # Cold: nothing cached, as in a fresh clone or CI. Warm: a writer's second run.
        cold_whole = timed([*kb, "--no-cache"], site, args.runs, env)
        cold_few = timed([*kb, "--no-cache", *few], site, args.runs, env)
        first_few = timed([*kb, *few], site, args.runs, env, Path(work) / "empty-cache")
        timed(kb, site, 1, env)  # fills the cache
        warm_whole = timed(kb, site, args.runs, env)
        warm_few = timed([*kb, *few], site, args.runs, env)
    print(f"kb check on {args.articles} synthetic articles, median of {args.runs} runs, "
          f"interpreter start included (exit status {cold_whole[2]}: the corpus has duplicate "
          f"titles); load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    report("whole site, nothing cached (fresh clone, CI)", cold_whole, WHOLE_SITE_LIMIT)
    report("whole site, cache warm", warm_whole, WHOLE_SITE_LIMIT)
    report(f"{FEW_FILES} files (pre-commit run), cache warm", warm_few, FEW_FILES_LIMIT)
    report(f"{FEW_FILES} files (pre-commit run), nothing cached", cold_few, FEW_FILES_LIMIT)
    report(f"{FEW_FILES} files (pre-commit run), first run, empty cache", first_few,
           FEW_FILES_LIMIT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
