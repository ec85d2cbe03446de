"""Further dialects: Hugo's TOML front matter, page bundles, translations, Jekyll slugs."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import Site, build_once, copy_root, text_of

HUGO_TOML = """+++
title = "Hugo in TOML"
date = 2021-10-05T10:00:00+02:00
tags = ["Hugo", "TOML"]
draft = false
summary = "Front matter between plus signs."
[params]
colour = "blue"
+++
Body of the TOML post.
"""
BROKEN_TOML = """+++
title = "Broken TOML"
date = "2021-01-01
+++
Body.
"""
BUNDLE = """---
tags: [Bundles]
---
A page bundle: the file is index.md, its folder names it.
"""
TRANSLATED = """---
title: "{title}"
date: '2022-02-0{day}'
tags: [Translations]
---
{body}
"""
JEKYLL_SLUG = """---
title: Moving day
slug: moving-day
redirect_from: /2015/05/21/moving/
---
Body.
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    srcdir = copy_root("dialects-small", tmp_path_factory.mktemp("more"), {
        "articles/hugo.md": HUGO_TOML,
        "articles/broken-toml.md": BROKEN_TOML,
        "articles/2020-03-04-bundle-post/index.md": BUNDLE,
        "articles/post.en.md": TRANSLATED.format(title="Hello", day=1, body="English body."),
        "articles/post.fr.md": TRANSLATED.format(title="Bonjour", day=2, body="Texte français."),
        "articles/2015-05-21-moving-day.md": JEKYLL_SLUG,
    })
    return build_once(srcdir, confoverrides={"html_baseurl": "https://kb.example.org/"})


def test_toml_front_matter_is_read(site: Site) -> None:
    soup = site.soup("articles/hugo")
    assert [text_of(h) for h in soup.select("div.body h1")] == ["Hugo in TOML"]
    assert soup.select_one("time.kb-date")["datetime"] == "2021-10-05T10:00:00+02:00"
    assert [text_of(a) for a in soup.select("a.kb-tag")] == ["Hugo", "TOML"]
    assert text_of(soup.select_one("p.kb-summary")) == "Front matter between plus signs."
    assert "+++" not in text_of(soup.select_one("div.body"))
    assert site.warnings_about("articles/hugo.md") == []


def test_broken_toml_is_one_warning_with_its_line(site: Site) -> None:
    [warning] = site.warnings_about("articles/broken-toml.md")
    assert warning.type == "kb.toml"
    assert warning.line == 3
    assert site.has("articles/broken-toml")


def test_page_bundle_takes_title_and_date_from_its_folder(site: Site) -> None:
    docname = "articles/2020-03-04-bundle-post/index"
    soup = site.soup(docname)
    assert [text_of(h) for h in soup.select("div.body h1")] == ["2020 03 04 bundle post"]
    assert soup.select_one("time.kb-date")["datetime"] == "2020-03-04"
    # The missing title is reported once; the date came from the folder, so no date warning.
    assert [w.type for w in site.warnings_about("2020-03-04-bundle-post/index.md")] == ["kb.title"]


def test_translations_are_one_article(site: Site) -> None:
    """Hugo's post.en.md and post.fr.md: one article in two languages (issue 15)."""
    assert [text_of(h) for h in site.soup("articles/post.en").select("div.body h1")] == ["Hello"]
    assert [text_of(h) for h in site.soup("articles/post.fr").select("div.body h1")] == ["Bonjour"]
    assert site.soup("articles/post.fr").html["lang"] == "fr"
    tag_page = site.soup("tags/translations")
    assert [text_of(a) for a in tag_page.select("a.kb-row-link")] == ["Hello"]
    assert [text_of(a) for a in tag_page.select("a.kb-language-badge")] == ["FR"]


def test_jekyll_slug_matching_the_file_name_is_silent(site: Site) -> None:
    assert site.warnings_about("2015-05-21-moving-day.md") == []
    redirect = site.outdir / "2015/05/21/moving/index.html"
    text = redirect.read_text(encoding="utf-8")
    assert 'url=../../../../articles/2015-05-21-moving-day.html"' in text
    assert ('<link rel="canonical" '
            'href="https://kb.example.org/articles/2015-05-21-moving-day.html">') in text


def test_every_file_is_in_the_report(site: Site) -> None:
    assert "knowledge base: 6 articles found, 6 built" in site.status


def test_toml_key_lines_for_later_warnings(tmp_path: Path) -> None:
    srcdir = copy_root("dialects-small", tmp_path, {
        "articles/late.md": '+++\ntitle = "Late"\n\ndate = "someday"\n+++\nBody.\n'})
    site = build_once(srcdir)
    [warning] = site.warnings_about("articles/late.md")
    assert (warning.type, warning.line) == ("kb.date", 4)
