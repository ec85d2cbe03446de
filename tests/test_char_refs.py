"""Issue 12 item 7: HTML character references in front matter are decoded once, then escaped.

Exports from other generators write ``&#43;`` for ``+`` and ``&lt;`` for ``<``.
The reader must see the characters, in every output, and a decoded ``<script>``
must stay visible text, never markup.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from defusedxml import ElementTree
from helpers import Site, archive_row_links, build_once, copy_root, row_links, text_of
from sphinx_kb.core.dialects import DEFAULT_ALIASES
from sphinx_kb.core.records import RecordSettings, build_article
from sphinx_kb.core.tags import tag_key, tag_slug

ATOM = "{http://www.w3.org/2005/Atom}"
TITLE = "&lt;script&gt;alert(1)&lt;/script&gt; Tea &#43; Sleep&#58; Ni&ntilde;o &#8211; &#x2F;x"
SHOWN = "<script>alert(1)</script> Tea + Sleep: Niño \u2013 /x"
SUMMARY = "Caf&eacute; &amp; more &lt;img src=x onerror=alert(2)&gt; &amp;lt;kept&amp;gt;"
SUMMARY_SHOWN = "Café & more <img src=x onerror=alert(2)> &lt;kept&gt;"
TAG = "C&#43;&#43; &lt;b&gt;"
TAG_SHOWN = "C++ <b>"
ARTICLE = f"""---
title: "{TITLE}"
date: 2024-05-01
summary: "{SUMMARY}"
tags: ["{TAG}", "plain"]
authors: ["Jos&eacute; &lt;i&gt;"]
images: ["https://example.org/card.png"]
image_alt: "A &lt;b&gt;bold&lt;/b&gt; picture &amp; more"
---

Body text.
"""


def test_record_decodes_each_text_field_once() -> None:
    settings = RecordSettings(timezone=dt.UTC, aliases=DEFAULT_ALIASES)
    article = build_article("articles/x", "articles/x.md", ARTICLE, settings)
    assert article.title == SHOWN
    assert article.summary == SUMMARY_SHOWN
    assert article.tags == (TAG_SHOWN, "plain")
    assert article.authors == ("José <i>",)
    assert article.meta["image_alt"] == "A <b>bold</b> picture & more"
    assert not article.problems


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    tmp = tmp_path_factory.mktemp("char-refs")
    srcdir = copy_root("seed", tmp, {"articles/refs.md": ARTICLE})
    return build_once(srcdir, confoverrides={"html_baseurl": "https://kb.example.org/"})


def _no_injected_markup(site: Site) -> None:
    for path in site.outdir.rglob("*.html"):
        soup = site.soup(path.relative_to(site.outdir).as_posix())
        assert not soup.select("img[onerror]"), path
        for script in soup.find_all("script"):
            assert not script.get_text().strip().startswith("alert"), path
        assert all("bold" not in b.get_text() for b in soup.select("b"))


def test_page_title_heading_and_head(site: Site) -> None:
    soup = site.soup("articles/refs")
    assert text_of(soup.select_one("h1")) == SHOWN
    assert soup.title is not None and soup.title.get_text().startswith(SHOWN)
    assert soup.select_one('meta[name="description"]')["content"] == SUMMARY_SHOWN
    assert soup.select_one('meta[property="og:title"]')["content"] == SHOWN
    assert soup.select_one('meta[property="og:image:alt"]')["content"] == \
        "A <b>bold</b> picture & more"
    assert [m["content"] for m in soup.select('meta[property="article:tag"]')] == \
        [TAG_SHOWN, "plain"]
    assert soup.select_one('meta[property="article:author"]')["content"] == "José <i>"
    data = json.loads(soup.select_one('script[type="application/ld+json"]').get_text())
    assert data["headline"] == SHOWN
    assert SUMMARY_SHOWN in text_of(soup.select_one(".kb-summary"))
    page = site.html("articles/refs")
    assert "&#43;" not in page and "&amp;#43;" not in page
    _no_injected_markup(site)


def test_listings_and_tag_pages(site: Site) -> None:
    assert SHOWN in archive_row_links(site)
    tag_page = site.soup(f"tags/{tag_slug(tag_key(TAG_SHOWN))}")
    assert text_of(tag_page.select_one("h1")) == TAG_SHOWN
    assert SHOWN in row_links(tag_page)
    assert SUMMARY_SHOWN in text_of(tag_page.select_one("ul.kb-listing"))
    badges = [text_of(a) for a in site.soup("articles/refs").select("a.kb-tag")]
    assert TAG_SHOWN in badges


def test_feeds(site: Site) -> None:
    feed = ElementTree.fromstring((site.outdir / "atom.xml").read_bytes())
    entry = next(e for e in feed.iter(f"{ATOM}entry")
                 if e.findtext(f"{ATOM}title") == SHOWN)
    assert entry.findtext(f"{ATOM}summary") == SUMMARY_SHOWN
    assert TAG_SHOWN in [c.get("term") for c in entry.iter(f"{ATOM}category")]
    assert "José <i>" in [a.findtext(f"{ATOM}name") for a in entry.iter(f"{ATOM}author")]
