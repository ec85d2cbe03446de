"""Publishing (issue 7): Atom feeds, sitemap, head metadata, reading aids, the 404 page.

Every check reads what a real build wrote: the feeds and the sitemap are parsed
as XML (defusedxml), the pages as HTML (lxml through BeautifulSoup). The test
root ``test-publish`` uses the site's theme (sphinx-book-theme), so the
canonical link and the 404 page are the theme's own.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from bs4 import BeautifulSoup
from defusedxml import ElementTree
from helpers import Site, build_once, bump_mtime, copy_root, copy_sources, write
from sphinx_kb.core.tags import tag_key, tag_slug
from sphinx_kb.publish.common import clean as strip_controls
from sphinx_kb.publish.common import image_source
from sphinx_kb.publish.headmeta import script_json
from sphinx_kb.publish.notfound import urls_prefix

BASE = "https://kb.example.org/docs/"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
def clean(text: str) -> str:
    """What records keep of a front-matter string: no control characters, spaces folded."""
    return " ".join(strip_controls(text).split())


EVIL_TITLE = '"><script>alert(1)</script> </script> \x01\x0b end'
EVIL_SUMMARY = '"><script>alert(1)</script> and </script> with \x01\x0b controls'
EVIL_TAGS = ['"><script>alert(1)</script>', "</script>", "ctl\x01\x0b", "python"]
CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
#: Pages Sphinx adds that are not documents: never in the sitemap.
NOT_CONTENT = {"genindex.html", "search.html", "404.html"}


def slug(name: str) -> str:
    return tag_slug(tag_key(name))


def feed_path(name: str) -> str:
    return f"tags/{slug(name)}.xml"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return build_once(copy_root("publish", tmp_path_factory.mktemp("publish")))


def parse_xml(path: Path) -> Any:
    return ElementTree.fromstring(path.read_bytes())


def entries(feed: Any) -> list[Any]:
    return feed.findall(f"{ATOM}entry")


def entry_titles(feed: Any) -> list[str]:
    return [entry.findtext(f"{ATOM}title") for entry in entries(feed)]


def sitemap(outdir: Path) -> dict[str, str | None]:
    root = parse_xml(outdir / "sitemap.xml")
    return {url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod")
            for url in root.findall(f"{SITEMAP}url")}


def meta(soup: BeautifulSoup, key: str) -> list[str]:
    """Contents of ``<meta property=key>`` / ``<meta name=key>``, in page order."""
    return [tag["content"] for tag in soup.find_all("meta")
            if tag.get("property") == key or tag.get("name") == key]


def json_ld(soup: BeautifulSoup) -> dict[str, Any]:
    scripts = soup.find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    return json.loads(scripts[0].string)


def pages(outdir: Path) -> set[str]:
    """The HTML pages of a build (not the theme's template fragments in ``_static``)."""
    return {path.relative_to(outdir).as_posix() for path in outdir.rglob("*.html")
            if not path.relative_to(outdir).as_posix().startswith("_")}


def publish_outputs(outdir: Path) -> dict[str, bytes]:
    """Feeds and sitemap by relative path."""
    return {path.relative_to(outdir).as_posix(): path.read_bytes()
            for path in sorted(outdir.rglob("*.xml"))}


# 1. Feeds


def test_site_feed_is_valid_atom_newest_first_without_drafts(site: Site) -> None:
    feed = parse_xml(site.outdir / "atom.xml")
    assert feed.tag == f"{ATOM}feed"
    assert entry_titles(feed) == [clean(EVIL_TITLE), "Second article", "First steps with Python",
                                  "Published elsewhere first"]  # no draft, no undated note
    assert feed.findtext(f"{ATOM}title") == "Publish test"
    assert feed.findtext(f"{ATOM}id") == BASE + "atom.xml"
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links == {"self": BASE + "atom.xml", "alternate": BASE + "index.html"}
    # The newest date in the feed, from front matter: never the time of the build.
    assert feed.findtext(f"{ATOM}updated") == "2021-04-01T00:00:00+00:00"
    assert feed.find(f"{ATOM}author").findtext(f"{ATOM}name") == "The test team"


def test_feed_entries_carry_links_dates_summary_authors_and_tags(site: Site) -> None:
    feed = parse_xml(site.outdir / "atom.xml")
    first = next(e for e in entries(feed)
                 if e.findtext(f"{ATOM}title") == "First steps with Python")
    url = BASE + "articles/first.html"
    assert first.findtext(f"{ATOM}id") == url
    assert first.find(f"{ATOM}link").get("href") == url
    assert first.findtext(f"{ATOM}published") == "2021-01-05T00:00:00+00:00"
    assert first.findtext(f"{ATOM}updated") == "2021-02-01T00:00:00+00:00"
    assert first.findtext(f"{ATOM}summary") == "How to start with Python & Sphinx."
    assert [a.findtext(f"{ATOM}name") for a in first.findall(f"{ATOM}author")] == [
        "Ada Lovelace", "Grace Hopper"]
    assert [c.get("term") for c in first.findall(f"{ATOM}category")] == ["python", "sphinx"]
    second = next(e for e in entries(feed) if e.findtext(f"{ATOM}title") == "Second article")
    assert second.findtext(f"{ATOM}published") == "2021-03-10T09:30:00+02:00"


def test_feeds_survive_markup_and_control_characters(site: Site) -> None:
    raw = (site.outdir / "atom.xml").read_bytes()
    assert not CONTROL_RE.search(raw.decode("utf-8"))
    feed = parse_xml(site.outdir / "atom.xml")
    evil = entries(feed)[0]
    assert evil.findtext(f"{ATOM}title") == clean(EVIL_TITLE)
    assert evil.findtext(f"{ATOM}summary") == strip_controls(EVIL_SUMMARY)
    assert [c.get("term") for c in evil.findall(f"{ATOM}category")] == [
        clean(tag) for tag in EVIL_TAGS]
    assert b"<script>" not in raw


def test_one_feed_per_tag_with_its_articles_only(site: Site) -> None:
    python = parse_xml(site.outdir / "tags/python.xml")
    assert entry_titles(python) == [clean(EVIL_TITLE), "Second article", "First steps with Python"]
    assert python.find(f"{ATOM}link[@rel='alternate']").get("href") == BASE + "tags/python.html"
    assert python.findtext(f"{ATOM}updated") == "2021-04-01T00:00:00+00:00"
    sphinx = parse_xml(site.outdir / "tags/sphinx.xml")
    assert entry_titles(sphinx) == ["First steps with Python", "Published elsewhere first"]
    assert sphinx.findtext(f"{ATOM}updated") == "2021-02-01T00:00:00+00:00"
    for name in EVIL_TAGS:
        parse_xml(site.outdir / feed_path(clean(name)))
    # A tag of undated articles only has no feed; a draft's tag has neither page nor feed.
    assert not (site.outdir / "tags/notes.xml").exists()
    assert not (site.outdir / feed_path("secret-draft-tag")).exists()
    assert not site.has(f"tags/{slug('secret-draft-tag')}")


def test_every_page_links_the_site_feed_in_its_head(site: Site) -> None:
    built = pages(site.outdir)
    assert "articles/first.html" in built
    for page in built:
        links = site.soup(page).select('head link[rel="alternate"][type="application/atom+xml"]')
        targets = [site.resolve(page, link["href"]) if not link["href"].startswith("/")
                   else site.outdir / link["href"].removeprefix("/docs/") for link in links]
        assert (site.outdir / "atom.xml").resolve() in [t.resolve() for t in targets], page
    tag_links = site.soup("tags/python").select('head link[type="application/atom+xml"]')
    assert [link["title"] for link in tag_links] == ["Publish test", "Publish test: python"]
    assert site.resolve("tags/python.html", tag_links[1]["href"]) == (
        site.outdir / "tags/python.xml").resolve()


def test_home_and_tag_pages_show_a_feed_link(site: Site) -> None:
    home = site.soup("index").select("main a.kb-feed")
    assert len(home) == 1
    assert site.resolve("index.html", home[0]["href"]) == (site.outdir / "atom.xml").resolve()
    tag = site.soup("tags/sphinx").select("main a.kb-feed")
    assert len(tag) == 1
    assert site.resolve("tags/sphinx.html", tag[0]["href"]) == (
        site.outdir / "tags/sphinx.xml").resolve()
    assert not site.soup("tags/notes").select("a.kb-feed")  # no feed to link to
    assert not site.soup("articles/first").select("a.kb-feed")
    assert not site.soup("guide").select("a.kb-feed")


# 2. Sitemap


def test_sitemap_lists_every_page_with_front_matter_dates(site: Site) -> None:
    urls = sitemap(site.outdir)
    built = pages(site.outdir)
    assert set(urls) == {BASE + page for page in built - NOT_CONTENT}
    assert urls[BASE + "articles/first.html"] == "2021-02-01"  # lastmod wins over date
    assert urls[BASE + "articles/second.html"] == "2021-03-10T09:30:00+02:00"
    assert urls[BASE + "articles/undated.html"] is None
    assert urls[BASE + "guide.html"] is None
    # Pages with listings change when their newest listed article does.
    assert urls[BASE + "index.html"] == "2021-04-01"
    assert urls[BASE + "tags/sphinx.html"] == "2021-02-01"
    assert not any("draft" in url for url in urls)


# 3. Head metadata


def test_article_head_has_one_canonical_and_open_graph(site: Site) -> None:
    soup = site.soup("articles/first")
    url = BASE + "articles/first.html"
    assert [link["href"] for link in soup.select('link[rel="canonical"]')] == [url]
    assert meta(soup, "og:type") == ["article"]
    assert meta(soup, "og:title") == ["First steps with Python"]
    assert meta(soup, "og:description") == ["How to start with Python & Sphinx."]
    assert meta(soup, "og:url") == [url]
    assert meta(soup, "og:site_name") == ["Publish test"]
    assert meta(soup, "og:image") == [BASE + "articles/cover.png"]
    assert meta(soup, "article:published_time") == ["2021-01-05"]
    assert meta(soup, "article:modified_time") == ["2021-02-01"]
    assert meta(soup, "article:tag") == ["python", "sphinx"]
    assert meta(soup, "article:author") == ["Ada Lovelace", "Grace Hopper"]
    assert meta(soup, "twitter:card") == ["summary_large_image"]
    assert meta(soup, "twitter:title") == ["First steps with Python"]
    assert meta(soup, "twitter:description") == ["How to start with Python & Sphinx."]
    assert meta(soup, "twitter:image") == [BASE + "articles/cover.png"]
    assert meta(soup, "robots") == []
    # The cover named only in front matter is copied, so the preview image exists.
    assert (site.outdir / "articles/cover.png").read_bytes() == (
        site.srcdir / "articles/cover.png").read_bytes()


def test_article_json_ld_is_a_blog_posting(site: Site) -> None:
    data = json_ld(site.soup("articles/first"))
    url = BASE + "articles/first.html"
    assert data == {
        "@context": "https://schema.org", "@type": "BlogPosting",
        "headline": "First steps with Python", "inLanguage": "en",
        "description": "How to start with Python & Sphinx.",
        "datePublished": "2021-01-05", "dateModified": "2021-02-01",
        "author": [{"@type": "Person", "name": "Ada Lovelace"},
                   {"@type": "Person", "name": "Grace Hopper"}],
        "keywords": ["python", "sphinx"],
        "image": [BASE + "articles/cover.png"],
        "url": url, "mainEntityOfPage": {"@type": "WebPage", "@id": url},
    }


def test_absolute_image_url_and_datetime_are_kept(site: Site) -> None:
    soup = site.soup("articles/second")
    assert meta(soup, "og:image") == ["https://cdn.example.com/second.jpg"]
    assert meta(soup, "article:published_time") == ["2021-03-10T09:30:00+02:00"]
    assert json_ld(soup)["datePublished"] == "2021-03-10T09:30:00+02:00"


def test_canonical_url_from_front_matter_replaces_the_computed_one(site: Site) -> None:
    soup = site.soup("articles/elsewhere")
    original = "https://elsewhere.example.com/posts/original"
    assert [link["href"] for link in soup.select('link[rel="canonical"]')] == [original]
    assert meta(soup, "og:url") == [original]
    assert json_ld(soup)["url"] == original
    # The feed still links to the page on this site.
    feed = parse_xml(site.outdir / "tags/sphinx.xml")
    assert entries(feed)[1].findtext(f"{ATOM}id") == BASE + "articles/elsewhere.html"


def test_every_page_has_at_most_one_canonical_link(site: Site) -> None:
    for page in pages(site.outdir):
        count = len(site.soup(page).select('link[rel="canonical"]'))
        assert count == (0 if page in {"404.html"} else 1), page


def test_head_metadata_escapes_markup_and_drops_control_characters(site: Site) -> None:
    raw = site.html("articles/evil")
    assert "<script>alert(1)" not in raw
    head = raw[raw.index("<head>"):raw.index("</head>")]
    ours = [line for line in head.splitlines()
            if line.startswith(('<meta property="', '<meta name="twitter', '<script type="app'))]
    assert ours and not any(CONTROL_RE.search(line) for line in ours)
    soup = site.soup("articles/evil")
    assert meta(soup, "og:title") == [clean(EVIL_TITLE)]
    assert meta(soup, "og:description") == [strip_controls(EVIL_SUMMARY)]
    assert meta(soup, "article:tag") == [clean(tag) for tag in EVIL_TAGS]
    data = json_ld(soup)
    assert data["headline"] == clean(EVIL_TITLE)
    assert data["keywords"] == [clean(tag) for tag in EVIL_TAGS]
    assert data["author"] == [{"@type": "Person", "name": "</script><b>x</b>"}]
    # The only scripts mentioning alert(1) are the JSON-LD, which cannot be closed early.
    scripts = [s for s in soup.find_all("script") if "alert(1)" in (s.string or "")]
    assert [s.get("type") for s in scripts] == ["application/ld+json"]
    assert "</script" not in scripts[0].string


def test_theme_print_title_is_escaped(site: Site) -> None:
    """sphinx-book-theme prints ``pagetitle`` unescaped (render.pages escapes it), once."""
    soup = site.soup("articles/evil")
    heading = soup.select_one("#jb-print-docs-body h1")
    assert heading is not None and not heading.find_all(True)
    assert clean(heading.get_text()) == clean(EVIL_TITLE)


def test_home_page_has_website_metadata(site: Site) -> None:
    soup = site.soup("index")
    assert meta(soup, "og:type") == ["website"]
    assert meta(soup, "og:url") == [BASE + "index.html"]
    assert meta(soup, "og:description") == ["Articles for the publishing tests."]
    assert not soup.find_all("script", type="application/ld+json")


def test_script_json_cannot_close_its_element() -> None:
    text = script_json({"a": "</script><!-- & \u2028"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"a": "</script><!-- & \u2028"}


def test_image_paths_stay_inside_the_source_folder() -> None:
    article = SimpleNamespace(source="articles/post.md")
    assert image_source(article, "cover.png") == "articles/cover.png"  # type: ignore[arg-type]
    assert image_source(article, "/static/a.png") == "static/a.png"  # type: ignore[arg-type]
    assert image_source(article, "../../etc/passwd") is None  # type: ignore[arg-type]
    assert image_source(article, "https://x.org/a.png") is None  # type: ignore[arg-type]


# 4. Reading aids


def test_reading_aids_on_an_article(site: Site) -> None:
    soup = site.soup("articles/first")
    byline = soup.select_one("p.kb-byline")
    assert byline is not None
    assert byline.select_one("time.kb-date")["datetime"] == "2021-01-05"
    assert byline.select_one("time.kb-lastmod")["datetime"] == "2021-02-01"
    assert "Updated" in byline.get_text()
    assert re.fullmatch(r"\d+ min read", byline.select_one(".kb-reading-time").get_text())
    related = [clean(a.get_text()) for a in soup.select("div.kb-related a")]
    # All three share one tag with it; ties go to the nearest in date: 56, 86, 249 days away.
    assert related == ["Second article", clean(EVIL_TITLE), "Published elsewhere first"]
    assert "Published elsewhere first" in related  # shares sphinx
    prev_link = soup.select_one("a.left-prev")
    next_link = soup.select_one("a.right-next")
    assert prev_link is not None and next_link is not None
    assert site.resolve("articles/first.html", prev_link["href"]).name == "elsewhere.html"
    assert site.resolve("articles/first.html", next_link["href"]).name == "second.html"
    assert [link["href"] for link in soup.select('head link[rel="prev"]')] == ["elsewhere.html"]


# 5. The 404 page


def test_404_links_are_absolute_from_the_prefix(site: Site) -> None:
    soup = site.soup("404")
    urls = [(tag.name, attr, tag[attr]) for attr in ("href", "src", "action")
            for tag in soup.find_all(attrs={attr: True})]
    assert len(urls) > 10
    for name, attr, url in urls:
        assert url.startswith(("/docs/", "#", "https://")), (name, attr, url)
    assert soup.find("html")["data-content_root"] == "/docs/"
    hrefs = [a["href"] for a in soup.select("main a")]
    assert "/docs/index.html" in hrefs and "/docs/search.html" in hrefs
    assert (site.outdir / "index.html").is_file() and (site.outdir / "search.html").is_file()


@pytest.mark.parametrize(("rtd", "baseurl", "expected"), [
    ("https://kb.example.org/en/latest/", "http://localhost:8000/", "/en/latest/"),
    ("", "https://example.org/kb", "/kb/"),
    ("", "http://localhost:8000/", "/"),
    ("", "", "/"),
])
def test_notfound_prefix(monkeypatch: pytest.MonkeyPatch, rtd: str, baseurl: str,
                         expected: str) -> None:
    monkeypatch.setenv("READTHEDOCS_CANONICAL_URL", rtd)
    assert urls_prefix(SimpleNamespace(html_baseurl=baseurl)) == expected  # type: ignore[arg-type]


def test_notfound_prefix_from_conf_py_is_kept(tmp_path: Path) -> None:
    src = copy_root("publish", tmp_path)
    with (src / "conf.py").open("a", encoding="utf-8") as handle:
        handle.write('\nnotfound_urls_prefix = "/custom/"\nhtml_theme = "basic"\n')
    built = build_once(src)
    assert built.app.config.notfound_urls_prefix == "/custom/"
    assert 'href="/custom/index.html"' in built.html("404")


# Whole-site properties: determinism, incremental and parallel builds, drafts, no base URL.


def test_unchanged_site_rewrites_nothing_and_edits_match_a_clean_build(tmp_path: Path) -> None:
    src = copy_root("publish", tmp_path / "inc")
    overrides = {"html_theme": "basic"}
    first = build_once(src, confoverrides=overrides)
    before = publish_outputs(first.outdir)
    stamps = {name: (first.outdir / name).stat().st_mtime_ns for name in before}
    again = build_once(src, confoverrides=overrides)
    assert publish_outputs(again.outdir) == before
    assert {name: (again.outdir / name).stat().st_mtime_ns for name in before} == stamps

    # Edit one article (new summary, one tag dropped: its feed must go), delete another.
    path = src / "articles" / "evil.md"
    text = path.read_text(encoding="utf-8")
    write(path, text.replace('"</script>", ', "").replace(" controls", " controls, edited"))
    bump_mtime(path)
    (src / "articles" / "undated.md").unlink()  # its page and its tag's page go
    edited = build_once(src, confoverrides=overrides, parallel=2)
    after = publish_outputs(edited.outdir)
    assert feed_path("</script>") not in after
    assert not any("undated" in url or "notes" in url for url in sitemap(edited.outdir))
    assert after["atom.xml"] != before["atom.xml"]
    assert after["tags/sphinx.xml"] == before["tags/sphinx.xml"]
    assert (edited.outdir / "tags/sphinx.xml").stat().st_mtime_ns == stamps["tags/sphinx.xml"]

    clean_src = copy_sources(src, tmp_path / "clean" / "src")
    fresh = build_once(clean_src, confoverrides=overrides)
    assert publish_outputs(fresh.outdir) == after


def test_robots_txt_of_the_site_is_kept(tmp_path: Path) -> None:
    src = copy_root("publish", tmp_path)
    write(src / "_extra" / "robots.txt", "User-agent: *\nDisallow: /private/\n")
    built = build_once(src, confoverrides={"html_extra_path": ["_extra"]})
    assert (built.outdir / "robots.txt").read_text() == "User-agent: *\nDisallow: /private/\n"


def test_parallel_build_gives_the_same_feeds_and_sitemap(site: Site, tmp_path: Path) -> None:
    src = copy_root("publish", tmp_path)
    parallel = build_once(src, parallel=2)
    assert publish_outputs(parallel.outdir) == publish_outputs(site.outdir)
    assert parallel.html("articles/first").count('rel="canonical"') == 1


def test_drafts_build_keeps_drafts_out_of_feeds_and_sitemap(tmp_path: Path) -> None:
    src = copy_root("publish", tmp_path)
    built = build_once(src, confoverrides={"kb_drafts": True, "html_theme": "basic"})
    for name, title in (("draft", "Unfinished draft"), ("scheduled", "Scheduled post")):
        assert built.has(f"articles/{name}")
        assert meta(built.soup(f"articles/{name}"), "robots") == ["noindex"]
        assert title not in entry_titles(parse_xml(built.outdir / "atom.xml"))
        assert title not in entry_titles(parse_xml(built.outdir / "tags/python.xml"))
        assert BASE + f"articles/{name}.html" not in sitemap(built.outdir)
    assert built.has(f"tags/{slug('secret-draft-tag')}")
    assert not (built.outdir / feed_path("secret-draft-tag")).exists()
    assert not built.soup(f"tags/{slug('secret-draft-tag')}").select("a.kb-feed")


def test_feed_length_is_configurable(tmp_path: Path) -> None:
    src = copy_root("publish", tmp_path)
    built = build_once(src, confoverrides={"kb_feed_entries": 1, "html_theme": "basic"})
    assert entry_titles(parse_xml(built.outdir / "atom.xml")) == [clean(EVIL_TITLE)]
    assert entry_titles(parse_xml(built.outdir / "tags/sphinx.xml")) == [
        "First steps with Python"]


def test_feeds_and_sitemap_can_be_switched_off_and_canonical_urls_checked(tmp_path: Path) -> None:
    src = copy_root("publish", tmp_path, {
        "articles/bad-canonical.md": "---\ntitle: Bad\ndate: 2020-01-01\n"
                                     "canonicalUrl: see the other site\n---\n\nBody.\n",
        "articles/root-canonical.md": "---\ntitle: Root\ndate: 2020-01-02\n"
                                      "canonical_url: /other/page.html\n---\n\nBody.\n",
    })
    built = build_once(src, confoverrides={"kb_feed_entries": 0, "kb_sitemap": False,
                                           "html_theme": "basic"})
    assert not list(built.outdir.rglob("*.xml"))
    assert not built.soup("index").select('link[type="application/atom+xml"], a.kb-feed')
    assert meta(built.soup("articles/first"), "og:url") == [BASE + "articles/first.html"]
    # A canonical URL that is no URL is reported at its line and not used.
    [warning] = [w for w in built.warnings if w.type == "kb.canonical"]
    assert warning.about("articles/bad-canonical.md") and warning.line == 4
    assert meta(built.soup("articles/bad-canonical"), "og:url") == [
        BASE + "articles/bad-canonical.html"]
    assert meta(built.soup("articles/root-canonical"), "og:url") == [BASE + "other/page.html"]


def test_without_base_url_nothing_absolute_is_invented(tmp_path: Path) -> None:
    src = copy_root("publish", tmp_path)
    built = build_once(src, confoverrides={"html_baseurl": "", "html_theme": "basic"})
    assert [w for w in built.warnings if "html_baseurl" in w.message] == []
    assert "html_baseurl is not set, so no feeds, sitemap or canonical links" in built.status
    assert not (built.outdir / "atom.xml").exists()
    assert not (built.outdir / "sitemap.xml").exists()
    soup = built.soup("articles/first")
    assert not soup.select('link[rel="canonical"]')
    assert not soup.select('link[type="application/atom+xml"]')
    assert meta(soup, "og:url") == []
    assert meta(soup, "og:title") == ["First steps with Python"]


def test_dirhtml_urls(tmp_path: Path) -> None:
    src = copy_root("publish", tmp_path)
    outdir = build_once(src, tmp_path / "build", "dirhtml",
                        confoverrides={"html_theme": "basic"}).outdir
    urls = sitemap(outdir)
    assert BASE + "articles/first/" in urls and BASE in urls
    feed = parse_xml(outdir / "atom.xml")
    assert BASE + "articles/first/" in [e.findtext(f"{ATOM}id") for e in entries(feed)]
    page = BeautifulSoup((outdir / "articles/first/index.html").read_text("utf-8"), "lxml")
    assert [link["href"] for link in page.select('link[rel="canonical"]')] == [
        BASE + "articles/first/"]
    assert meta(page, "og:image") == [BASE + "articles/cover.png"]
    assert (outdir / "articles/cover.png").is_file()
    feed_link = page.select_one('link[type="application/atom+xml"]')["href"]
    assert (outdir / "articles/first" / feed_link).resolve() == (outdir / "atom.xml").resolve()


def test_no_feeds_or_sitemap_for_other_builders(tmp_path: Path) -> None:
    site = build_once(copy_root("publish", tmp_path), tmp_path / "build", "text")
    assert not list(site.outdir.rglob("*.xml"))
    assert "kb.baseurl" not in site.warning_text
