"""Incremental builds (issue 2 item 6, issue 3 item 6): the same pages as a clean build.

Each case builds a copy of ``tests/roots/test-incremental``, edits it, rebuilds
with a new app on the same source and output folders, then builds a clean copy
of the edited sources and compares every HTML file byte for byte.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import (
    Site,
    build_once,
    bump_mtime,
    copy_root,
    copy_sources,
    html_files,
    search_pages,
    write,
)
from sphinx_kb.core.tags import tag_key, tag_slug


def tag_html(name: str) -> str:
    return f"tags/{tag_slug(tag_key(name))}.html"


def _article(title: str, date: str, tags: str, extra: str = "") -> str:
    return (f"---\ntitle: {title}\ndate: {date}\ntags: {tags}\nsummary: Summary of {title}.\n"
            f"{extra}---\n\nBody of {title}.\n")


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    write(path, text.replace(old, new))
    bump_mtime(path)


def add(src: Path) -> None:
    path = src / "articles" / "f.md"
    write(path, _article("Phi article", "2021-02-15", "[common, fresh]"))
    bump_mtime(path)


def delete(src: Path) -> None:
    (src / "articles" / "b.md").unlink()


def redate(src: Path) -> None:
    _edit(src / "articles" / "c.md", "date: 2021-03-01", "date: 2020-06-01")


def retag(src: Path) -> None:
    _edit(src / "articles" / "a.md", "tags: [common, alpha-only]", "tags: [pair, renamed-tag]")


def resummarize(src: Path) -> None:
    _edit(src / "articles" / "c.md", "summary: Summary of Gamma article.",
          "summary: A new summary for the gamma article.")


def draft(src: Path) -> None:
    _edit(src / "articles" / "b.md", "summary:", "draft: true\nsummary:")


def undraft(src: Path) -> None:
    _edit(src / "articles" / "e.md", "draft: true", "draft: false")


def rename(src: Path) -> None:
    (src / "articles" / "c.md").rename(src / "articles" / "c-renamed.md")


def remove_last_of_tag(src: Path) -> None:
    (src / "articles" / "d.md").unlink()  # the only article tagged 'lonely'


def respell(src: Path) -> None:
    """'COMMON' becomes the most frequent spelling: every page showing the tag changes."""
    _edit(src / "articles" / "a.md", "tags: [common,", "tags: [COMMON,")
    _edit(src / "articles" / "b.md", "tags: [common,", "tags: [COMMON,")


def retitle(src: Path) -> None:
    _edit(src / "articles" / "b.md", "title: Beta article", "title: Beta, renamed")


def body_tags(src: Path) -> None:
    path = src / "articles" / "c.md"
    write(path, path.read_text(encoding="utf-8") + "\n```{tags} from-body, common\n```\n")
    bump_mtime(path)


def nothing(src: Path) -> None:
    """The change is in the configuration (see ``CONFIG``)."""


EDITS: dict[str, Callable[[Path], None]] = {
    "add": add, "delete": delete, "redate": redate, "retag": retag,
    "resummarize": resummarize, "draft": draft, "undraft": undraft, "rename": rename,
    "remove-last-of-tag": remove_last_of_tag, "respell": respell, "retitle": retitle,
    "body-tags": body_tags, "drafts-on": nothing,
}
#: Text that pages must show after the edit.
SHOWN = {
    "respell": [("index.html", "COMMON (3)"), ("articles/d.html", ">COMMON<"),
                ("tags/index.html", ">COMMON<")],
    "retitle": [("index.html", "Beta, renamed"), ("articles/c.html", "Beta, renamed"),
                ("tags/pair.html", "Beta, renamed")],
    "resummarize": [("index.html", "A new summary")],
    "add": [("index.html", "Phi article"), ("tags/common.html", "Phi article"),
            ("tags/common/page/2.html", "Beta article"), ("archive.html", "2021</a> (5)")],
    "redate": [("archive.html", "2020</a> (1)"), ("archive/2020.html", "Gamma article")],
}
#: Configuration overrides of the second build (and of the clean build).
CONFIG: dict[str, dict[str, object]] = {"drafts-on": {"kb_drafts": True}}

#: Pages that must be gone after the edit (old output deleted, not left stale).
GONE = {
    "delete": ["articles/b.html", "tags/common/page/2.html"],
    "draft": ["articles/b.html"],
    "rename": ["articles/c.html"],
    "remove-last-of-tag": ["articles/d.html", tag_html("lonely")],
    "retag": [tag_html("alpha-only")],
}
#: Pages that must exist after the edit.
PRESENT = {
    "add": ["articles/f.html", tag_html("fresh"), "archive/2021/page/3.html"],
    "redate": ["archive/2020.html", "archive/2021/page/2.html"],
    "undraft": ["articles/e.html", tag_html("epsilon-only")],
    "rename": ["articles/c-renamed.html"],
    "retag": [tag_html("renamed-tag")],
    "body-tags": [tag_html("from-body")],
    "drafts-on": ["articles/e.html", tag_html("epsilon-only")],
}


def search_docs(site: Site) -> dict[str, object]:
    """The indexed pages and their records (the Pagefind bundle, as data)."""
    pages = search_pages(site.outdir)
    return {"docnames": sorted(url[1:].removesuffix(".html") for url in pages), "pages": pages}


def describe_difference(name: str, one: bytes, other: bytes) -> str:
    diff = difflib.unified_diff(one.decode().splitlines(), other.decode().splitlines(),
                                "incremental/" + name, "clean/" + name, lineterm="", n=1)
    return "\n".join(list(diff)[:40])


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_incremental_build_matches_clean_build_once(tmp_path: Path, edit: str) -> None:
    srcdir = copy_root("incremental", tmp_path / "inc")
    builddir = tmp_path / "inc" / "build"
    first = build_once(srcdir, builddir)
    assert first.warnings == [], first.warning_text
    before = html_files(first.outdir)

    EDITS[edit](srcdir)
    config = CONFIG.get(edit, {})
    incremental = build_once(srcdir, builddir, freshenv=False, confoverrides=config)
    assert "0 added, 0 changed, 0 removed" not in incremental.status
    clean = build_once(copy_sources(srcdir, tmp_path / "clean" / "src"),
                  tmp_path / "clean" / "build", confoverrides=config)

    for page in GONE.get(edit, []):
        assert not (incremental.outdir / page).exists(), page
        assert not (clean.outdir / page).exists(), page
        # Nor its generated source; a numbered page's stays while a draft (e) fills it.
        if page.startswith("tags/") and "/page/" not in page:
            assert not (srcdir / page).with_suffix(".md").exists(), page
    for page in PRESENT.get(edit, []):
        assert (incremental.outdir / page).is_file(), page

    ours, theirs = html_files(incremental.outdir), html_files(clean.outdir)
    assert ours != before, "the edit changed no page: the comparison would prove nothing"
    for page, text in SHOWN.get(edit, []):
        assert text in (incremental.outdir / page).read_text(encoding="utf-8"), (page, text)
    assert sorted(ours) == sorted(theirs)
    differing = [name for name in ours if ours[name] != theirs[name]]
    assert differing == [], "\n\n".join(
        describe_difference(name, ours[name], theirs[name]) for name in differing)
    assert search_docs(incremental) == search_docs(clean)
    assert incremental.warnings == [] and clean.warnings == []


def test_draft_removes_built_page_and_its_search_entry(tmp_path: Path) -> None:
    srcdir = copy_root("incremental", tmp_path)
    first = build_once(srcdir)
    assert first.has("articles/b")
    assert "articles/b" in search_docs(first)["docnames"]
    draft(srcdir)
    second = build_once(srcdir)
    assert not second.has("articles/b")
    assert not (second.outdir / "_sources" / "articles" / "b.md.txt").exists()
    assert "articles/b" not in search_docs(second)["docnames"]
    assert "Beta article" not in second.html("index") + second.html("archive")
    assert re.search(r"skipped \(draft\): articles/b\.md", second.status), second.status


def test_rebuild_without_change_reads_and_writes_nothing(tmp_path: Path) -> None:
    srcdir = copy_root("incremental", tmp_path)
    first = build_once(srcdir)
    stubs = {p.relative_to(srcdir / "tags").as_posix(): p.stat().st_mtime_ns
             for p in (srcdir / "tags").rglob("*.md")}
    assert {"lonely.md", "index.md", "common/page/2.md"} <= set(stubs)
    pages = {p.relative_to(first.outdir).as_posix(): p.stat().st_mtime_ns
             for p in first.outdir.rglob("*.html")}

    second = build_once(srcdir, freshenv=False)
    assert "0 added, 0 changed, 0 removed" in second.status, second.status
    assert {p.relative_to(srcdir / "tags").as_posix(): p.stat().st_mtime_ns
            for p in (srcdir / "tags").rglob("*.md")} == stubs
    rewritten = sorted(
        name for name, stamp in pages.items()
        if (second.outdir / name).stat().st_mtime_ns != stamp
        and name not in ("genindex.html", "search.html", "404.html"))
    assert rewritten == []
    tag_pages = {name[len("tags/"):-len(".html")] for name in pages if name.startswith("tags/")}
    # Every tag page has its source; the draft's tag has a (shared) source and no page.
    assert tag_pages == {name[: -len(".md")] for name in stubs} - {"epsilon-only"}
