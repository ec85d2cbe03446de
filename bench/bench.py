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
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from output_compare import Comparison, compare_sites
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
GIB = 1024**3
MIB = 1024**2
STEPS = ("no change", "edit body", "change tags", "add article")

# Targets of issue 4.
MAX_PRODUCT_OVER_FLOOR = 1.25
MIN_NAIVE_OVER_PRODUCT = 5.0
MAX_SECONDS_PER_ARTICLE_GROWTH = 1.15
MAX_PAGE_GROWTH = 1.05
MAX_NO_CHANGE_SHARE = 0.08
MAX_STEP_SHARE = 0.10
MAX_PEAK_RSS = 1 * GIB


def log(message: str) -> None:
    stamp = time.strftime("%H:%M:%S")
    print(f"[{stamp}] {message}", file=sys.stderr, flush=True)


@dataclass
class Build:
    """Figures of one build."""

    seconds: float
    peak_rss: int
    peak_pss: int
    processes: int
    warnings: int
    returncode: int
    page_bytes: int = 0  # the reference article's HTML page
    median_page_bytes: int = 0  # over all article pages
    site_bytes: int = 0  # output without the .doctrees cache
    site_files: int = 0


@dataclass
class Step:
    name: str
    seconds: float
    identical: str | None = None  # "yes" / "no (...)"; None when not verified in this run
    notes: list[str] = field(default_factory=list)


@dataclass
class Results:
    builds: dict[str, list[Build]] = field(default_factory=dict)  # key: "<config>@<N>"
    steps: dict[str, list[Step]] = field(default_factory=dict)  # key: "<step>@<N>"
    articles: dict[str, int] = field(default_factory=dict)  # key: "<config>@<N>" -> built

    def add_build(self, key: str, build: Build) -> None:
        self.builds.setdefault(key, []).append(build)

    def median(self, key: str, attr: str) -> float | None:
        values = [getattr(b, attr) for b in self.builds.get(key, []) if b.returncode == 0]
        return statistics.median(values) if values else None


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
    verify = run < args.verify_runs
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


# ---------------------------------------------------------------------------------------------
# The table


def _fmt_s(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f} s"


def _fmt_bytes(value: float | None, unit: int = 1024, name: str = "KiB") -> str:
    return "n/a" if value is None else f"{value / unit:,.1f} {name}"


def _met(ok: bool | None) -> str:
    return "n/a" if ok is None else ("met" if ok else "**not met**")


