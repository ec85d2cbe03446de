"""``make search-eval``: the site's built-in search, measured from outside in headless Chromium.

1. Known-item ranking on the 18F posts. The corpus is copied into a knowledge base (our
   ``conf.py``, ``docs/`` pages and extension; posts under ``docs/articles/18f/``), built as
   ``make html`` builds it, served on 127.0.0.1 and searched on the real search page
   (``search.html?q=…``). For every published article, four queries (see
   ``search_queries.py`` for the exact definitions of words and rarity):
   (a) its full title; (b) the three rarest words of its summary; (c) the three longest words
   of its summary; (d) the first of its tags, whose target is the tag page
   ``tags/<slug>.html``. Prints rank 1 / top 3 / top 10 per query kind against the targets,
   and the misses.
2. Cost at scale: a synthetic corpus (``--size``, default 20,000 articles), built the same
   way; bytes fetched by a first and a later query, time to results (``search_load.py``), and
   indexing time as a share of the full build.

    .venv/bin/python bench/search_eval.py [--skip-18f] [--skip-large] [--size N]
        [--site DIR] [--site-18f DIR] [--corpus DIR] [--engine page|api] [--out FILE]

``--site``/``--site-18f`` reuse a project folder kept by an earlier run (``--keep``): its
``_build/html`` with ``.doctrees`` inside, as ``make html`` leaves it. ``--engine api`` is a
fallback that asks Pagefind's JS API in the page instead of driving the search page; it is
labelled as such in the output. Figures only: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import search_browser
import search_load
from projects import REPO, Project, build_env, product_project, snapshot_repo
from search_queries import Query, make_queries, normalise
from synthetic_corpus import generate

CORPUS = Path(os.environ.get("KB_CORPORA", REPO.parent / "shared" / "corpora")) / "18f-posts"
KINDS = {"title": "(a) full title", "rare": "(b) 3 rarest summary words",
         "long": "(c) 3 longest summary words", "tag": "(d) tag -> tag page"}
#: (kind, cut-off, share): the issue's targets.
TARGETS = [("title", 1, 0.98), ("title", 3, 0.995), ("rare", 10, 0.95), ("long", 10, 0.95),
           ("tag", 1, 0.95)]
MAX_FIRST, MAX_LATER, MAX_MS, MAX_INDEX_SHARE = 400 * 1024, 150 * 1024, 300.0, 0.10
#: What the build logs when it writes the index (``sphinx_kb.publish.search``).
_INDEX_LOG_RE = re.compile(
    r"search index: \d+ pages(?:, shard\(s\) [\d, ]+)? (?:indexed )?in (\d+(?:\.\d+)?) s")


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def build(project: Project, jobs: str) -> dict[str, Any]:
    """Build as ``make html`` does; index with ``python -m pagefind`` only if the build did not."""
    started = time.perf_counter()
    result = subprocess.run(project.build_command(jobs), capture_output=True, text=True,
                            env=build_env(), check=False)
    seconds = time.perf_counter() - started
    (project.root / "build.log").write_text(result.stdout + result.stderr, encoding="utf-8")
    if result.returncode != 0:
        raise SystemExit(f"build failed ({result.returncode}):\n{result.stderr[-3000:]}")
    figures: dict[str, Any] = {"build_s": seconds, "index_by": "the build"}
    match = _INDEX_LOG_RE.search(result.stdout + result.stderr)
    figures["index_s"] = float(match.group(1)) if match else None
    if not (project.outdir / "pagefind" / "pagefind.js").exists():
        log("the build wrote no Pagefind index: indexing with python -m pagefind (NOT the "
            "product's indexing)")
        figures["index_by"] = "python -m pagefind, run by the eval"
        figures["index_s"] = index_with_cli(project.outdir)
        figures["build_s"] = seconds + figures["index_s"]
    return figures


def index_with_cli(outdir: Path) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(outdir)], check=True,
                   capture_output=True)
    return time.perf_counter() - started


def prepare(kind: str, reuse: Path | None, make: Any, args: argparse.Namespace,
            figures: dict[str, Any]) -> Project:
    """A built project: reused (``--site``) or made in the work folder and built now."""
    if reuse is not None:
        project = Project("product", reuse.resolve(), "")
        if not (project.outdir / "pagefind").is_dir():
            figures[f"{kind}_index_s"] = index_with_cli(project.outdir)
        return project
    project = make(args.workdir / kind)
    log(f"building {kind} in {project.root} ...")
    built = build(project, args.jobs)
    figures.update({f"{kind}_{key}": value for key, value in built.items()})
    log(f"built {kind}: {built['build_s']:.1f} s, index {built['index_s']} s "
        f"({built['index_by']})")
    return project


#: Queries weighed at scale: first queries in POOL // 4 fresh contexts, two later ones each.
POOL = 40


def query_pool(queries: list[Query]) -> list[str]:
    """Titles, rarest and longest summary words of articles spread over the site, taken in
    turn, so that first and later queries are of every kind (a step over the list of all
    queries, which holds each article's in a row, once picked titles only)."""
    kinds = ("title", "rare", "long")
    take = POOL // len(kinds) + 1
    picked = []
    for kind in kinds:
        texts = [query.text for query in queries if query.kind == kind]
        picked.append(texts[::max(1, len(texts) // take)][:take])
    return [text for group in zip(*picked, strict=False) for text in group][:POOL]


def rank_of(query: Query, paths: list[str]) -> int:
    wanted = normalise(query.target)
    found = [normalise(path) for path in paths]
    return found.index(wanted) + 1 if wanted in found else 0


def eval_18f(args: argparse.Namespace, figures: dict[str, Any]) -> list[dict[str, Any]]:
    """Rank of every article for the four queries, on the real search page."""
    project = prepare("18f", args.site_18f, lambda root: product_project(
        root, corpus=args.corpus, folder="18f", repo=args.repo), args, figures)
    queries, left_out = make_queries(project.srcdir, project.outdir / ".doctrees",
                                     folder="articles/18f/")
    from playwright.sync_api import sync_playwright

    server, base = search_browser.serve(project.outdir)
    started = time.perf_counter()
    try:
        with sync_playwright() as playwright:
            browser = search_browser.launch(playwright)
            page = browser.new_page()
            mode = search_browser.open_search(page, base, queries[0].text, args.engine)
            log(f"18F: {len(queries)} queries, sent by {mode}")
            results = search_browser.run_queries(page, base, [q.text for q in queries], mode)
            browser.close()
    finally:
        server.shutdown()
    rows = []
    for query, (ok, ms, paths) in zip(queries, results, strict=True):
        rows.append({"kind": query.kind, "article": query.article, "query": query.text,
                     "target": query.target, "rank": rank_of(query, paths), "finished": ok,
                     "ms": round(ms, 1), "top": paths[:3]})
    figures.update({"18f_mode": mode, "18f_queries": len(rows),
                    "18f_eval_s": time.perf_counter() - started, "18f_left_out": left_out,
                    "18f_articles": len({row["article"] for row in rows})})
    return rows


def report_18f(rows: list[dict[str, Any]], figures: dict[str, Any], misses: int) -> list[str]:
    """Print the shares and misses; return the targets missed."""
    print(f"\n18F known-item ranking: {figures['18f_articles']} published articles, "
          f"{figures['18f_queries']} queries via {figures['18f_mode']}, "
          f"{figures['18f_eval_s']:.0f} s; left out (no words/tags): {figures['18f_left_out']}")
    print(f"{'query':32} {'n':>5} {'rank 1':>8} {'top 3':>8} {'top 10':>8} {'unfinished':>10}")
    shares: dict[tuple[str, int], float] = {}
    for kind, label in KINDS.items():
        ranks = [row["rank"] for row in rows if row["kind"] == kind]
        count = len(ranks) or 1
        for cut in (1, 3, 10):
            shares[kind, cut] = sum(1 for r in ranks if 0 < r <= cut) / count
        unfinished = sum(1 for row in rows if row["kind"] == kind and not row["finished"])
        print(f"{label:32} {len(ranks):5} {shares[kind, 1]:8.1%} {shares[kind, 3]:8.1%} "
              f"{shares[kind, 10]:8.1%} {unfinished:10}")
    figures["18f_shares"] = {f"{k}@{c}": v for (k, c), v in shares.items()}
    failed = []
    for kind, cut, target in TARGETS:
        met = shares[kind, cut] >= target
        name = "rank 1" if cut == 1 else f"top {cut}"
        print(f"  target {KINDS[kind]} {name} >= {target:.1%}: {shares[kind, cut]:.1%} "
              f"{'met' if met else 'NOT MET'}")
        if not met:
            failed.append(f"18F {kind} {name}")
    first_rank = {row["query"]: row["rank"] for row in rows if row["kind"] == "tag"}
    print(f"  distinct tags queried: {len(first_rank)}, their tag page at rank 1: "
          f"{sum(1 for rank in first_rank.values() if rank == 1)}, not in the top 10: "
          f"{sum(1 for rank in first_rank.values() if rank == 0)}")
    for kind, cut in (("title", 1), ("rare", 10), ("long", 10), ("tag", 1)):
        missed = [row for row in rows if row["kind"] == kind and not 0 < row["rank"] <= cut]
        if missed:
            print(f"  misses {KINDS[kind]} (not {'rank 1' if cut == 1 else 'top 10'}): "
                  f"{len(missed)}")
        for row in missed[:misses]:
            print(f"    rank {row['rank'] or '>10'}: {row['article']} <- {row['query']!r}; "
                  f"top: {', '.join(row['top']) or 'no results'}")
    return failed


def eval_large(args: argparse.Namespace, figures: dict[str, Any]) -> list[str]:
    """Bytes and time per query on the synthetic site; indexing share of the build."""
    project = prepare("large", args.site, lambda root: product_project(
        root, generate(args.size), repo=args.repo), args, figures)
    queries, _ = make_queries(project.srcdir, project.outdir / ".doctrees")
    pool = query_pool(queries)
    figures["large_articles"] = len({q.article for q in queries})
    from playwright.sync_api import sync_playwright

    server, base = search_browser.serve(project.outdir)
    try:
        with sync_playwright() as playwright:
            browser = search_browser.launch(playwright)
            load = search_load.measure(browser, base, pool, rounds=POOL // 4, later=2,
                                       engine=args.engine)
            browser.close()
    finally:
        server.shutdown()
    figures["large"] = load
    share = None
    if figures.get("large_index_s") is not None and figures.get("large_build_s"):
        share = figures["large_index_s"] / figures["large_build_s"]
    figures["large_index_share"] = share
    kb = lambda value: "n/a" if value is None else f"{value / 1024:.1f} KB"  # noqa: E731
    ms = lambda value: "n/a" if value is None else f"{value:.0f} ms"  # noqa: E731
    print(f"\nAt {figures['large_articles']} articles ({load['rounds']} fresh contexts, "
          f"{load['later_queries']} later queries, sent by {load['mode']}):")
    checks = [
        ("first query, search bytes (Pagefind + search script)", kb(load["first_search_bytes"]),
         load["first_search_bytes"], MAX_FIRST, "<= 400 KB"),
        ("first query, all bytes incl. page and theme", kb(load["first_total_bytes"]),
         None, None, ""),
        ("later query, all bytes (median)", kb(load["later_bytes"]), load["later_bytes"],
         MAX_LATER, "<= 150 KB"),
        ("later query, all bytes (max)", kb(load["later_bytes_max"]), None, None, ""),
        ("Enter -> results, cold cache (median)", ms(load["first_ms"]), load["first_ms"],
         MAX_MS, "<= 300 ms"),
        ("Enter -> results, warm cache (median)", ms(load["enter_warm_ms"]),
         load["enter_warm_ms"], MAX_MS, "<= 300 ms"),
        ("typed + Enter on the search page -> results (median)", ms(load["typed_ms"]),
         load["typed_ms"], MAX_MS, "<= 300 ms"),
        ("indexing share of the full build", "n/a" if share is None else f"{share:.1%}",
         share, MAX_INDEX_SHARE, "<= 10 %"),
    ]
    failed = []
    for label, shown, value, limit, target in checks:
        verdict = "" if limit is None else ("n/a" if value is None else
                                            "met" if value <= limit else "NOT MET")
        print(f"  {label:55} {shown:>10}  {target:>10} {verdict}")
        if verdict == "NOT MET":
            failed.append(label)
    print("  largest files of a first query: " + ", ".join(
        f"{url} {size / 1024:.0f} KB" for url, size in load["largest_files"]))
    return failed


def print_table(figures: dict[str, Any], args: argparse.Namespace) -> None:
    print(f"\nFigures table ({dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, "
          f"{os.cpu_count()} cores, engine {args.engine}"
          f"{' (FALLBACK: Pagefind JS API, not the search page)' if args.engine == 'api' else ''})")
    for key in sorted(figures):
        value = figures[key]
        if isinstance(value, float):
            value = round(value, 3)
        if key != "large":
            print(f"  {key:22} {value}")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--skip-18f", action="store_true")
    parser.add_argument("--skip-large", action="store_true")
    parser.add_argument("--size", type=int, default=20000, help="synthetic articles (20000)")
    parser.add_argument("--site", type=Path, help="reuse this built synthetic project folder")
    parser.add_argument("--site-18f", type=Path, help="reuse this built 18F project folder")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="the 18F posts folder")
    parser.add_argument("--engine", choices=("page", "api"), default="page")
    parser.add_argument("--jobs", default="2", help="sphinx-build -j (2)")
    parser.add_argument("--misses", type=int, default=15, help="misses shown per query kind")
    parser.add_argument("--out", type=Path, help="write figures and every rank as JSON here")
    parser.add_argument("--workdir", type=Path, help="build here (default: a temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the built projects")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    temporary = args.workdir is None
    args.workdir = Path(tempfile.mkdtemp(prefix="kb-search-eval-")) if temporary \
        else args.workdir.resolve()
    args.repo = snapshot_repo(args.workdir / "repo")  # one code version for the whole run
    figures: dict[str, Any] = {"date": f"{dt.date.today()}", "cores": os.cpu_count(),
                               "engine": args.engine}
    rows: list[dict[str, Any]] = []
    failed: list[str] = []
    try:
        if not args.skip_18f:
            rows = eval_18f(args, figures)
            failed += report_18f(rows, figures, args.misses)
        if not args.skip_large:
            failed += eval_large(args, figures)
    finally:
        if temporary and not args.keep:
            shutil.rmtree(args.workdir, ignore_errors=True)
        elif args.keep:
            print(f"projects kept in {args.workdir}")
    print_table(figures, args)
    print("targets: " + ("all met" if not failed else "NOT MET: " + "; ".join(failed)))
    if args.out:
        args.out.write_text(json.dumps({"figures": figures, "ranks": rows}, indent=1,
                                       default=str) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
