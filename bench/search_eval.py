"""Known-item search evaluation on the 18F corpus, with the site's real search in Chromium.

Builds a copy of the corpus as a knowledge base (our ``conf.py`` and ``docs/`` pages, the
posts under ``docs/articles/18f/``), serves it on 127.0.0.1 and, in headless Chromium, asks
the search page's own ``Search`` code (Sphinx's searchtools.js with ``kb-search.js`` on top)
for every article twice:

* its full title;
* the three rarest words of its summary (rarest by document frequency in the corpus, counting
  title, summary and body; stop words and numbers left out, as the search leaves them out).

It prints the share of articles found at rank 1, in the top 3 and in the top 10, and the size
of ``searchindex.js`` per article. ``--stock`` measures Sphinx's own ranking for comparison
(``kb-search.js`` is not loaded; ranks count each page once).

    .venv/bin/python bench/search_eval.py [--reuse DIR] [--stock] [--misses 10] [--check]
"""

from __future__ import annotations

import argparse
import collections
import functools
import http.server
import json
import os
import pickle
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("KB_CORPORA", ROOT.parent / "shared" / "corpora")) / "18f-posts"
CHROMIUM = os.environ.get("KB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
TARGETS = {"title_rank1": 0.95, "title_top3": 0.99, "summary_top10": 0.85}
MAX_KB_PER_ARTICLE = 4.0
BATCH = 50
sys.path.insert(0, str(ROOT / "_ext"))  # the pickled environment holds sphinx_kb records
_WORD_RE = re.compile(r"\w+")


def make_project(dest: Path) -> None:
    """Our configuration and pages around a copy of the corpus; never touches the originals."""
    docs = dest / "docs"
    docs.mkdir(parents=True)
    for name in ("index.md", "archive.md", "guide.md"):
        shutil.copy2(ROOT / "docs" / name, docs / name)
    articles = docs / "articles" / "18f"
    articles.mkdir(parents=True)
    for path in sorted(CORPUS.glob("*.md")):
        shutil.copy2(path, articles / path.name)
    conf = (ROOT / "conf.py").read_text(encoding="utf-8")
    (dest / "conf.py").write_text(
        conf + f"\nsys.path.insert(0, {str(ROOT / '_ext')!r})\n"
        "if 'sphinx_kb.search' not in extensions:\n"
        "    extensions.append('sphinx_kb.search')\n",
        encoding="utf-8")


def build(project: Path, jobs: str) -> float:
    started = time.perf_counter()
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-j", jobs, "-c", str(project),
               "-d", str(project / "_build" / "doctrees"), str(project / "docs"),
               str(project / "_build" / "html")]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"build failed ({result.returncode}):\n{result.stderr[-4000:]}")
    return time.perf_counter() - started


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def load_articles(project: Path, html: Path) -> dict[str, Any]:
    """The published, built articles as the build recorded them (full summaries)."""
    with (project / "_build" / "doctrees" / "environment.pickle").open("rb") as handle:
        env = pickle.load(handle)
    records = env.domaindata["kb"]["articles"]
    data_js = (html / "_static" / "kb-search-data.js").read_text(encoding="utf-8")
    data = json.loads(data_js[data_js.index("=") + 1: data_js.rstrip().rindex(";")])
    return {name: records[name] for name in data["a"]}


def rare_words(articles: dict[str, Any], project: Path, stopwords: set[str]) -> dict[str, str]:
    """For each article, the three rarest words of its summary, as one query."""
    def words(text: str) -> set[str]:
        return {w for w in (m.lower() for m in _WORD_RE.findall(text))
                if len(w) > 2 and not w.isdigit() and w not in stopwords}

    docs = project / "docs"
    vocab: dict[str, set[str]] = {}
    for name, article in articles.items():
        body = (docs / article.source).read_text(encoding="utf-8", errors="replace")
        vocab[name] = words(f"{article.title} {article.summary} {body}")
    frequency = collections.Counter(w for ws in vocab.values() for w in ws)
    queries = {}
    for name, article in articles.items():
        candidates = sorted(words(article.summary), key=lambda w: (frequency[w], w))
        if candidates:
            queries[name] = " ".join(candidates[:3])
    return queries


RANK_JS = """
(pairs) => pairs.map(([query, target]) => {
  const results = Search._performSearch(...Search._parseQuery(query));
  const seen = [];
  for (let i = results.length - 1; i >= 0; i--)
    if (!seen.includes(results[i][0])) seen.push(results[i][0]);
  return seen.indexOf(target) + 1;
})
"""


def rank_all(page: Any, pairs: list[tuple[str, str]]) -> list[int]:
    ranks: list[int] = []
    for start in range(0, len(pairs), BATCH):
        ranks.extend(page.evaluate(RANK_JS, pairs[start: start + BATCH]))
    return ranks


