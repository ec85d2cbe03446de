"""Tag indexes (issue 3): identity, spellings, slugs, tag pages, the overview, drafts.

Most tests read one build of ``tests/roots/test-tags``; the slug-stability test
rebuilds a copy after adding an article.
"""

from __future__ import annotations

import re

import pytest
from helpers import (
    SLUG_RE,
    Site,
    all_row_links,
    build_once,
    bump_mtime,
    copy_root,
    text_of,
    write,
)
from sphinx_kb.build.tagpages import GENERATED_MARK
from sphinx_kb.core.files import starts_with_mark
from sphinx_kb.core.tags import tag_key, tag_slug

ODD_TAGS = ["C++", "C#", "C", "R&D", "R-D", "здоровье", "健康", "🌿", "../x", "/etc", "a/b"]
HEALTH = "health & wellness"  # the spelling most articles use
HEALTH_ORDER = ["Tags in the body", "Health five", "Health four", "Health three",
                "Health two", "Health one"]
#: Every published tag, by the name it is shown with, and its article count.
EXPECTED_COUNTS = {HEALTH: 6, "shared": 4, "next js": 1, "next-js": 1, "next_js": 1,
                   "body-only": 1, **dict.fromkeys(ODD_TAGS, 1)}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return build_once(copy_root("tags", tmp_path_factory.mktemp("tags")))


def overview(site: Site) -> dict[str, tuple[int, str]]:
    """Tag overview rows: name -> (count, href)."""
    rows = {}
    for item in site.soup("tags/index").select(".kb-tag-index li"):
        link = item.select_one("a.kb-tag")
        assert link is not None, item
        match = re.fullmatch(r"(.*) \((\d+)\)", text_of(item))
        assert match is not None and match.group(1) == text_of(link), text_of(item)
        rows[text_of(link)] = (int(match.group(2)), link["href"])
    return rows


def page_of(site: Site, name: str) -> str:
    """Docname of the tag page the overview links ``name`` to."""
    href = overview(site)[name][1]
    return "tags/" + href.split("#", 1)[0].removesuffix(".html")


# --------------------------------------------------------------------------- unit: keys, slugs


def test_tag_key_folds_case_and_space() -> None:
    assert tag_key("Health & Wellness") == tag_key("health & wellness") == \
        tag_key("Health  &  Wellness") == tag_key(" HEALTH\t& wellness ") == HEALTH
    assert tag_key("next js") != tag_key("next-js") != tag_key("next_js")


def test_plain_tags_get_plain_slugs() -> None:
    assert tag_slug(tag_key("Python")) == "python"
    assert tag_slug(tag_key("Next  JS")) == "next_js"
    assert tag_slug(tag_key("next-js")) == "next-js"
    assert tag_slug(tag_key("web3")) == "web3"


def test_odd_tags_get_distinct_url_safe_slugs() -> None:
    tags = [*ODD_TAGS, "R D", "next js", "next-js", "next_js", "index", "Index", "-", "--"]
    slugs = {tag_key(tag): tag_slug(tag_key(tag)) for tag in tags}
    for key, slug in slugs.items():
        assert SLUG_RE.match(slug), (key, slug)
        assert slug not in {"", "index", "-"}, key
    assert len(set(slugs.values())) == len(slugs)


def test_slugs_are_pinned() -> None:
    """A slug is part of a published URL: it must not change between versions."""
    assert tag_slug(HEALTH) == "health-wellness--acdb729b6a"
    assert tag_slug("c++") == "c--372946aa26"
    assert tag_slug("r-d") == "r-d"
    assert tag_slug("r d") == "r_d"
    assert tag_slug("r&d") == "r-d--" + __import__("hashlib").sha1(b"r&d").hexdigest()[:10]


def test_slug_depends_on_the_key_only() -> None:
    before = {tag: tag_slug(tag_key(tag)) for tag in ODD_TAGS}
    for other in ("c+", "c ++", "r & d", "health", "zzz"):
        tag_slug(tag_key(other))
    assert {tag: tag_slug(tag_key(tag)) for tag in ODD_TAGS} == before


# --------------------------------------------------------------------------- spellings


