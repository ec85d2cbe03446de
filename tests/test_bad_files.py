"""Issue 12 item 1: one bad file costs only itself.

One real build of a small site full of bad files next to good ones: each bad
file gets exactly one warning naming its path, everything else is built, and
the end-of-build report lists what was skipped and why.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote

import pytest
from defusedxml import ElementTree
from helpers import (
    Site,
    archive_row_links,
    archive_year_pages,
    build_once,
    copy_root,
    write,
)

LATIN1 = b"---\ntitle: Caf\xe9 in Latin-1\ndate: 2024-01-02\ntags: [odd]\n---\n\nCaf\xe9 body.\n"
#: File names that must build, with correctly encoded links.
ODD_NAMES = ["with space", "hash#tag", "what?", "100%", "日本語"]
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _article(title: str, date: str = "2024-02-01") -> str:
    return (f"---\ntitle: '{title}'\ndate: {date}\ntags: [odd]\nsummary: About {title}.\n"
            "---\n\nBody.\n")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    tmp = tmp_path_factory.mktemp("bad-files")
    files = {f"articles/{name}.md": _article(f"Name {name}") for name in ODD_NAMES}
    files.update({
        "articles/.hidden.md": _article("Hidden"),
        "articles/.stash/secret.md": _article("In a hidden folder"),
        "articles/folder.md/inner.md": _article("Inside a folder named like an article"),
        "articles/real/one.md": _article("Real one", "2024-01-05"),
        "articles/good.md": _article("Good neighbour", "2024-03-01"),
    })
    srcdir = copy_root("seed", tmp, files)
    articles = srcdir / "articles"
    (articles / "latin1.md").write_bytes(LATIN1)
    (articles / "latin1-draft.md").write_bytes(LATIN1.replace(b"tags:", b"draft: true\ntags:"))
    (srcdir / "page-latin1.md").write_bytes(b"---\norphan: true\n---\n\n# Page\n\nna\xefve\n")
    (articles / "alias").symlink_to("real")  # no loop: built once, from real/
    (articles / "odd").mkdir()
    (articles / "odd" / "loop").symlink_to("..")  # a loop
    (articles / "broken.md").symlink_to("nowhere.md")  # cannot be read
    outside = tmp / "outside"
    write(outside / "out.md", _article("From outside"))
    (articles / "ext").symlink_to(outside)
    return build_once(srcdir, parallel=2,
                      confoverrides={"html_baseurl": "https://kb.example.org/"})


def test_every_bad_file_gets_one_warning_naming_it(site: Site) -> None:
    expected = {
        "articles/latin1.md": "kb.encoding",
        "articles/latin1-draft.md": "kb.encoding",  # not built, still named
        "page-latin1.md": "kb.encoding",  # a page that is not an article
        "articles/.hidden.md": "kb.hidden",
        "articles/.stash": "kb.hidden",
        "articles/folder.md": "kb.file_name",
        "articles/alias": "kb.symlink",
        "articles/odd/loop": "kb.symlink",
        "articles/broken.md": "kb.unreadable",
        "articles/ext": "kb.symlink",
        **{f"articles/{name}.md": "kb.file_name" for name in ODD_NAMES},
    }
    for path, kind in expected.items():
        found = site.warnings_about(path)
        assert [w.type for w in found] == [kind], (path, [w.raw for w in found])
    assert "not UTF-8" in site.warnings_about("articles/latin1.md")[0].message
    assert "replacement" in site.warnings_about("articles/latin1.md")[0].message or \
        "\ufffd" in site.warnings_about("articles/latin1.md")[0].message
    assert "loop" in site.warnings_about("articles/odd/loop")[0].message


def test_everything_else_is_built(site: Site) -> None:
    for name in [*ODD_NAMES, "good", "latin1", "folder.md/inner", "real/one", "ext/out"]:
        assert site.has(f"articles/{name}"), name
    assert "Caf\ufffd body." in site.html("articles/latin1")
    assert "na\ufffdve" in site.html("page-latin1")
    assert site.has("articles/companion")


def test_skipped_files_are_not_built_and_are_reported(site: Site) -> None:
    assert not site.has("articles/.hidden")
    assert not site.has("articles/.stash/secret")
    assert not site.has("articles/broken")
    assert not (site.outdir / "articles" / "alias").exists()  # built once, from real/
    assert not any("loop" in p.as_posix() for p in site.outdir.rglob("*"))
    report = site.status[site.status.index("knowledge base: "):]
    for path in ("articles/.hidden.md", "articles/broken.md", "articles/odd/loop",
                 "articles/alias"):
        assert f": {path}\n" in report, path
    assert "not built (hidden file" in report


def test_odd_names_are_percent_encoded_everywhere(site: Site) -> None:
    titles = archive_row_links(site)
    for name in ODD_NAMES:
        assert f"Name {name}" in titles
    for year_page in archive_year_pages(site):
        for anchor in site.soup(year_page).select("a.kb-row-link"):
            href = anchor["href"]
            assert " " not in href and "?" not in href and "#" not in href
            target = (site.path(year_page).parent / unquote(href)).resolve()
            assert target.is_file(), href
    sitemap = ElementTree.fromstring((site.outdir / "sitemap.xml").read_bytes())
    locs = [loc.text for loc in sitemap.iter(f"{SITEMAP}loc")]
    assert "https://kb.example.org/articles/what%3F.html" in locs
    assert "https://kb.example.org/articles/hash%23tag.html" in locs
    assert "https://kb.example.org/articles/100%25.html" in locs
    assert "https://kb.example.org/articles/with%20space.html" in locs
    feed = (site.outdir / "atom.xml").read_text(encoding="utf-8")
    assert 'href="https://kb.example.org/articles/what%3F.html"' in feed


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_a_file_without_read_permission(tmp_path: Path) -> None:
    srcdir = copy_root("seed", tmp_path, {"articles/locked.md": _article("Locked")})
    (srcdir / "articles" / "locked.md").chmod(0)
    try:
        site = build_once(srcdir)
    finally:
        (srcdir / "articles" / "locked.md").chmod(0o644)
    assert [w.type for w in site.warnings_about("articles/locked.md")] == ["kb.unreadable"]
    assert site.has("articles/companion")


def test_an_article_over_two_megabytes_builds(tmp_path: Path) -> None:
    paragraph = ("A plain sentence of an exported article, long enough to fill a page. " * 20
                 + "\n\n")
    body = paragraph * (2_200_000 // len(paragraph))
    srcdir = copy_root("seed", tmp_path, {"articles/huge.md": _article("Huge") + body})
    site = build_once(srcdir)
    assert [w.type for w in site.warnings_about("articles/huge.md")] == ["kb.large"]
    assert site.has("articles/huge")
    assert "Huge" in archive_row_links(site)
