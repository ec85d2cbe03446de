"""Smoke tests of the benchmark helpers (``make bench``): corpus shape, output comparison.

No timing assertions: these run in CI on any machine.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

import output_compare  # noqa: E402
import proc_tree  # noqa: E402
import synthetic_corpus as corpus  # noqa: E402

N = 20
TODAY = dt.date(2026, 11, 26)


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[corpus.ArticleSpec]]:
    folder = tmp_path_factory.mktemp("corpus")
    specs = corpus.generate(N, newest=TODAY)
    assert corpus.write_corpus(folder, specs) == N
    return folder, specs


def front_matter(path: Path) -> dict[str, object]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    block = text[4 : text.index("\n---\n", 4)]
    data = yaml.safe_load(block)
    assert isinstance(data, dict)
    return data


def test_files_and_sizes(written: tuple[Path, list[corpus.ArticleSpec]]) -> None:
    folder, _ = written
    files = sorted(folder.glob("*.md"))
    assert len(files) == N
    for path in files:
        size = path.stat().st_size
        assert 4000 <= size <= 7500, (path.name, size)
        text = path.read_text(encoding="utf-8")
        assert re.search(r"^## ", text, re.MULTILINE)
        assert text.count("\n# ") == 1  # one H1, repeating the title (the seed's format)


def test_front_matter_in_seed_format(written: tuple[Path, list[corpus.ArticleSpec]]) -> None:
    folder, specs = written
    for spec in specs:
        data = front_matter(folder / spec.filename)
        assert list(data) == ["title", "date", "tags", "draft", "summary"]
        assert data["title"] == spec.title
        assert isinstance(data["date"], str)  # quoted, as in the seed
        assert dt.date.fromisoformat(data["date"]) == spec.date
        assert data["draft"] is spec.draft
        assert isinstance(data["summary"], str) and len(data["summary"]) > 40


def test_tags(written: tuple[Path, list[corpus.ArticleSpec]]) -> None:
    folder, specs = written
    assert 70 <= len(corpus.TAG_POOL) <= 90
    assert len(set(corpus.TAG_POOL)) == len(corpus.TAG_POOL)
    assert any(" " in tag for tag in corpus.TAG_POOL)
    assert any("&" in tag for tag in corpus.TAG_POOL)
    for spec in specs:
        tags = front_matter(folder / spec.filename)["tags"]
        assert isinstance(tags, list)
        assert 1 <= len(tags) <= 4
        assert len(set(tags)) == len(tags)
        assert set(tags) <= set(corpus.TAG_POOL)


def test_draft_share() -> None:
    specs = corpus.generate(N, newest=TODAY)
    assert sum(spec.draft for spec in specs) == 1  # 5 %
    assert sum(spec.draft for spec in corpus.generate(200, newest=TODAY)) == 10


def test_dates_span_ten_years_none_in_future() -> None:
    specs = corpus.generate(200, newest=TODAY)
    dates = [spec.date for spec in specs]
    assert max(dates) <= TODAY
    assert min(dates) >= TODAY - dt.timedelta(days=3653)
    assert (max(dates) - min(dates)).days > 8 * 365
    assert corpus.latest_date() <= dt.date.today()


def test_links_point_to_published_articles_in_the_folder(
    written: tuple[Path, list[corpus.ArticleSpec]],
) -> None:
    folder, specs = written
    drafts = {spec.filename for spec in specs if spec.draft}
    linked = 0
    for spec in specs:
        text = (folder / spec.filename).read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([^)/:]+\.md)\)", text):
            assert (folder / target).is_file(), target
            assert target not in drafts
            linked += 1
    assert linked >= N // 2


def test_deterministic_and_prefix_stable() -> None:
    small = corpus.generate(10, newest=TODAY)
    assert small == corpus.generate(10, newest=TODAY)
    assert small == corpus.generate(N, newest=TODAY)[:10]
    assert len({spec.slug for spec in corpus.generate(N, newest=TODAY)}) == N


def test_edits_keep_front_matter_valid(tmp_path: Path) -> None:
    specs = corpus.generate(5, newest=TODAY)
    path = tmp_path / "a.md"
    path.write_text(corpus.replace_tags(corpus.edit_body(specs[0].text, "New paragraph."),
                                        ["Health & Wellness", "It's new"]), encoding="utf-8")
    data = front_matter(path)
    assert data["tags"] == ["Health & Wellness", "It's new"]
    assert "\n\nNew paragraph.\n\n" in path.read_text(encoding="utf-8")
    added = corpus.next_article(specs, newest=TODAY)
    assert added.date == TODAY and not added.draft
    orphan = corpus.with_front_matter(specs[1].text, ["orphan: true"])
    path.write_text(orphan, encoding="utf-8")
    assert front_matter(path)["orphan"] is True


def _site(root: Path, index: dict[str, object], page: str = "<p>a</p>") -> Path:
    (root / "_static").mkdir(parents=True)
    (root / "a.html").write_text(page, encoding="utf-8")
    (root / "searchindex.js").write_text(
        "Search.setIndex(" + json.dumps(index) + ")", encoding="utf-8")
    return root


def test_compare_sites(tmp_path: Path) -> None:
    index = {"docnames": ["a", "b"], "filenames": ["a.md", "b.md"], "titles": ["A", "B"],
             "terms": {"x": [0, 1], "y": 1}, "titleterms": {}, "alltitles": {}}
    same = {"docnames": ["a", "b"], "filenames": ["a.md", "b.md"], "titles": ["A", "B"],
            "terms": {"x": [1, 0], "y": 1, "gone": []}, "titleterms": {}, "alltitles": {}}
    clean = _site(tmp_path / "clean", index)
    assert output_compare.compare_sites(_site(tmp_path / "inc", same), clean).identical
    other = dict(index, terms={"x": [0], "y": 1})
    result = output_compare.compare_sites(_site(tmp_path / "other", other, "<p>b</p>"), clean)
    assert not result.identical
    assert any("a.html" in d for d in result.differences)
    assert any("'x'" in d for d in result.differences)
    (tmp_path / "other" / "extra.html").write_text("", encoding="utf-8")
    assert "extra file extra.html" in output_compare.compare_sites(tmp_path / "other",
                                                                   clean).differences


def test_run_measured_sums_the_tree(tmp_path: Path) -> None:
    code = ("import subprocess, sys, time; "
            "p = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(0.5)']); "
            "time.sleep(0.5); p.wait()")
    result = proc_tree.run_measured([sys.executable, "-c", code], tmp_path / "log.txt")
    assert result.returncode == 0
    assert result.max_processes >= 2
    assert result.peak_rss > 0


def test_compare_sites_reads_pagefind_bundles_as_data(tmp_path: Path) -> None:
    """Two builds of one site have differently named Pagefind files, yet compare equal."""
    root = Path(__file__).parent / "roots" / "test-search"
    outs = []
    for name, extra in (("one", []), ("two", []), ("drafts", ["-D", "kb_drafts=1"])):
        src = tmp_path / name
        shutil.copytree(root, src)
        env = dict(os.environ, PYTHONPATH=str(Path(__file__).parent.parent / "_ext"))
        subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", *extra, str(src),
                        str(src / "_build")], check=True, env=env, capture_output=True)
        outs.append(src / "_build")
    one, two, drafts = outs
    for page in list(one.rglob("*.html")):  # only the bundle may differ
        if "pagefind" not in page.parts:
            target = two / page.relative_to(one)
            if target.exists():
                target.write_bytes(page.read_bytes())
    result = output_compare.compare_sites(two, one)
    assert result.identical, result.differences
    result = output_compare.compare_sites(drafts, one)
    assert any("pagefind en pages" in line for line in result.differences), result.differences


def test_search_eval_runs_on_a_tiny_corpus(tmp_path: Path) -> None:
    """``make search-eval`` end to end on a few 18F posts and 30 synthetic articles.

    It checks that the harness runs and reads ranks from the real search page in Chromium,
    not how good or fast search is: no figure is compared with a target here.
    """
    from helpers import SHARED

    chromium = Path(os.environ.get("KB_CHROMIUM", "/usr/bin/chromium"))
    if not chromium.exists():
        pytest.skip(f"no Chromium at {chromium}")
    pytest.importorskip("playwright")
    source = SHARED / "corpora" / "18f-posts"
    if not source.is_dir():
        pytest.skip(f"the corpus {source} is missing (it lives next to the repository)")
    sample = tmp_path / "18f"
    sample.mkdir()
    for name in sorted(source.glob("*.md"))[:6]:
        (sample / name.name).write_bytes(name.read_bytes())
    out = tmp_path / "eval.json"
    result = subprocess.run(
        [sys.executable, str(BENCH / "search_eval.py"), "--size", "30", "--corpus", str(sample),
         "--workdir", str(tmp_path / "work"), "--out", str(out), "--jobs", "1"],
        capture_output=True, text=True, check=False, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert re.search(r"18F known-item ranking: [3-6] published articles", result.stdout), \
        result.stdout
    assert re.search(r"^At \d+ articles", result.stdout, re.MULTILINE), result.stdout
    data = json.loads(out.read_text(encoding="utf-8"))
    ranks = data["ranks"]
    assert {row["kind"] for row in ranks} == {"title", "rare", "long", "tag"}
    assert all(isinstance(row["rank"], int) and 0 <= row["rank"] <= 10 for row in ranks)
    assert all(row["finished"] for row in ranks), [r for r in ranks if not r["finished"]]
    # Parsed, not defaulted: a six-article site finds most titles somewhere in its top 10.
    titles = [row["rank"] for row in ranks if row["kind"] == "title"]
    assert sum(1 for rank in titles if rank > 0) >= len(titles) // 2, titles
    large = data["figures"]["large"]
    assert large["first_search_bytes"] > 0 and large["later_queries"] > 0, large
    # The indexing share needs the index time from the build's log line.
    assert data["figures"]["large_index_s"], data["figures"]


def test_listing_sizes_finds_the_largest_pages_by_place(tmp_path: Path) -> None:
    import listing_sizes

    out = tmp_path / "html"
    for rel, size in {"index.html": 10, "archive.html": 5, "archive/2024.html": 30,
                      "archive/2023.html": 20, "tags/index.html": 99, "tags/python.html": 40,
                      "tags/python/page/2.html": 45, "articles/a.html": 500}.items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_bytes(b"x" * size)
    sizes = listing_sizes.listing_page_sizes(out)
    assert sizes["home"] == ("index.html", 10)
    assert sizes["archive overview"] == ("archive.html", 5)
    assert sizes["largest archive year page"] == ("archive/2024.html", 30)
    assert sizes["largest tag page"] == ("tags/python/page/2.html", 45)
    assert sizes["tags overview"] == ("tags/index.html", 99)


def test_bench_parses_the_new_options() -> None:
    import bench

    args = bench.parse_args(["--sizes", "20000,500", "--peers", "--skip-floor", "--runs", "1"])
    assert args.sizes == [500, 20000] and args.peers and args.skip_floor


@pytest.mark.skipif(shutil.which("hugo") is None, reason="the Debian package hugo is not installed")
def test_hugo_peer_builds_the_published_articles(tmp_path: Path) -> None:
    import peers

    specs = corpus.generate(12, newest=TODAY)
    project = peers.hugo_project(tmp_path / "hugo", specs, str(shutil.which("hugo")))
    subprocess.run(project.build_command("auto"), check=True, capture_output=True)
    pages = list((project.outdir / "posts").glob("*/index.html"))
    assert len(pages) == sum(not spec.draft for spec in specs)
    assert (project.outdir / "tags" / "index.html").is_file()