def test_spellings_of_one_tag_are_one_tag(site: Site) -> None:
    rows = overview(site)
    assert [name for name in rows if tag_key(name) == HEALTH] == [HEALTH]
    assert rows[HEALTH][0] == 6
    health_pages = [p for p in (site.outdir / "tags").glob("health*.html")]
    assert len(health_pages) == 1
    # Every article links its spelling to that one page, shown with the most frequent spelling.
    for doc in ("health-1", "health-4", "health-5", "directive"):
        badges = {text_of(a): site.resolve(f"articles/{doc}", a["href"])
                  for a in site.soup(f"articles/{doc}").select("p.kb-article-tags a.kb-tag")}
        assert badges[HEALTH] == health_pages[0].resolve(), doc


def test_near_duplicate_spellings_warn_once_per_pair(site: Site) -> None:
    warnings = [w for w in site.warnings if w.type == "kb.tag_spelling"]
    assert len(warnings) == 3, site.warning_text
    pairs = set()
    files = {"next js": "next-space.md", "next-js": "next-dash.md", "next_js": "next-under.md"}
    for warning in warnings:
        named = frozenset(name for name in files if f"'{name}'" in warning.message)
        assert len(named) == 2, warning.raw
        for name in named:
            assert files[name] in warning.message, warning.raw
        assert any(warning.about(f"articles/{files[name]}") for name in named), warning.raw
        assert warning.line == 4, warning.raw  # the 'tags' line of the file it points at
        pairs.add(named)
    assert len(pairs) == 3
    # They stay three tags with a page each.
    rows = overview(site)
    assert {rows[name][1] for name in files} == {
        f"{tag_slug(tag_key(name))}.html" for name in files}
    assert len({rows[name][1] for name in files}) == 3


# --------------------------------------------------------------------------- odd tags, files


def test_odd_tags_have_their_own_page_in_the_tag_folder(site: Site) -> None:
    tags_dir = (site.outdir / "tags").resolve()
    badges = site.soup("articles/symbols").select("p.kb-article-tags a.kb-tag")
    shown = {text_of(a): site.resolve("articles/symbols", a["href"]) for a in badges}
    assert set(shown) == {*ODD_TAGS, "shared"}
    targets = [shown[tag] for tag in ODD_TAGS]
    assert len(set(targets)) == len(ODD_TAGS)
    for tag, target in zip(ODD_TAGS, targets, strict=True):
        assert target.parent == tags_dir, (tag, target)
        assert target.is_file(), (tag, target)
        assert SLUG_RE.match(target.stem), (tag, target.stem)
        assert target.stem == tag_slug(tag_key(tag))
        page = f"tags/{target.stem}"
        assert [text_of(h) for h in site.soup(page).select("div.body h1")] == [tag]
        assert all_row_links(site.soup(page)) == ["Every odd tag"]


def test_tag_files_stay_inside_the_tag_folders(site: Site) -> None:
    html_tags = {p.stem for p in (site.outdir / "tags").glob("*.html")}
    stubs = {p.stem for p in (site.srcdir / "tags").glob("*.md")}
    expected = {tag_slug(tag_key(name)) for name in EXPECTED_COUNTS} | {"index"}
    assert html_tags == expected
    # The tag-page sources are shared by every build: a drafts build must not rewrite them,
    # so they also name the tags only drafts and scheduled articles carry (never built here).
    assert stubs == expected | {"draft-only", "future-only"}
    assert sorted(p.name for p in site.outdir.glob("*.html")) == [
        "404.html", "archive.html", "genindex.html", "index.html", "search.html"]
    assert sorted(p.name for p in site.srcdir.iterdir()) == [
        "archive", "archive.md", "articles", "conf.py", "index.md", "tags"]
    # The archive's year pages: generated into kb_archive_dir, each marked as generated.
    assert all(starts_with_mark(path, GENERATED_MARK)
               for path in (site.srcdir / "archive").rglob("*.md"))
    assert not (site.outdir / "x.html").exists()
    assert not (site.outdir.parent / "x.html").exists()


# --------------------------------------------------------------------------- pages