def shares(ranks: list[int]) -> dict[str, float]:
    count = len(ranks) or 1
    return {f"{label}": sum(1 for r in ranks if 0 < r <= cut) / count
            for label, cut in (("rank1", 1), ("top3", 3), ("top10", 10))}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reuse", type=Path, help="project folder of an earlier run to reuse")
    parser.add_argument("--keep", action="store_true", help="keep the temporary project")
    parser.add_argument("--jobs", default="1", help="sphinx-build -j (default 1)")
    parser.add_argument("--stock", action="store_true",
                        help="Sphinx's own ranking: do not load kb-search.js")
    parser.add_argument("--misses", type=int, default=5, help="show this many misses per kind")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        sys.exit(f"no Chromium at {CHROMIUM}")
    if args.reuse:
        project, build_seconds = args.reuse.resolve(), 0.0
    else:
        project = Path(tempfile.mkdtemp(prefix="kb-search-eval-"))
        make_project(project)
        print(f"building {len(list(CORPUS.glob('*.md')))} posts in {project} ...", flush=True)
        build_seconds = build(project, args.jobs)
    html = project / "_build" / "html"
    articles = load_articles(project, html)
    index_bytes = (html / "searchindex.js").stat().st_size
    data_bytes = (html / "_static" / "kb-search-data.js").stat().st_size

    server, base = serve(html)
    started = time.perf_counter()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            if args.stock:
                page.route("**/kb-search.js*", lambda route: route.abort())
            page.goto(base + "search.html")
            page.wait_for_function("typeof Search !== 'undefined' && Search.hasIndex()")
            stopwords = set(page.evaluate("[...stopwords]"))
            summary_queries = rare_words(articles, project, stopwords)
            names = sorted(articles)
            title_pairs = [(articles[name].title, name) for name in names]
            summary_names = [name for name in names if name in summary_queries]
            summary_pairs = [(summary_queries[name], name) for name in summary_names]
            title_ranks = rank_all(page, title_pairs)
            summary_ranks = rank_all(page, summary_pairs)
            browser.close()
    finally:
        server.shutdown()
    eval_seconds = time.perf_counter() - started

    title, summary = shares(title_ranks), shares(summary_ranks)
    per_article = index_bytes / 1024 / max(len(articles), 1)
    figures = {
        "articles": len(articles), "ranking": "stock" if args.stock else "kb",
        "title": title, "summary": summary, "summary_queries": len(summary_pairs),
        "searchindex_bytes": index_bytes, "kb_per_article": round(per_article, 2),
        "data_file_bytes": data_bytes, "build_seconds": round(build_seconds, 1),
        "eval_seconds": round(eval_seconds, 1),
    }
    print(f"articles: {len(articles)} built and published; ranking: {figures['ranking']}")
    print(f"title query (full title):       rank 1 {title['rank1']:6.1%}   top 3 "
          f"{title['top3']:6.1%}   top 10 {title['top10']:6.1%}   ({len(title_ranks)} queries)")
    print(f"summary query (3 rarest words): rank 1 {summary['rank1']:6.1%}   top 3 "
          f"{summary['top3']:6.1%}   top 10 {summary['top10']:6.1%}   ({len(summary_ranks)} "
          f"queries; {len(articles) - len(summary_pairs)} articles without summary words)")
    print(f"searchindex.js: {index_bytes:,} bytes = {per_article:.2f} KB per article; "
          f"kb-search-data.js: {data_bytes:,} bytes = {data_bytes / 1024 / len(articles):.2f} KB "
          "per article")
    print(f"build {build_seconds:.0f} s, evaluation {eval_seconds:.0f} s "
          f"({len(title_pairs) + len(summary_pairs)} queries)")
    for label, pairs, ranks in (("title", title_pairs, title_ranks),
                                ("summary", summary_pairs, summary_ranks)):
        misses = [(rank, query, name) for (query, name), rank in zip(pairs, ranks, strict=True)
                  if rank != 1]
        for rank, query, name in sorted(misses, key=lambda m: (m[0] != 0, -m[0]))[:args.misses]:
            print(f"  {label} miss: rank {rank or 'none'}: {query!r} -> {name}")
    results = {
        "title_rank1": title["rank1"], "title_top3": title["top3"],
        "summary_top10": summary["top10"],
    }
    failed = [f"{key} {results[key]:.1%} < {target:.0%}" for key, target in TARGETS.items()
              if results[key] < target]
    if per_article > MAX_KB_PER_ARTICLE:
        failed.append(f"index {per_article:.2f} KB per article > {MAX_KB_PER_ARTICLE} KB")
    print("targets: " + ("all met" if not failed else "MISSED: " + "; ".join(failed)))
    if args.json:
        args.json.write_text(json.dumps(figures | {"missed": failed}, indent=2) + "\n")
    if not args.reuse and not args.keep:
        shutil.rmtree(project, ignore_errors=True)
    elif not args.reuse:
        print(f"project kept in {project}")
    return 1 if failed and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
