"""``make bench``: how the knowledge base scales, against plain Sphinx (issue 4 "Scale").

Builds a synthetic corpus (and a copy of the 18F posts) three ways -- the product, a floor
(Sphinx + MyST + theme, no extension, articles in no toctree) and a naive glob toctree --
and prints one table: full-build time, memory of the whole process tree, page and site
sizes, incremental rebuild times, whether each incremental output equals a clean build,
and each target of the issue next to its figure. Runs are interleaved (product, floor,
product, floor, ...) and every timed figure is the median of the runs.

Quick try: ``.venv/bin/python bench/bench.py --sizes 50 --runs 1 --skip-naive --skip-18f``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict
from importlib import metadata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_table import (
    STEPS,
    Build,
    Results,
    Step,
    make_table,
)
from listing_sizes import listing_page_sizes
from output_compare import Comparison, compare_sites
from peers import hugo_binary, hugo_project, mkdocs_project, mkdocs_python
from proc_tree import RunResult, run_measured
from projects import (
    REPO,
    Project,
    build_env,
    floor_project,
    naive_project,
    product_project,
    snapshot_repo,
)
from synthetic_corpus import (
    DEFAULT_SEED,
    TAG_POOL,
    ArticleSpec,
    edit_body,
    generate,
    next_article,
    replace_tags,
)

CORPUS_18F = Path("/work/shared/corpora/18f-posts")
#: A post present in the 18F corpus, whose page size is reported.
REF_18F = "2016-01-04-turning-learning-up-to-11-transparency"
def log(message: str) -> None:
    stamp = time.strftime("%H:%M:%S")
    print(f"[{stamp}] {message}", file=sys.stderr, flush=True)


def count_warnings(path: Path) -> int:
    text = path.read_text(encoding="utf-8", errors="replace")
    return len(re.findall(r"\bWARNING\b|\bERROR\b", text))


def site_size(outdir: Path) -> tuple[int, int]:
    total = files = 0
    for path in outdir.rglob("*"):
        if ".doctrees" in path.relative_to(outdir).parts or not path.is_file():
            continue
        total += path.stat().st_size
        files += 1
    return total, files


def run_build(project: Project, jobs: str, log_path: Path, outdir: Path | None = None) -> Build:
    command = project.build_command(jobs, outdir)
    result: RunResult = run_measured(command, log_path, env=build_env(), cwd=project.root)
    build = Build(result.seconds, result.peak_rss, result.peak_pss, result.max_processes,
                  count_warnings(log_path), result.returncode)
    if result.returncode != 0:
        tail = log_path.read_text(encoding="utf-8", errors="replace")[-2000:]
        log(f"BUILD FAILED ({result.returncode}): {' '.join(command)}\n{tail}")
    return build


def measure_full(project: Project, jobs: str, log_path: Path, ref_slug: str,
                 slugs: Sequence[str]) -> Build:
    """A clean build, with the page and site sizes of its output."""
    build = run_build(project, jobs, log_path)
    ref = project.page(ref_slug)
    build.page_bytes = ref.stat().st_size if ref.is_file() else 0
    sizes = [p.stat().st_size for s in slugs if (p := project.page(s)).is_file()]
    build.median_page_bytes = int(statistics.median(sizes)) if sizes else 0
    build.site_bytes, build.site_files = site_size(project.outdir)
    if project.kind == "product":
        listed = listing_page_sizes(project.outdir)

        def size_of(label: str) -> int:
            return listed.get(label, ("", 0))[1]
        build.home_bytes, build.tags_overview_bytes = size_of("home"), size_of("tags overview")
        build.archive_bytes = size_of("largest archive year page")
        build.tag_bytes = size_of("largest tag page")
    return build


def snapshot(outdir: Path, target: Path) -> None:
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(outdir, target, ignore=shutil.ignore_patterns(".doctrees"))


def verify_clean(project: Project, jobs: str, work: Path, logs: Path, label: str) -> Comparison:
    """Build the current sources from scratch elsewhere; compare with the incremental output."""
    clean = work / "clean"
    if clean.exists():
        shutil.rmtree(clean)
    build = run_build(project, jobs, logs / f"{label}-clean.log", outdir=clean)
    if build.returncode != 0:
        return Comparison(False, ["clean build failed"])
    comparison = compare_sites(project.outdir, clean)
    shutil.rmtree(clean)
    return comparison


def published(specs: Sequence[ArticleSpec], start: int) -> ArticleSpec:
    for spec in [*specs[start:], *specs[:start]]:
        if not spec.draft:
            return spec
    raise ValueError("no published article")


def product_run(results: Results, specs: list[ArticleSpec], args: argparse.Namespace,
                run: int, ref_slug: str, logs: Path) -> None:
    """Full build, then the four incremental steps, each checked against a clean build."""
    size = len(specs)
    project = product_project(args.workdir / f"product-{size}", specs, repo=args.repo)
    slugs = [s.slug for s in specs if not s.draft]
    label = f"product-{size}-run{run}"
    log(f"product N={size} run {run + 1}: full build")
    full = measure_full(project, args.jobs, logs / f"{label}-full.log", ref_slug, slugs)
    results.add_build(f"product@{size}", full)
    results.articles[f"product@{size}"] = len(slugs)
    if full.returncode != 0:
        return
    verify = run < args.verify_runs and size <= args.verify_max
    rng = random.Random(f"{args.seed}:steps")
    edited = published(specs, size // 3)
    retagged = published(specs, (2 * size) // 3)
    new_tag = rng.choice([t for t in TAG_POOL[40:] if t not in retagged.tags])
    added = next_article(specs, args.seed)

    def no_change() -> None:
        if verify:
            snapshot(project.outdir, args.workdir / "reference")

    def edit() -> None:
        path = project.article_dir / edited.filename
        note = ("An added paragraph: the writer fixed a sentence and **added** a detail, "
                "as writers do between two builds.")
        path.write_text(edit_body(path.read_text(encoding="utf-8"), note), encoding="utf-8")

    def retag() -> None:
        path = project.article_dir / retagged.filename
        tags = [new_tag, *retagged.tags[1:]]
        path.write_text(replace_tags(path.read_text(encoding="utf-8"), tags), encoding="utf-8")

    def add() -> None:
        (project.article_dir / added.filename).write_text(added.text, encoding="utf-8")

    actions: dict[str, Callable[[], None]] = {
        "no change": no_change, "edit body": edit, "change tags": retag, "add article": add}
    for name in STEPS:
        actions[name]()
        step_label = f"{label}-{name.replace(' ', '-')}"
        log(f"product N={size} run {run + 1}: incremental build, {name}")
        build = run_build(project, args.jobs, logs / f"{step_label}.log")
        step = Step(name, build.seconds if build.returncode == 0 else float("nan"))
        if verify and build.returncode == 0:
            if name == "no change":
                comparison = compare_sites(project.outdir, args.workdir / "reference")
                shutil.rmtree(args.workdir / "reference")
            else:
                comparison = verify_clean(project, args.jobs, args.workdir, logs, step_label)
            step.identical = comparison.summary()
            step.notes = comparison.notes[:5]
            log(f"  identical to a clean build: {step.identical}")
        results.steps.setdefault(f"{name}@{size}", []).append(step)
    if not args.keep:
        shutil.rmtree(project.root)


def simple_run(results: Results, kind: str, make: Callable[[Path, list[ArticleSpec]], Project],
               specs: list[ArticleSpec], args: argparse.Namespace, run: int, ref_slug: str,
               logs: Path) -> None:
    size = len(specs)
    project = make(args.workdir / f"{kind}-{size}", specs)
    slugs = [s.slug for s in specs if not s.draft]
    log(f"{kind} N={size} run {run + 1}: full build")
    build = measure_full(project, args.jobs, logs / f"{kind}-{size}-run{run}.log", ref_slug,
                         slugs)
    results.add_build(f"{kind}@{size}", build)
    results.articles[f"{kind}@{size}"] = len(slugs)
    if not args.keep:
        shutil.rmtree(project.root)


def peer_runs(results: Results, specs: list[ArticleSpec], args: argparse.Namespace, run: int,
              ref_slug: str, logs: Path) -> None:
    """MkDocs Material and Hugo on the same articles, where they can be installed."""
    size = len(specs)
    if args.mkdocs_python is not None:
        python = args.mkdocs_python
        simple_run(results, "mkdocs", lambda root, s: mkdocs_project(root, s, python), specs,
                   args, run, ref_slug, logs)
    if args.hugo is not None:
        hugo = args.hugo
        simple_run(results, "hugo", lambda root, s: hugo_project(root, s, hugo), specs, args,
                   run, ref_slug, logs)
    if size and args.mkdocs_python is None and args.hugo is None:
        log("no peer available (MkDocs Material failed to install, hugo not installed)")


def run_18f(results: Results, args: argparse.Namespace, run: int, logs: Path) -> None:
    project = product_project(args.workdir / "product-18f", folder="18f", corpus=args.corpus_18f,
                              repo=args.repo)
    slugs = sorted(p.stem for p in project.article_dir.glob("*.md"))
    log(f"product 18F ({len(slugs)} posts) run {run + 1}: full build")
    build = measure_full(project, args.jobs, logs / f"product-18f-run{run}.log", REF_18F, slugs)
    results.add_build("product@18f", build)
    results.articles["product@18f"] = len(slugs)
    if not args.keep:
        shutil.rmtree(project.root)


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def header(args: argparse.Namespace) -> str:
    load = os.getloadavg()
    return "\n".join([
        f"# make bench: {dt.datetime.now().astimezone().isoformat(timespec='seconds')}",
        "",
        f"- os.cpu_count(): {os.cpu_count()}; sphinx -j {args.jobs}; load average at start: "
        f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}",
        f"- Python {platform.python_version()}; Sphinx {_version('sphinx')}; "
        f"myst-parser {_version('myst-parser')}; "
        f"sphinx-book-theme {_version('sphinx-book-theme')}; "
        f"pydata-sphinx-theme {_version('pydata-sphinx-theme')}; docutils {_version('docutils')}",
        f"- sizes {args.sizes}, runs {args.runs} (interleaved product/floor/naive), "
        f"seed {args.seed}, clean-build checks in the first {args.verify_runs} run(s) "
        f"up to N={args.verify_max}",
        "- times are medians, wall clock; peak RSS sums the process tree (sampled every 50 ms);"
        " floor and naive build the published articles only, as the product does",
    ])


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="500,2000",
                        help="corpus sizes, comma-separated (default 500,2000)")
    parser.add_argument("--runs", type=int, default=3, help="runs per configuration (median)")
    parser.add_argument("--jobs", default="auto", help="sphinx -j value, as `make html` (auto)")
    parser.add_argument("--skip-naive", action="store_true", help="no naive glob-toctree builds")
    parser.add_argument("--naive-max", type=int, default=500,
                        help="largest size built naively (it is quadratic; default 500)")
    parser.add_argument("--skip-18f", action="store_true", help="no build of the 18F posts")
    parser.add_argument("--skip-floor", action="store_true",
                        help="no floor builds (e.g. a --sizes 20000 run for the limits only)")
    parser.add_argument("--peers", action="store_true",
                        help="also build with MkDocs Material (installed into a throw-away venv "
                        "in the work folder) and Hugo (if installed); print the ratios")
    parser.add_argument("--corpus-18f", type=Path, default=CORPUS_18F)
    parser.add_argument("--verify-runs", type=int, default=1,
                        help="compare incremental output with a clean build in this many runs")
    parser.add_argument("--verify-max", type=int, default=5000,
                        help="largest size compared with clean builds (each comparison is "
                        "one more full build: about 11 minutes per step at 20,000)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--workdir", type=Path, default=None,
                        help="where the projects are built (default: a new temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the built projects")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out",
                        help="folder for logs, the table and raw results (bench/out)")
    args = parser.parse_args(argv)
    args.sizes = sorted({int(s) for s in str(args.sizes).split(",") if s.strip()})
    if not args.sizes or min(args.sizes) < 1 or args.runs < 1:
        parser.error("--sizes needs positive integers and --runs at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    own_workdir = args.workdir is None
    args.workdir = Path(tempfile.mkdtemp(prefix="kb-bench-")) if own_workdir else args.workdir
    args.workdir.mkdir(parents=True, exist_ok=True)
    logs = args.out / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    naive_sizes = [] if args.skip_naive else [s for s in args.sizes if s <= args.naive_max]
    head = header(args)
    args.repo = snapshot_repo(args.workdir / "repo")
    args.mkdocs_python = mkdocs_python(args.workdir) if args.peers else None
    args.hugo = hugo_binary() if args.peers else None
    log(f"work folder {args.workdir}; build logs in {logs}")
    results = Results()
    started = time.perf_counter()
    try:
        for size in args.sizes:
            specs = generate(size, args.seed)
            ref_slug = specs[min(10, size - 1)].slug if not specs[min(10, size - 1)].draft \
                else next(s.slug for s in specs if not s.draft)
            for run in range(args.runs):
                product_run(results, specs, args, run, ref_slug, logs)
                if not args.skip_floor:
                    simple_run(results, "floor", floor_project, specs, args, run, ref_slug, logs)
                if args.peers:
                    peer_runs(results, specs, args, run, ref_slug, logs)
                if size in naive_sizes:
                    simple_run(results, "naive", naive_project, specs, args, run, ref_slug, logs)
        if not args.skip_18f:
            for run in range(args.runs):
                run_18f(results, args, run, logs)
    finally:
        if own_workdir and not args.keep:
            shutil.rmtree(args.workdir, ignore_errors=True)
    table = make_table(results, args.sizes, naive_sizes or [0])
    notes = [f"- {s.name} N={key.split('@')[1]}: other files differ: {', '.join(s.notes)}"
             for key, steps in results.steps.items() for s in steps if s.notes]
    text = "\n\n".join([head, table.render(), *(["\n".join(notes)] if notes else []),
                        f"Total bench time {time.perf_counter() - started:.0f} s."])
    print(text, flush=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    (args.out / f"bench-{stamp}.md").write_text(text + "\n", encoding="utf-8")
    raw = {"args": {k: str(v) for k, v in vars(args).items()},
           "builds": {k: [asdict(b) for b in v] for k, v in results.builds.items()},
           "steps": {k: [asdict(s) for s in v] for k, v in results.steps.items()},
           "articles": results.articles}
    (args.out / f"bench-{stamp}.json").write_text(json.dumps(raw, indent=1), encoding="utf-8")
    failed = any(b.returncode != 0 for bs in results.builds.values() for b in bs)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