def test_tags_directive_adds_to_the_same_pages(site: Site) -> None:
    badges = [text_of(a) for a in site.soup("articles/directive").select("a.kb-tag")]
    assert set(badges) == {"shared", "body-only", HEALTH}
    assert all_row_links(site.soup(page_of(site, "body-only"))) == ["Tags in the body"]
    assert "Tags in the body" in all_row_links(site.soup(page_of(site, HEALTH)))


def test_overview_lists_every_tag_with_its_count(site: Site) -> None:
    rows = overview(site)
    assert {name: count for name, (count, _href) in rows.items()} == EXPECTED_COUNTS
    for name, (_count, href) in rows.items():
        assert site.resolve("tags/index", href).is_file(), name


def test_overview_reachable_from_home(site: Site) -> None:
    targets = {site.resolve("index", a["href"]) for a in site.soup("index").select("a[href]")
               if not a["href"].startswith(("http", "#"))}
    assert site.path("tags/index").resolve() in targets
    cloud = [text_of(a) for a in site.soup("index").select(".kb-tag-cloud a.kb-tag")]
    assert cloud[:2] == [f"{HEALTH} (6)", "shared (4)"]


def test_tag_page_lists_articles_newest_first(site: Site) -> None:
    page = page_of(site, HEALTH)
    soup = site.soup(page)
    assert [text_of(h) for h in soup.select("div.body h1")] == [HEALTH]
    assert "6 articles" in text_of(soup.select_one("p.kb-tag-count"))
    rows = soup.select("ul.kb-listing > li.kb-row")
    assert [text_of(row.select_one("a.kb-row-link")) for row in rows] == HEALTH_ORDER
    dates = [row.select_one("time.kb-date")["datetime"] for row in rows]
    assert dates == ["2021-04-01", "2021-01-05", "2021-01-04", "2021-01-03", "2021-01-02",
                     "2021-01-01"]
    for row, title in zip(rows, HEALTH_ORDER, strict=True):
        assert text_of(row.select_one("p.kb-row-summary")) == f"Summary of {title}."
        link = row.select_one("a.kb-row-link")
        target = site.resolve(page, link["href"])
        assert target.is_file() and target.parent.name == "articles"


def test_drafts_never_counted(site: Site) -> None:
    rows = overview(site)
    assert "draft-only" not in rows and "future-only" not in rows
    for name in ("draft-only", "future-only"):
        slug = tag_slug(tag_key(name))
        assert not site.has(f"tags/{slug}")
        # Its source is shared with drafts builds, but this build leaves it out entirely.
        assert f"tags/{slug}" not in site.app.env.all_docs
        assert f"tags/{slug}" not in site.app.env.found_docs
    for name in ("shared", HEALTH):
        titles = all_row_links(site.soup(page_of(site, name)))
        assert "A draft with tags" not in titles
        assert "A scheduled article with tags" not in titles
    # The draft's and the scheduled article's spelling does not win either.
    assert HEALTH in rows and "Health & Wellness" not in rows


def test_no_toctree_warnings(site: Site) -> None:
    assert "toctree" not in site.warning_text
    assert [w for w in site.warnings if w.type != "kb.tag_spelling"] == []


# --------------------------------------------------------------------------- slug stability


def test_slugs_unchanged_when_unrelated_tags_are_added(tmp_path) -> None:
    srcdir = copy_root("tags", tmp_path)
    first = build_once(srcdir)
    before = {name: href for name, (_count, href) in overview(first).items()}
    stubs = {p.name: p.read_text(encoding="utf-8") for p in (srcdir / "tags").glob("*.md")}

    new = srcdir / "articles" / "more.md"
    write(new, "---\ntitle: More tags\ndate: 2021-06-01\n"
               "tags: ['c+', 'c  ++', 'R & D', 'Здоровье!', 'zzz', shared]\n---\n\nBody.\n")
    bump_mtime(new)
    second = build_once(srcdir)
    after = {name: href for name, (_count, href) in overview(second).items()}
    assert {name: after[name] for name in before} == before
    assert len(after) == len(before) + 5
    for name, content in stubs.items():
        if name != "index.md":
            assert (srcdir / "tags" / name).read_text(encoding="utf-8") == content, name
    for href in after.values():
        assert SLUG_RE.match(href.removesuffix(".html")), href
