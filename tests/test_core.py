"""Knowledge base core (issue 2): article pages, headings, listings, drafts and escaping.

Every test builds a real Sphinx project from a copy of a root in ``tests/roots``
and reads the HTML it wrote.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from helpers import (
    Site,
    all_row_links,
    archive_row_links,
    archive_year_pages,
    build_once,
    copy_root,
    require_seed,
    row_links,
    search_pages,
    text_of,
)
from sphinx_kb.core.tags import tag_key, tag_slug

SEED_DOC = "articles/000_d7e665ae504f5e98"
SEED_TITLE = ("Exploring the Potential Benefits of Kratom for Managing Opioid Addiction "
              "and Withdrawal")
SEED_SUMMARY = ("Dive into the science and potential benefits of using kratom to manage opioid "
                "addiction and alleviate withdrawal symptoms. Understand the latest research "
                "and insights into this promising natural remedy.")
SEED_TAGS = {"Kratom", "Opioid Addiction", "Health & Wellness"}


def content_h1s(site: Site, page: str) -> list[str]:
    """Every ``<h1>`` a reader sees on screen (the book theme's print-only copy excluded)."""
    soup = site.soup(page)
    return [text_of(h1) for h1 in soup.find_all("h1")
            if not h1.find_parent(class_="onlyprint")]


def search_index(site: Site) -> dict[str, dict]:
    """URL -> indexed record (Pagefind bundle, as data)."""
    return search_pages(site.outdir)


# --------------------------------------------------------------------------- seed article


@pytest.fixture(scope="module")
def seed_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    seed = require_seed()
    srcdir = copy_root("seed", tmp_path_factory.mktemp("seed"))
    shutil.copy(seed, srcdir / "articles" / seed.name)
    return build_once(srcdir)


def test_seed_title_is_the_only_h1(seed_site: Site) -> None:
    assert content_h1s(seed_site, SEED_DOC) == [SEED_TITLE]
    article = seed_site.soup(SEED_DOC).select_one("article") or seed_site.soup(SEED_DOC)
    # The body's own "# <title>" is dropped, not demoted to a second heading.
    headings = [text_of(h) for h in article.find_all(re.compile(r"^h[1-6]$"))]
    assert headings.count(SEED_TITLE) == 1, headings


def test_seed_title_in_head(seed_site: Site) -> None:
    title = seed_site.soup(SEED_DOC).title.get_text()
    assert title.startswith(SEED_TITLE)
    assert title.count(SEED_TITLE) == 1


def test_seed_date_and_description(seed_site: Site) -> None:
    soup = seed_site.soup(SEED_DOC)
    times = soup.select('p.kb-byline time[datetime="2021-10-05"]')
    assert len(times) == 1
    assert "2021" in times[0].get_text()
    metas = soup.find_all("meta", attrs={"name": "description"})
    assert [meta["content"] for meta in metas] == [SEED_SUMMARY]
    summary = soup.select_one("p.kb-summary")
    assert summary is not None and text_of(summary) == SEED_SUMMARY


def test_seed_tags_link_to_existing_tag_pages(seed_site: Site) -> None:
    badges = seed_site.soup(SEED_DOC).select("p.kb-article-tags a.kb-tag")
    assert {text_of(a) for a in badges} == SEED_TAGS
    assert len(badges) == 3
    tags_dir = (seed_site.outdir / "tags").resolve()
    for badge in badges:
        target = seed_site.resolve(SEED_DOC, badge["href"])
        assert target.is_file(), badge
        assert target.parent == tags_dir
        # The tag page names the tag and lists the seed article.
        page = f"tags/{target.name}"
        assert text_of(badge) in content_h1s(seed_site, page)
        assert SEED_TITLE in all_row_links(seed_site.soup(page))


def test_seed_listed_on_home_and_archive(seed_site: Site) -> None:
    assert row_links(seed_site.soup("index")) == [SEED_TITLE, "A companion article"]
    home_link = seed_site.soup("index").select_one("ul.kb-listing a.kb-row-link")
    assert seed_site.resolve("index", home_link["href"]) == seed_site.path(SEED_DOC).resolve()
    assert archive_row_links(seed_site) == [SEED_TITLE, "A companion article"]


def test_seed_builds_without_warnings(seed_site: Site) -> None:
    assert seed_site.warnings == [], seed_site.warning_text


# --------------------------------------------------------------------------- headings


@pytest.fixture(scope="module")
def headings_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return build_once(copy_root("headings", tmp_path_factory.mktemp("headings")))


def section_headings(site: Site, page: str, level: int) -> list[str]:
    soup = site.soup(page)
    return [text_of(h) for h in soup.select(f"div.body h{level}, article h{level}")]


def test_body_starting_at_h2_still_gets_the_title(headings_site: Site) -> None:
    page = "articles/starts-at-h2"
    assert content_h1s(headings_site, page) == ["Body starts at level two"]
    assert section_headings(headings_site, page, 2) == ["First part"]
    assert section_headings(headings_site, page, 3) == ["A detail"]


def test_several_h1_in_body_give_one_h1(headings_site: Site) -> None:
    page = "articles/several-h1"
    assert content_h1s(headings_site, page) == ["Several top headings"]
    assert section_headings(headings_site, page, 2) == ["Chapter one", "Chapter two"]


def test_no_heading_uses_front_matter_title(headings_site: Site) -> None:
    page = "articles/no-heading"
    assert content_h1s(headings_site, page) == ["Only front matter names me"]
    assert headings_site.soup(page).title.get_text().startswith("Only front matter names me")


@pytest.mark.parametrize(("page", "title"), [
    ("articles/repeats-title", "The title said twice"),
    ("articles/repeats-title-setext", "Setext repeats me"),
])
def test_first_heading_repeating_title_is_not_shown_twice(headings_site: Site, page: str,
                                                          title: str) -> None:
    assert content_h1s(headings_site, page) == [title]
    body = headings_site.soup(page).select_one("div.body")
    assert body is not None
    assert [text_of(h) for h in body.find_all(re.compile(r"^h[1-6]$"))].count(title) == 1


def test_heading_fixes_raise_no_myst_warnings(headings_site: Site) -> None:
    assert headings_site.warnings == [], headings_site.warning_text


# --------------------------------------------------------------------------- listing order

EXPECTED_ORDER = [
    "Newest",  # 2023-05-05
    "Later that day",  # 2022-01-01 18:00 UTC: after midnight of the same day
    "alpha same day",  # 2022-01-01: title tie-break ignores case
    "Zeta same day",
    "Twin",  # articles/a-twin: same date and title, path decides
    "Twin",  # articles/b-twin
    "Oldest",
    "Undated one",  # no date: last
]


@pytest.fixture(scope="module")
def listings_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return build_once(copy_root("listings", tmp_path_factory.mktemp("listings")))


def test_recent_listing_order(listings_site: Site) -> None:
    assert row_links(listings_site.soup("index")) == EXPECTED_ORDER
    hrefs = [a["href"] for a in listings_site.soup("index").select("a.kb-row-link")]
    assert hrefs[4:6] == ["articles/a-twin.html", "articles/b-twin.html"]


def test_archive_and_tag_page_order(listings_site: Site) -> None:
    assert archive_row_links(listings_site) == EXPECTED_ORDER
    assert all_row_links(listings_site.soup("tags/order")) == EXPECTED_ORDER


def test_undated_article_is_warned_about(listings_site: Site) -> None:
    warnings = listings_site.warnings_about("articles/undated.md")
    assert len(warnings) == 1, listings_site.warning_text
    assert warnings[0].type == "kb.date"
    assert "date" in warnings[0].message
    soup = listings_site.soup("index")
    last = soup.select("ul.kb-listing li.kb-row")[-1]
    assert last.select_one("time") is None
    assert "Undated" in text_of(last)
    # Only the undated article is warned about.
    assert {w.location.rsplit("/", 1)[-1] for w in listings_site.warnings} == {"undated.md"}


# --------------------------------------------------------------------------- drafts

DRAFT_TITLE = "Hidden draft article"
FUTURE_TITLE = "Scheduled future article"


def test_drafts_and_scheduled_are_left_out(tmp_path: Path) -> None:
    site = build_once(copy_root("drafts", tmp_path / "kb-drafts-off"))
    assert site.has("articles/published")
    assert not site.has("articles/draft")
    assert not site.has("articles/future")
    assert not (site.outdir / "_sources" / "articles" / "draft.md.txt").exists()

    index = search_index(site)
    assert "/articles/published.html" in index
    assert "/articles/draft.html" not in index
    assert "/articles/future.html" not in index
    titles = {record["meta"].get("title") for record in index.values()}
    assert DRAFT_TITLE not in titles and FUTURE_TITLE not in titles
    raw = json.dumps(index).lower()
    assert "zyxwdraft" not in raw and "zyxwfuture" not in raw

    for page in ("index", "tags/shared"):
        assert all_row_links(site.soup(page)) == ["Published article"], page
    assert archive_row_links(site) == ["Published article"]
    for page in ("index", "archive", "tags/shared", "tags/index", *archive_year_pages(site)):
        text = site.html(page)
        assert DRAFT_TITLE not in text and FUTURE_TITLE not in text, page
    assert not site.has("tags/onlydraft") and not site.has("tags/onlyfuture")
    assert site.has("archive/2021") and not site.has("archive/2999")  # the future's year
    # The tag-page sources are shared with drafts builds; this build leaves them out.
    assert "tags/onlydraft" not in site.app.env.found_docs
    assert "tags/onlyfuture" not in site.app.env.found_docs
    cloud = [text_of(a) for a in site.soup("index").select(".kb-tag-cloud a.kb-tag")]
    assert cloud == ["shared (1)"]
    overview = " ".join(text_of(li) for li in site.soup("tags/index").select(".kb-tag-index li"))
    assert overview == "shared (1)"

    # Reported as information, never as a warning.
    assert re.search(r"skipped \(draft\): articles/draft\.md", site.status), site.status
    assert re.search(r"skipped \(scheduled[^)]*\): articles/future\.md", site.status), site.status
    assert site.warnings_about("articles/draft.md") == []
    assert site.warnings_about("articles/future.md") == []
    assert "draft.md" not in site.warning_text and "future.md" not in site.warning_text


def test_drafts_built_on_request_show_a_banner(tmp_path: Path) -> None:
    site = build_once(copy_root("drafts", tmp_path / "kb-drafts-on"),
                      confoverrides={"kb_drafts": True})
    for page, label in (("articles/draft", "Draft"), ("articles/future", "Scheduled")):
        assert site.has(page), page
        banners = site.soup(page).select("div.kb-draft-banner")
        assert len(banners) == 1, page
        assert text_of(banners[0]).startswith(label)
    assert site.soup("articles/published").select("div.kb-draft-banner") == []
    assert site.has("tags/onlydraft") and site.has("tags/onlyfuture")
    assert set(archive_row_links(site)) == {
        "Published article", DRAFT_TITLE, FUTURE_TITLE}


# --------------------------------------------------------------------------- escaping

SCRIPT = '"><script>alert(1)</script>'
IMG = '"><img src=x onerror=alert(1)>'
SCRIPT_ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
IMG_ESCAPED = "&lt;img src=x onerror=alert(1)&gt;"


@pytest.fixture(scope="module")
def escaping_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return build_once(copy_root("escaping", tmp_path_factory.mktemp("escaping")))


def _is_json(text: str) -> bool:
    import json

    try:
        json.loads(text)
    except ValueError:
        return False
    return "<" not in text


def injection_problems(site: Site, page: str, escaped: tuple[str, ...] = ()) -> list[str]:
    """What on ``page`` is a live injected element, or injected text missing its escaping."""
    soup = site.soup(page)
    problems = []
    # JSON-LD data blocks carry the title as data (with < escaped); they never run.
    found = [s for s in soup.find_all("script") if "alert(1)" in (s.string or "")
             and not (s.get("type") == "application/ld+json" and _is_json(s.string or ""))]
    found += soup.select('img[src="x"], [onerror]')
    for element in found:
        where = "print-only " if element.find_parent(class_="onlyprint") else ""
        problems.append(f"{page}: <{element.name}> element in {where}<{element.parent.name}>")
    raw = site.html(page)
    for bad in ("<script>alert", "<img src=x"):
        if bad in raw:
            problems.append(f"{page}: raw {bad!r} in the HTML")
    problems.extend(f"{page}: escaped text {text!r} missing" for text in escaped
                    if text not in raw)
    return problems


def _tag_page(name: str) -> str:
    return f"tags/{tag_slug(tag_key(name))}"


ESCAPING_PAGES = ["articles/script", "articles/img", "articles/neighbour", "index", "archive",
                  "tags/index", "tags/plain", _tag_page(SCRIPT), _tag_page(IMG)]


@pytest.mark.parametrize("page", ESCAPING_PAGES)
def test_no_injected_element(escaping_site: Site, page: str) -> None:
    assert escaping_site.has(page)
    assert injection_problems(escaping_site, page) == []


def test_only_expected_tag_pages(escaping_site: Site) -> None:
    written = {p.relative_to(escaping_site.outdir).with_suffix("").as_posix()
               for p in (escaping_site.outdir / "tags").glob("*.html")}
    assert written == {page for page in ESCAPING_PAGES if page.startswith("tags/")}


@pytest.mark.parametrize(("page", "title", "summary"), [
    ("articles/script", SCRIPT, IMG),
    ("articles/img", IMG, SCRIPT),
])
def test_hostile_text_shown_as_text_on_article(escaping_site: Site, page: str, title: str,
                                               summary: str) -> None:
    soup = escaping_site.soup(page)
    assert content_h1s(escaping_site, page) == [title]
    assert soup.title.get_text().startswith(title)
    assert [m["content"] for m in soup.find_all("meta", attrs={"name": "description"})] \
        == [summary]
    assert text_of(soup.select_one("p.kb-summary")) == summary
    badges = {text_of(a) for a in soup.select("p.kb-article-tags a.kb-tag")}
    assert IMG in badges and "plain" in badges
    assert SCRIPT in text_of(soup.select_one(".kb-authors"))
    raw = escaping_site.html(page)
    assert SCRIPT_ESCAPED in raw and IMG_ESCAPED in raw
    # In the attribute the quote is escaped too.
    assert 'content="&quot;&gt;&lt;' in raw


def test_hostile_authors_all_shown(escaping_site: Site) -> None:
    authors = text_of(escaping_site.soup("articles/script").select_one(".kb-authors"))
    assert SCRIPT in authors and IMG in authors


@pytest.mark.parametrize("page", ["index", "archive/2022", "tags/plain"])
def test_hostile_text_shown_as_text_in_listings(escaping_site: Site, page: str) -> None:
    assert set(all_row_links(escaping_site.soup(page))) == {SCRIPT, IMG, "A plain neighbour"}
    raw = escaping_site.html(page)
    assert SCRIPT_ESCAPED in raw and IMG_ESCAPED in raw


def test_hostile_tags_on_tag_pages(escaping_site: Site) -> None:
    overview = {text_of(a) for a in escaping_site.soup("tags/index").select("a.kb-tag")}
    assert overview == {SCRIPT, IMG, "plain"}
    for name, titles in ((SCRIPT, {SCRIPT}), (IMG, {SCRIPT, IMG})):
        soup = escaping_site.soup(_tag_page(name))
        assert content_h1s(escaping_site, _tag_page(name)) == [name]
        assert soup.title.get_text().startswith(name)
        assert set(all_row_links(soup)) == titles
