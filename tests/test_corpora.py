"""Real content (issue 5): two public blogs build with the site's own configuration.

Copies of ``../shared/corpora/tailwind-starter-blog`` (MDX, Next.js dialect) and
``../shared/corpora/18f-posts`` (Jekyll dialect, 509 posts) go into ``articles/`` of
a temporary project holding ``tests/roots/test-dialects-corpus`` and the repository's
top-level ``conf.py``; only the theme is swapped for ``basic`` to save time.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from helpers import ROOT, SHARED, Site, archive_year_pages, build_once, copy_root, text_of

pytestmark = pytest.mark.corpus

CORPORA = SHARED / "corpora"
TNSB = CORPORA / "tailwind-starter-blog"
EIGHTEEN_F = CORPORA / "18f-posts"
TAB_POST = ("2016-05-19-content-debt-what-it-is-where-to-find-it-and-how-to-prevent-it-in-the-"
            "first-place.md")
TIME_MACHINE_SUMMARY = (
    "The Time Traveller (for so it will be convenient to speak of him) was expounding a "
    "recondite matter to us. His pale grey eyes shone and twinkled, and his usually pale face "
    "was flushed and animated...")
REPORT_RE = re.compile(
    r"knowledge base: (?P<found>\d+) articles found, (?P<built>\d+) built, "
    r"(?P<skipped>\d+) skipped as drafts or scheduled, (?P<warned>\d+) built with warnings, "
    r"(?P<not_built>\d+) not built")
FILENAME_DATE_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})-")


def require(corpus: Path) -> Path:
    if not corpus.is_dir():
        pytest.skip(f"the corpus {corpus} is missing (it lives next to the repository)")
    return corpus


def article_files(corpus: Path) -> list[str]:
    """Article files of a corpus, relative to it (SOURCE and licences are not articles)."""
    return sorted(p.relative_to(corpus).as_posix() for p in corpus.rglob("*")
                  if p.is_file() and p.suffix in {".md", ".mdx"})


def build_corpus(corpus: Path, dest: Path) -> Site:
    """A project of the corpus with the real ``conf.py``, built once."""
    srcdir = copy_root("dialects-corpus", dest)
    shutil.copy(ROOT / "conf.py", srcdir / "conf.py")
    shutil.copytree(corpus, srcdir / "articles", dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("SOURCE", "LICENSE*"))
    return build_once(srcdir, confoverrides={"html_theme": "basic", "html_theme_options": {}})


def report(site: Site) -> dict[str, int]:
    matches = list(REPORT_RE.finditer(site.status))
    assert len(matches) == 1, site.status
    return {key: int(value) for key, value in matches[0].groupdict().items()}


def accounted(site: Site, corpus: Path) -> None:
    """Every file of the corpus is built, reported as skipped, or reported as not built."""
    files = article_files(corpus)
    counts = report(site)
    assert counts["found"] == len(files)
    assert counts["built"] + counts["skipped"] + counts["not_built"] == counts["found"]
    skipped = set(re.findall(r"^  skipped \(.*?\): articles/(.+)$", site.status, re.MULTILINE))
    not_built = {w.location for w in site.warnings if w.type == "kb.not_built"}
    for name in files:
        docname = "articles/" + name.rsplit(".", 1)[0]
        assert site.has(docname) or name in skipped or any(
            loc.endswith("articles/" + name) for loc in not_built), name
    assert len(skipped) == counts["skipped"]


def archive_rows(site: Site) -> list[tuple[str, str | None]]:
    """(output file, ``datetime`` attribute) of every archive row, in order."""
    rows = []
    for page in archive_year_pages(site):
        for row in site.soup(page).select("li.kb-row"):
            link = row.select_one("a.kb-row-link")
            time = row.select_one("time.kb-date")
            target = site.resolve(page, link["href"]).relative_to(site.outdir.resolve())
            rows.append((target.as_posix(), time["datetime"] if time else None))
    return rows


def instant(value: str) -> dt.datetime:
    parsed = dt.datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


# --------------------------------------------------------------------------- Tailwind starter


@pytest.fixture(scope="module")
def tnsb(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return build_corpus(require(TNSB), tmp_path_factory.mktemp("tnsb"))


def test_tnsb_builds(tnsb: Site) -> None:
    assert tnsb.app.statuscode == 0
    assert "build succeeded" in tnsb.status, tnsb.status
    accounted(tnsb, TNSB)


def test_tnsb_draft_is_not_published(tnsb: Site) -> None:
    assert not tnsb.has("articles/my-fancy-title")
    assert "skipped (draft): articles/my-fancy-title.mdx" in tnsb.status
    for page in ("index", "archive", "tags/index"):
        assert "My fancy title" not in tnsb.html(page), page
    # Its only tag, 'hello', has no published article: no tag page for it.
    assert not [p for p in (tnsb.outdir / "tags").glob("*.html") if p.stem.startswith("hello")]
    assert not list(tnsb.outdir.rglob("my-fancy-title*"))


def test_tnsb_nested_article(tnsb: Site) -> None:
    page = "articles/nested-route/introducing-multi-part-posts-with-nested-routing"
    assert tnsb.has(page)
    titles = [text_of(h) for h in tnsb.soup(page).select("div.body h1")]
    assert titles == ["Introducing Multi-part Posts with Nested Routing"]


def test_tnsb_multi_line_summary_intact(tnsb: Site) -> None:
    page = "articles/the-time-machine"
    assert text_of(tnsb.soup(page).select_one("p.kb-summary")) == TIME_MACHINE_SUMMARY
    metas = tnsb.soup(page).find_all("meta", attrs={"name": "description"})
    assert [meta["content"] for meta in metas] == [TIME_MACHINE_SUMMARY]
    rows = [row for row in tnsb.soup("index").select("li.kb-row")
            if "The Time Machine" in text_of(row)]
    assert len(rows) == 1
    assert text_of(rows[0].select_one("p.kb-row-summary")) == TIME_MACHINE_SUMMARY


def test_tnsb_datetime_and_lastmod(tnsb: Site) -> None:
    page = "articles/new-features-in-v1"
    date = tnsb.soup(page).select_one("p.kb-byline time.kb-date")
    assert instant(date["datetime"]) == dt.datetime(2021, 8, 7, 15, 32, 14, tzinfo=dt.UTC)
    lastmod = tnsb.soup("articles/introducing-tailwind-nextjs-starter-blog").select_one(
        "p.kb-byline time.kb-lastmod")
    assert lastmod is not None and lastmod["datetime"] == "2024-08-16"


def test_tnsb_archive_newest_first(tnsb: Site) -> None:
    rows = archive_rows(tnsb)
    assert len(rows) == len(article_files(TNSB)) - 1  # the draft
    instants = [instant(value) for _, value in rows if value]
    assert instants == sorted(instants, reverse=True)


# --------------------------------------------------------------------------- 18F


@pytest.fixture(scope="module")
def eighteen_f(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return build_corpus(require(EIGHTEEN_F), tmp_path_factory.mktemp("18f"))


def test_18f_builds_and_accounts_for_every_post(eighteen_f: Site) -> None:
    assert eighteen_f.app.statuscode == 0
    assert "build succeeded" in eighteen_f.status, eighteen_f.status[-2000:]
    accounted(eighteen_f, EIGHTEEN_F)
    assert report(eighteen_f)["found"] == 509


def test_18f_tab_reported_with_file_and_line(eighteen_f: Site) -> None:
    warnings = eighteen_f.warnings_about(f"articles/{TAB_POST}")
    yaml_warnings = [w for w in warnings if w.type == "kb.yaml"]
    assert len(yaml_warnings) == 1, eighteen_f.warning_text
    warning = yaml_warnings[0]
    assert warning.line == 5
    assert "tab" in warning.message.lower()
    assert warning.raw.startswith(f"{eighteen_f.srcdir / 'articles' / TAB_POST}:5: ")
    # Still built, dated from its file name.
    page = "articles/" + TAB_POST.removesuffix(".md")
    assert eighteen_f.has(page)
    date = eighteen_f.soup(page).select_one("p.kb-byline time.kb-date")
    assert date is not None and date["datetime"] == "2016-05-19"


def test_18f_excerpt_is_the_summary(eighteen_f: Site) -> None:
    page = "articles/2014-03-21-29-minutes"
    summary = text_of(eighteen_f.soup(page).select_one("p.kb-summary"))
    # description wins over excerpt; the description here is the plain first sentence.
    assert summary == ("I want to relate a great little thing that happened here at 18th and F "
                       "yesterday.")


def test_18f_posts_dated_by_file_name_in_archive_order(eighteen_f: Site) -> None:
    rows = archive_rows(eighteen_f)
    built = [name for name in article_files(EIGHTEEN_F)
             if eighteen_f.has("articles/" + name.removesuffix(".md"))]
    assert len(rows) == len(built)
    assert all(value is not None for _, value in rows), "an 18F post is listed as undated"
    instants = [instant(value) for _, value in rows if value]
    assert instants == sorted(instants, reverse=True)
    undated_in_yaml = [name for name in built
                       if not re.search(r"^date:", (EIGHTEEN_F / name).read_text(
                           encoding="utf-8"), re.MULTILINE)]
    assert len(undated_in_yaml) >= 80
    by_file = dict(rows)
    for name in undated_in_yaml:
        expected = FILENAME_DATE_RE.match(name).group(1)
        assert by_file["articles/" + name.removesuffix(".md") + ".html"] == expected, name


def test_18f_liquid_tags_are_literal(eighteen_f: Site) -> None:
    """Each ``{% ... %}`` a reader sees is code: in a paragraph and in a raw ``<figure>`` alike."""
    liquid = [name for name in article_files(EIGHTEEN_F)
              if "{% image" in (EIGHTEEN_F / name).read_text(encoding="utf-8")]
    assert len(liquid) > 100
    loose: dict[str, list[str]] = {}
    for name in liquid[:25]:
        page = "articles/" + name.removesuffix(".md")
        body = eighteen_f.soup(page).select_one("div.body")
        for text in body.find_all(string=re.compile(r"\{%")):
            if text.find_parent(["code", "pre"]) is None:
                loose.setdefault(name, []).append(" ".join(text.split())[:80])
        warnings = [w for w in eighteen_f.warnings_about(f"articles/{name}")
                    if w.type == "kb.template_syntax"]
        assert len(warnings) == 1, name
    assert loose == {}


def test_18f_no_crash_level_messages(eighteen_f: Site) -> None:
    assert not [w for w in eighteen_f.warnings if w.level != "WARNING"], eighteen_f.warning_text
    assert "Traceback" not in eighteen_f.status + eighteen_f.warning_text
