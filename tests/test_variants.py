"""Published and drafts builds of one source folder share its tag-page sources.

The sources name every tag of any article, so each build decides what it
shows: a draft-only tag has no page in a published build (and its old page
goes), the title of a tag page follows this build's articles, and every page
of a drafts build says ``noindex``.
"""

from __future__ import annotations

from pathlib import Path

from helpers import build_once, bump_mtime, copy_root, copy_sources, html_files, text_of, write
from sphinx_kb.build.buildguard import LOCK_NAME, MARKER_NAME
from sphinx_kb.core.tags import tag_key, tag_slug

NOINDEX = '<meta name="robots" content="noindex" />'


def article(title: str, tags: list[str], *, draft: bool = False, date: str = "2024-01-02") -> str:
    return (f"---\ntitle: {title}\ndate: {date}\ntags: [{', '.join(tags)}]\n"
            f"draft: {str(draft).lower()}\n---\n\nBody of {title}.\n")


def test_tag_title_follows_the_build_not_the_shared_source(tmp_path: Path) -> None:
    """``python`` twice, ``Python`` once: drafting one ``python`` makes the tag ``Python``."""
    srcdir = copy_root("drafts", tmp_path, {
        "articles/one.md": article("One", ["python"]),
        "articles/two.md": article("Two", ["python"], date="2024-01-03"),
        "articles/three.md": article("Three", ["Python"], date="2024-01-04"),
    })
    page = f"tags/{tag_slug(tag_key('python'))}"
    first = build_once(srcdir)
    assert text_of(first.soup(page).select_one("h1")).rstrip("#¶ ") == "python"
    source = (srcdir / f"{page}.md").read_bytes()

    write(srcdir / "articles/one.md", article("One", ["python"], draft=True))
    bump_mtime(srcdir / "articles/one.md")
    second = build_once(srcdir, freshenv=False)
    assert (srcdir / f"{page}.md").read_bytes() == source  # the shared file did not change
    assert text_of(second.soup(page).select_one("h1")).rstrip("#¶ ") == "Python"
    assert "<title>Python" in second.html(page)

    clean = build_once(copy_sources(srcdir, tmp_path / "clean" / "src"),
                  tmp_path / "clean" / "build")
    assert html_files(second.outdir)[f"{page}.html"] == html_files(clean.outdir)[f"{page}.html"]


def test_a_drafted_tag_loses_its_page_but_keeps_its_source(tmp_path: Path) -> None:
    srcdir = copy_root("drafts", tmp_path, {"articles/solo.md": article("Solo", ["Lonely"])})
    first = build_once(srcdir)
    assert first.has("tags/lonely")
    write(srcdir / "articles/solo.md", article("Solo", ["Lonely"], draft=True))
    bump_mtime(srcdir / "articles/solo.md")
    second = build_once(srcdir, freshenv=False)
    assert not second.has("tags/lonely")
    assert not (second.outdir / "_sources" / "tags" / "lonely.md.txt").exists()
    assert "tags/lonely" not in second.app.env.all_docs
    assert (srcdir / "tags" / "lonely.md").is_file()  # a drafts build of the folder needs it
    assert "Lonely" not in second.html("tags/index")


def test_every_page_of_a_drafts_build_says_noindex(tmp_path: Path) -> None:
    srcdir = copy_root("drafts", tmp_path)
    drafts = build_once(srcdir, confoverrides={"kb_drafts": True})
    pages = [name for name in html_files(drafts.outdir) if not name.startswith("_static/")]
    assert "articles/draft.html" in pages and "index.html" in pages
    for name in pages:
        assert drafts.html(name).count(NOINDEX) == 1, name
    published = build_once(copy_sources(srcdir, tmp_path / "pub" / "src"),
                      tmp_path / "pub" / "build")
    assert NOINDEX not in published.html("index")
    assert NOINDEX not in published.html("articles/published")


def test_a_finished_build_leaves_no_marker(tmp_path: Path) -> None:
    srcdir = copy_root("drafts", tmp_path)
    site = build_once(srcdir)
    assert not (site.outdir / MARKER_NAME).exists()
    assert (Path(site.app.doctreedir) / LOCK_NAME).is_file()
    # An unfinished build's marker: the next build starts over from an empty folder.
    (site.outdir / MARKER_NAME).write_text("x")
    (site.outdir / "stale.html").write_text("left by a killed build")
    again = build_once(srcdir, freshenv=False)
    assert "was interrupted; rebuilding every page" in again.status
    assert not (again.outdir / "stale.html").exists()
    assert not (again.outdir / MARKER_NAME).exists()
    clean = build_once(copy_sources(srcdir, tmp_path / "clean" / "src"),
                  tmp_path / "clean" / "build")
    assert html_files(again.outdir) == html_files(clean.outdir)
