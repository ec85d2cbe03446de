"""Issue 12 item 4: every builder builds, and the one-file editions hold every article.

``singlehtml``, ``latex`` and ``epub`` must contain each published article,
newest first, with its title, date, tags and summary, followed by the tag
index; HTML-only parts (feeds, sitemap, 404, redirects) are skipped without a
warning. Where ``latexmk`` exists, the PDF is compiled from the LaTeX output.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from defusedxml import ElementTree
from helpers import build_once, copy_root

ARTICLES = {
    "articles/newest.md": ("Newest 🚀 notes \u2013 日本語 and Ελληνικά", "2025-06-01",
                           ["Alpha", "C++"], "The newest summary."),
    "articles/middle.md": ("Middle article", "2023-03-15", ["Beta"], "The middle summary."),
    "articles/oldest.md": ("Oldest article", "2019-01-20", ["Alpha"], "The oldest summary."),
    "articles/draft.md": ("Secret draft", "2024-01-01", ["Alpha"], "Never published."),
}
#: In listing order, newest first (the seed root's own two articles are older).
ORDER = ["Newest 🚀 notes \u2013 日本語 and Ελληνικά", "Middle article", "Oldest article"]
OVERRIDES = {"html_baseurl": "https://kb.example.org/", "version": "1", "release": "1",
             "copyright": "2026, the authors"}


def _files() -> dict[str, str]:
    files = {}
    for path, (title, date, tags, summary) in ARTICLES.items():
        draft = "draft: true\n" if "draft" in path else ""
        files[path] = (f"---\ntitle: '{title}'\ndate: {date}\ntags: {tags!r}\n"
                       f"summary: '{summary}'\n{draft}redirect_from: [/old/{Path(path).stem}/]\n"
                       "---\n\n## A section\n\nBody of the article.\n")
    return files


def build_with(builder: str, tmp: Path) -> tuple[Path, str, str]:
    srcdir = copy_root("seed", tmp, _files())
    site = build_once(srcdir, tmp / "build", builder, confoverrides=OVERRIDES)
    return site.outdir, site.status, site.warning_text


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, str, str]]:
    return {name: build_with(name, tmp_path_factory.mktemp(name))
            for name in ("dirhtml", "singlehtml", "latex", "epub", "text")}


@pytest.mark.parametrize("builder", ["dirhtml", "singlehtml", "latex", "epub", "text"])
def test_builds_without_warnings(outputs: dict[str, tuple[Path, str, str]],
                                 builder: str) -> None:
    _outdir, status, warnings = outputs[builder]
    assert warnings == "", warnings
    assert "build succeeded" in status


@pytest.mark.parametrize("builder", ["singlehtml", "latex", "epub", "text"])
def test_web_only_parts_are_skipped(outputs: dict[str, tuple[Path, str, str]],
                                    builder: str) -> None:
    outdir = outputs[builder][0]
    for name in ("atom.xml", "sitemap.xml", "404.html", "old"):
        assert not (outdir / name).exists(), name


def test_dirhtml_has_web_parts(outputs: dict[str, tuple[Path, str, str]]) -> None:
    outdir = outputs["dirhtml"][0]
    for name in ("atom.xml", "sitemap.xml", "404/index.html", "old/newest/index.html",
                 "articles/newest/index.html"):
        assert (outdir / name).is_file(), name


NAMES = ["newest", "middle", "oldest"]
DATES = ["June 1, 2025", "March 15, 2023", "January 20, 2019"]


def _check_edition(text: str, starts: list[int], tags_index: int) -> None:
    """Articles newest first, each with date, summary and tags, then the tag index."""
    assert -1 not in starts and starts == sorted(starts), "articles are not newest first"
    bounds = [*starts[1:], len(text)]
    for name, start, end, shown in zip(NAMES, starts, bounds, DATES, strict=True):
        _title, _date, tags, summary = ARTICLES[f"articles/{name}.md"]
        chunk = text[start:end]
        assert shown in chunk and summary in chunk, name
        for tag in tags:
            assert tag.replace("+", "") in chunk.replace("+", ""), (name, tag)
    assert "Secret draft" not in text
    assert tags_index > starts[-1], "the tag index follows the articles"


def test_singlehtml_holds_every_article(outputs: dict[str, tuple[Path, str, str]]) -> None:
    html = (outputs["singlehtml"][0] / "index.html").read_text(encoding="utf-8")
    starts = [html.find(f'id="document-articles/{name}"') for name in NAMES]
    assert ORDER[0] in html[starts[0]:starts[1]]
    _check_edition(html, starts, html.find('id="document-tags/index"'))


def test_latex_holds_every_article(outputs: dict[str, tuple[Path, str, str]]) -> None:
    tex = next(outputs["latex"][0].glob("*.tex")).read_text(encoding="utf-8")
    starts = [tex.find(f"\\chapter{{{title}") for title in ("Newest", "Middle", "Oldest")]
    _check_edition(tex, starts, tex.find("\\chapter{Tags}"))


def test_epub_reading_order(outputs: dict[str, tuple[Path, str, str]]) -> None:
    outdir = outputs["epub"][0]
    opf = ElementTree.fromstring((outdir / "content.opf").read_bytes())
    ns = {"opf": "http://www.idpf.org/2007/opf"}
    hrefs = {item.get("id"): item.get("href") for item in opf.iterfind(".//opf:item", ns)}
    spine = [(hrefs[ref.get("idref")], ref.get("linear")) for ref in
             opf.iterfind(".//opf:itemref", ns)]
    files = [href for href, _ in spine]
    assert len(files) == len(set(files)), "a page appears twice in the reading order"
    linear = [href for href, flag in spine if flag != "no"]
    wanted = ["articles/newest.xhtml", "articles/middle.xhtml", "articles/oldest.xhtml",
              "tags/index.xhtml"]
    positions = [linear.index(name) for name in wanted]
    assert positions == sorted(positions)
    page = (outdir / "articles" / "middle.xhtml").read_text(encoding="utf-8")
    assert "March 15, 2023" in page and "The middle summary." in page and "Beta" in page


@pytest.mark.skipif(shutil.which("latexmk") is None, reason="latexmk is not installed")
def test_pdf_compiles(outputs: dict[str, tuple[Path, str, str]]) -> None:
    outdir = outputs["latex"][0]
    tex = next(outdir.glob("*.tex"))
    result = subprocess.run(
        ["latexmk", "-pdf", "-interaction=nonstopmode", "-halt-on-error", tex.name],
        cwd=outdir, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout[-3000:]
    pdf = tex.with_suffix(".pdf")
    assert pdf.stat().st_size > 10_000
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", pdf.name, "-"], cwd=outdir, capture_output=True,
                              text=True, timeout=60, check=True).stdout
        # The emoji and CJK become markers; the rest of the title is kept.
        assert "Newest ? notes" in text and "Middle article" in text
        assert text.index("Middle article") < text.index("Oldest article")


def test_switching_builders_on_one_environment(tmp_path: Path) -> None:
    """Only one-document editions get the article toctree, whatever was built before."""
    srcdir = copy_root("seed", tmp_path, _files())

    def run(builder: str) -> tuple[Path, list[str], str]:
        site = build_once(srcdir, tmp_path / "build", builder, confoverrides=OVERRIDES)
        return (site.outdir, list(site.app.env.toctree_includes.get("index", [])),
                site.warning_text)

    _html, includes, warnings = run("html")
    assert not warnings and "articles/newest" not in includes
    single, includes, warnings = run("singlehtml")
    assert not warnings
    positions = [includes.index(f"articles/{name}") for name in NAMES]
    assert positions == sorted(positions) and includes.index("tags/index") > positions[-1]
    assert 'id="document-articles/newest"' in (single / "index.html").read_text(encoding="utf-8")
    _html, includes, warnings = run("html")
    assert not warnings and "articles/newest" not in includes
