"""Listing pages keep a bounded size: archive years, numbered tag pages, overviews.

Real builds of the synthetic corpus (``bench/synthetic_corpus.py``) with small
page sizes, so that a few hundred articles already fill several pages.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections import Counter
from pathlib import Path
from xml.etree import ElementTree

import pytest
from helpers import (
    Site,
    all_row_links,
    archive_row_links,
    archive_year_pages,
    build_once,
    linked_page,
    listing_pages,
    search_pages,
    text_of,
    write,
)

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

import synthetic_corpus as corpus  # noqa: E402
from listing_sizes import listing_page_sizes, size_ratios  # noqa: E402

TODAY = dt.date(2026, 11, 26)
TAG_PAGE = 5
YEAR_PAGE = 6
CONF = f"""extensions = ["myst_parser", "sphinx_kb"]
html_theme = "basic"
html_baseurl = "https://kb.example.org/"
kb_tag_page_size = {TAG_PAGE}
kb_archive_page_size = {YEAR_PAGE}
kb_feed_entries = 0
kb_search = "sphinx"
"""
INDEX = """# Home

```{kb-recent}
```

```{kb-tag-cloud}
```

```{toctree}
:hidden:

archive
tags/index
```
"""
ARCHIVE = "# Archive\n\n```{kb-archive}\n```\n"


def make_project(root: Path, count: int) -> tuple[Path, list[corpus.ArticleSpec]]:
    srcdir = root / "src"
    write(srcdir / "conf.py", CONF)
    write(srcdir / "index.md", INDEX)
    write(srcdir / "archive.md", ARCHIVE)
    specs = corpus.generate(count, newest=TODAY)
    corpus.write_corpus(srcdir / "articles", specs, include_drafts=False)
    return srcdir, [spec for spec in specs if not spec.draft]


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[Site, list[corpus.ArticleSpec]]:
    srcdir, specs = make_project(tmp_path_factory.mktemp("small"), 60)
    return build_once(srcdir), specs


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> tuple[Site, list[corpus.ArticleSpec]]:
    srcdir, specs = make_project(tmp_path_factory.mktemp("large"), 600)
    return build_once(srcdir), specs


def tag_slug_of(name: str) -> str:
    from sphinx_kb.core.tags import tag_key, tag_slug
    return tag_slug(tag_key(name))


def head_links(site: Site, page: str) -> dict[str, Path]:
    soup = site.soup(page)
    return {rel: site.resolve(page, soup.select_one(f'head link[rel="{rel}"]')["href"])
            for rel in ("prev", "next") if soup.select_one(f'head link[rel="{rel}"]')}


# --------------------------------------------------------------------------- bounded size


def test_every_listing_page_stays_bounded(small: tuple[Site, list[corpus.ArticleSpec]],
                                          large: tuple[Site, list[corpus.ArticleSpec]]) -> None:
    """Ten times the articles: no listing page grows by more than half."""
    before = listing_page_sizes(small[0].outdir)
    after = listing_page_sizes(large[0].outdir)
    assert set(before) == set(after) == {
        "home", "archive overview", "tags overview", "largest archive year page",
        "largest tag page"}
    ratios = size_ratios(before, after)
    assert all(ratio <= 1.5 for ratio in ratios.values()), (ratios, before, after)


def test_tag_split_into_numbered_pages(large: tuple[Site, list[corpus.ArticleSpec]]) -> None:
    site, specs = large
    counts = Counter(tag for spec in specs for tag in spec.tags)
    name, count = counts.most_common(1)[0]
    slug = tag_slug_of(name)
    pages = listing_pages(site, f"tags/{slug}")
    assert len(pages) == -(-count // TAG_PAGE) > 2
    assert pages[1] == f"tags/{slug}/page/2"
    newest_first = sorted((spec for spec in specs if name in spec.tags),
                          key=lambda spec: spec.date, reverse=True)
    rows = [title for page in pages for title in all_row_links(site.soup(page))]
    assert len(rows) == count and all(len(all_row_links(site.soup(p))) <= TAG_PAGE for p in pages)
    assert sorted(rows) == sorted(spec.title for spec in newest_first)
    # Page 1 says how many there are; every page has its title, a pager and head links.
    assert text_of(site.soup(pages[0]).select_one("p.kb-tag-count")).startswith(f"{count} ")
    assert text_of(site.soup(pages[1]).select_one("h1")) == f"{name}, page 2"
    assert head_links(site, pages[0]) == {"next": site.path(pages[1]).resolve()}
    assert head_links(site, pages[1]) == {"prev": site.path(pages[0]).resolve(),
                                          "next": site.path(pages[2]).resolve()}
    assert head_links(site, pages[-1]) == {"prev": site.path(pages[-2]).resolve()}
    middle = site.soup(pages[1]).select_one("p.kb-pager")
    kinds = [next(c for c in a["class"] if c.startswith("kb-pager")) for a in middle.select("a")]
    assert kinds == ["kb-pager-newer", "kb-pager-older"]
    assert "Page 2" in text_of(middle)


def test_small_tag_has_one_page_without_pager(large: tuple[Site, list[corpus.ArticleSpec]]) -> None:
    site, specs = large
    counts = Counter(tag for spec in specs for tag in spec.tags)
    name = min(counts, key=lambda tag: (counts[tag], tag))
    assert counts[name] <= TAG_PAGE
    page = f"tags/{tag_slug_of(name)}"
    assert site.soup(page).select("p.kb-pager") == [] and head_links(site, page) == {}
    assert not (site.outdir / "tags" / tag_slug_of(name)).exists()


def test_archive_is_years_with_counts(large: tuple[Site, list[corpus.ArticleSpec]]) -> None:
    site, specs = large
    years = Counter(spec.date.year for spec in specs)
    overview = [text_of(a.parent) for a in site.soup("archive").select("a.kb-archive-year-link")]
    assert overview == [f"{year} ({years[year]})" for year in sorted(years, reverse=True)]
    assert site.soup("archive").select("li.kb-row") == []  # no article rows on the overview
    newest_first = sorted(specs, key=lambda spec: (-spec.date.toordinal(), spec.title.casefold(),
                                                  spec.slug))
    assert archive_row_links(site) == [spec.title for spec in newest_first]
    pages = archive_year_pages(site)
    assert all(len(all_row_links(site.soup(page))) <= YEAR_PAGE for page in pages)
    year = max(years, key=lambda y: years[y])
    assert f"archive/{year}/page/2" in pages
    assert text_of(site.soup(f"archive/{year}").select_one("h1")) == f"Articles from {year}"
    up = site.soup(f"archive/{year}/page/2").select_one("p.kb-archive-up a")
    assert site.resolve(f"archive/{year}/page/2", up["href"]) == site.path("archive").resolve()


def test_tags_overview_grouped_by_letter(large: tuple[Site, list[corpus.ArticleSpec]]) -> None:
    site, specs = large
    groups = site.soup("tags/index").select("div.kb-tag-index > div.kb-tag-letter")
    letters = [text_of(group.select_one("p.rubric")) for group in groups]
    assert letters == sorted(letters) and len(letters) == len(set(letters)) > 5
    for group, letter in zip(groups, letters, strict=True):
        names = [text_of(a) for a in group.select("a.kb-tag")]
        assert names and all(name[0].upper() == letter for name in names), (letter, names)
    counts = Counter(tag for spec in specs for tag in spec.tags)
    assert sum(len(group.select("li")) for group in groups) == len(counts)


def test_sitemap_lists_every_numbered_page(large: tuple[Site, list[corpus.ArticleSpec]]) -> None:
    site, _specs = large
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    tree = ElementTree.parse(site.outdir / "sitemap.xml")
    urls = {loc.text for loc in tree.iter(f"{ns}loc")}
    pages = archive_year_pages(site)
    assert {f"https://kb.example.org/{page}.html" for page in pages} <= urls
    numbered = {path.relative_to(site.outdir).with_suffix("").as_posix()
                for path in (site.outdir / "tags").rglob("page/*.html")}
    assert numbered and {f"https://kb.example.org/{page}.html" for page in numbered} <= urls


def test_sitemap_becomes_an_index_above_the_limit(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from sphinx_kb.publish import sitemap

    monkeypatch.setattr(sitemap, "MAX_URLS", 7)
    srcdir, _specs = make_project(tmp_path, 20)
    site = build_once(srcdir)
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    index = ElementTree.parse(site.outdir / "sitemap.xml").getroot()
    assert index.tag == f"{ns}sitemapindex"
    parts = [loc.text for loc in index.iter(f"{ns}loc")]
    names = [url.rsplit("/", 1)[1] for url in parts]
    assert names == [f"sitemap-{n}.xml" for n in range(1, len(names) + 1)] and len(names) > 2
    urls: list[str] = []
    for name in names:
        part = ElementTree.parse(site.outdir / name).getroot()
        assert part.tag == f"{ns}urlset"
        found = [loc.text for loc in part.iter(f"{ns}loc")]
        assert 0 < len(found) <= 7
        urls.extend(found)
    assert len(urls) == len(set(urls)) == len(site.app.env.all_docs)
    # A smaller site again: one sitemap, and the old parts are gone.
    monkeypatch.setattr(sitemap, "MAX_URLS", 50_000)
    again = build_once(srcdir)
    assert ElementTree.parse(again.outdir / "sitemap.xml").getroot().tag == f"{ns}urlset"
    assert not list(again.outdir.glob("sitemap-*.xml"))


# --------------------------------------------------------------------------- incremental


def output_mtimes(outdir: Path) -> dict[str, int]:
    return {path.relative_to(outdir).as_posix(): path.stat().st_mtime_ns
            for path in outdir.rglob("*.html")}


def test_adding_an_article_rewrites_only_changed_listings(tmp_path: Path) -> None:
    """An article dated in the middle of the corpus: its year, its tags, the counts; no more."""
    srcdir, specs = make_project(tmp_path, 60)
    first = build_once(srcdir)
    stamps = output_mtimes(first.outdir)
    before = {name: (first.outdir / name).read_bytes() for name in stamps}
    years = Counter(spec.date.year for spec in specs)
    year = sorted(years)[len(years) // 2]
    tag = Counter(t for spec in specs for t in spec.tags).most_common(1)[0][0]
    write(srcdir / "articles" / "added.md",
          f"---\ntitle: An added article\ndate: {year}-07-01\ntags: ['{tag}']\n---\n\nBody.\n")
    second = build_once(srcdir)
    written = {name for name, stamp in output_mtimes(second.outdir).items()
               if stamp != stamps.get(name)}
    changed = {name for name in output_mtimes(second.outdir)
               if before.get(name) != (second.outdir / name).read_bytes()}
    # Pages of documents that are not articles (Sphinx writes genindex, search, 404 every time).
    listing = {f"{doc}.html" for doc in second.app.env.all_docs if not doc.startswith("articles/")}
    assert {name for name in written if name in listing} == {name for name in changed
                                                             if name in listing}
    assert f"archive/{year}.html" in written and "archive.html" in written
    assert f"tags/{tag_slug_of(tag)}.html" in written and "tags/index.html" in written
    other_years = {f"archive/{y}.html" for y in years if y != year}
    assert not other_years & written, other_years & written
    assert "An added article" in archive_row_links(second)


def test_search_and_feeds_with_numbered_pages(tmp_path: Path) -> None:
    """Search indexes a tag's page 1 only; every page of a tag points at the tag's feed."""
    srcdir, specs = make_project(tmp_path, 30)
    site = build_once(srcdir, confoverrides={"kb_search": "pagefind", "kb_feed_entries": 20})
    urls = set(search_pages(site.outdir))
    name = Counter(tag for spec in specs for tag in spec.tags).most_common(1)[0][0]
    slug = tag_slug_of(name)
    assert site.has(f"tags/{slug}/page/2")
    assert f"/tags/{slug}.html" in urls
    assert not [url for url in urls if "/page/" in url or url.startswith("/archive")], urls
    for page in (f"tags/{slug}", f"tags/{slug}/page/2"):
        feeds = site.soup(page).select('head link[type="application/atom+xml"]')
        assert [site.resolve(page, link["href"]) for link in feeds][-1] == (
            site.outdir / "tags" / f"{slug}.xml").resolve(), page
    assert (site.outdir / "tags" / f"{slug}.xml").is_file()


def test_dirhtml_numbered_pages_are_folders(tmp_path: Path) -> None:
    """``dirhtml``: ``tags/<slug>/page/2/`` as in Hugo and MkDocs, and every pager link works."""
    srcdir, specs = make_project(tmp_path, 30)
    site = build_once(srcdir, buildername="dirhtml")
    name = Counter(tag for spec in specs for tag in spec.tags).most_common(1)[0][0]
    slug = tag_slug_of(name)
    first, second = f"tags/{slug}/index", f"tags/{slug}/page/2/index"
    assert site.has(first) and site.has(second)
    assert listing_pages(site, first)[1] == second
    newer = site.soup(second).select_one('head link[rel="prev"]')["href"]
    assert linked_page(site, second, newer) == first
    year = archive_year_pages(site, "archive/index")
    assert year and all(site.has(page) for page in year)


def test_sidebar_marks_the_section_of_year_and_numbered_pages(tmp_path: Path) -> None:
    srcdir, specs = make_project(tmp_path, 20)
    site = build_once(srcdir, confoverrides={"html_theme": "sphinx_book_theme"})
    slug = tag_slug_of(Counter(tag for spec in specs for tag in spec.tags).most_common(1)[0][0])
    expected = {archive_year_pages(site)[0]: "Archive", f"tags/{slug}/page/2": "Tags",
                "archive": "Archive", "index": None}
    for page, section in expected.items():
        current = site.soup(page).select("nav.bd-docs-nav li.toctree-l1.current > a")
        assert [text_of(a) for a in current] == ([section] if section else []), page
