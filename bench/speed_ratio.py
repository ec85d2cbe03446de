"""Product ÷ floor full-build time (issue 13 item 3), interleaved, with the CPU of the tree.

A shorter check than ``make bench``: clean full builds only, no incremental steps. Each
round builds every configuration once, in turn, so a change in the machine's load hits all
of them alike. ``--base REF`` adds the product as of a git revision (its ``conf.py``,
``docs`` pages and ``_ext``), to measure a change against the code before it in one run.
Prints wall time and user+sys CPU of the whole process tree (``wait4`` of the build:
Sphinx waits for its workers, so their CPU is included) and the ratios of the medians.

``.venv/bin/python bench/speed_ratio.py [--articles 2000] [--runs 3] [--base HEAD]``
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

from projects import REPO, Project, build_env, floor_project, product_project
from synthetic_corpus import generate


def export_revision(ref: str, target: Path) -> Path:
    """The checkout's conf.py, docs pages and extension as of ``ref``."""
    target.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(REPO), "archive", ref, "conf.py", "docs", "_ext"],
                             check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target


def clean_build(project: Project, jobs: str, log: Path) -> tuple[float, float]:
    """Wall seconds and user+sys CPU seconds of the build's process tree, from empty output."""
    shutil.rmtree(project.root / "_build", ignore_errors=True)
    for generated in ("tags", "archive"):  # as `make clean`: the product writes these
        shutil.rmtree(project.srcdir / generated, ignore_errors=True)
    with log.open("w", encoding="utf-8") as out:
        start = time.perf_counter()
        process = subprocess.Popen(project.build_command(jobs), stdout=out,
                                   stderr=subprocess.STDOUT, env=build_env(), cwd=project.root)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"build failed ({process.returncode}); see {log}")
    return wall, usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", default="auto")
    parser.add_argument("--base", default=None, help="also build the product as of this git ref")
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kb-speed-", dir=args.workdir))
    try:
        specs = generate(args.articles)
        projects = {"product": product_project(work / "product", specs)}
        if args.base:
            base_repo = export_revision(args.base, work / "base-repo")
            projects["base"] = product_project(work / "base", specs, repo=base_repo)
        projects["floor"] = floor_project(work / "floor", specs)
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in projects}
        for run in range(args.runs):
            for name, project in projects.items():
                wall, cpu = clean_build(project, args.jobs, work / f"{name}-{run}.log")
                times[name].append((wall, cpu))
                print(f"run {run + 1} {name:8s} wall {wall:6.1f} s  cpu {cpu:6.1f} s", flush=True)
        medians = {name: (statistics.median(w for w, _ in runs),
                          statistics.median(c for _, c in runs))
                   for name, runs in times.items()}
        print(f"\n{args.articles} articles, -j {args.jobs}, {args.runs} interleaved runs, "
              f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f} at the end")
        floor_wall, floor_cpu = medians["floor"]
        for name, (wall, cpu) in medians.items():
            print(f"{name:8s} median wall {wall:6.1f} s (÷ floor {wall / floor_wall:.3f})  "
                  f"cpu {cpu:6.1f} s (÷ floor {cpu / floor_cpu:.3f})")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