def _ratio(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None or b == 0 else a / b


class Table:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str]] = []

    def add(self, figure: str, value: str, target: str = "", met: str = "") -> None:
        self.rows.append((figure, value, target, met))

    def render(self) -> str:
        head = ("figure", "value", "target", "met")
        widths = [max(len(r[i]) for r in [head, *self.rows]) for i in range(4)]
        lines = ["| " + " | ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)) + " |",
                 "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
        for row in self.rows:
            lines.append("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True))
                         + " |")
        return "\n".join(lines)


def _build_rows(table: Table, results: Results, key: str, label: str) -> None:
    builds = [b for b in results.builds.get(key, []) if b.returncode == 0]
    failed = len(results.builds.get(key, [])) - len(builds)
    if not builds:
        table.add(f"{label}: full build", f"FAILED ({failed} runs)")
        return
    n = results.articles.get(key, 0)
    seconds = results.median(key, "seconds")
    assert seconds is not None
    rate = f"{n / seconds:.1f} articles/s" if seconds else ""
    runs = f"{len(builds)} run{'s' if len(builds) > 1 else ''}"
    failures = f", {failed} FAILED" if failed else ""
    table.add(f"{label}: full build ({n} articles)",
              f"{seconds:.1f} s, {rate}, median of {runs}{failures}")
    table.add(f"{label}: peak RSS, process tree sum (PSS)",
              f"{_fmt_bytes(results.median(key, 'peak_rss'), MIB, 'MiB')} "
              f"({_fmt_bytes(results.median(key, 'peak_pss'), MIB, 'MiB')}; "
              f"{max(b.processes for b in builds)} processes)")
    table.add(f"{label}: article page (median page)",
              f"{builds[0].page_bytes:,} B ({builds[0].median_page_bytes:,} B)")
    table.add(f"{label}: output size",
              f"{_fmt_bytes(builds[0].site_bytes, MIB, 'MiB')} in {builds[0].site_files:,} files; "
              f"{builds[0].warnings} warnings")


def make_table(results: Results, sizes: list[int], naive_sizes: list[int]) -> Table:
    table = Table()
    big, small = max(sizes), min(sizes)
    for size in sizes:
        for kind in ("product", "floor", "naive"):
            if f"{kind}@{size}" in results.builds:
                _build_rows(table, results, f"{kind}@{size}", f"{kind} N={size}")
        product = results.median(f"product@{size}", "seconds")
        floor = results.median(f"floor@{size}", "seconds")
        ratio = _ratio(product, floor)
        if ratio is not None:
            target = f"≤ {MAX_PRODUCT_OVER_FLOOR} at N={big}" if size == big else ""
            met = _met(ratio <= MAX_PRODUCT_OVER_FLOOR) if size == big else ""
            table.add(f"product ÷ floor, full build, N={size}", f"{ratio:.2f}", target, met)
        naive = results.median(f"naive@{size}", "seconds")
        ratio = _ratio(naive, product)
        if ratio is not None:
            is_target = size == max(naive_sizes)
            table.add(f"naive ÷ product, full build, N={size}", f"{ratio:.1f}",
                      f"≥ {MIN_NAIVE_OVER_PRODUCT:g}" if is_target else "",
                      _met(ratio >= MIN_NAIVE_OVER_PRODUCT) if is_target else "")
        rss = results.median(f"product@{size}", "peak_rss")
        if rss is not None and size == big:
            table.add(f"product peak RSS, N={size}", _fmt_bytes(rss, MIB, "MiB"), "≤ 1024 MiB",
                      _met(rss <= MAX_PEAK_RSS))
        for name in STEPS:
            steps = results.steps.get(f"{name}@{size}", [])
            times = [s.seconds for s in steps if s.seconds == s.seconds]
            if not steps:
                continue
            seconds = statistics.median(times) if times else None
            share = _ratio(seconds, product)
            checks = [s.identical for s in steps if s.identical is not None]
            identical = checks[0] if checks else "not checked"
            limit = MAX_NO_CHANGE_SHARE if name == "no change" else MAX_STEP_SHARE
            value = (f"{_fmt_s(seconds)} = {share:.1%} of full; identical: {identical}"
                     if share is not None else f"{_fmt_s(seconds)}; identical: {identical}")
            ok = None if share is None else share <= limit and identical == "yes"
            table.add(f"rebuild after {name}, N={size}", value,
                      f"≤ {limit:.0%}, identical", _met(ok))
    if len(sizes) > 1:
        per_article = {
            s: _ratio(results.median(f"product@{s}", "seconds"), float(s)) for s in (small, big)}
        growth = _ratio(per_article[big], per_article[small])
        table.add(f"product s/article, N={big} ÷ N={small}",
                  "n/a" if growth is None else f"{growth:.2f}",
                  f"≤ {MAX_SECONDS_PER_ARTICLE_GROWTH}",
                  _met(None if growth is None else growth <= MAX_SECONDS_PER_ARTICLE_GROWTH))
        pages = {s: results.builds.get(f"product@{s}") for s in (small, big)}
        if pages[small] and pages[big]:
            page_growth = _ratio(pages[big][0].page_bytes, pages[small][0].page_bytes)
            table.add(f"product article page bytes, N={big} ÷ N={small}",
                      "n/a" if page_growth is None else f"{page_growth:.3f}",
                      f"≤ {MAX_PAGE_GROWTH}",
                      _met(None if page_growth is None else page_growth <= MAX_PAGE_GROWTH))
    else:
        table.add("product s/article and page-size growth", "n/a (needs two --sizes)",
                  f"≤ {MAX_SECONDS_PER_ARTICLE_GROWTH} / ≤ {MAX_PAGE_GROWTH}", "n/a")
    if "product@18f" in results.builds:
        _build_rows(table, results, "product@18f", "product 18F posts")
    return table


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
        f"seed {args.seed}, clean-build checks in the first {args.verify_runs} run(s)",
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
    parser.add_argument("--corpus-18f", type=Path, default=CORPUS_18F)
    parser.add_argument("--verify-runs", type=int, default=1,
                        help="compare incremental output with a clean build in this many runs")
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
                simple_run(results, "floor", floor_project, specs, args, run, ref_slug, logs)
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
