"""Front-matter mistakes (issue 2): one warning at the right line, and the site still builds.

One build of ``tests/roots/test-validation`` holds every case; each case is one
article whose file name says what is wrong with it.
"""

from __future__ import annotations

import pytest
from helpers import Site, build_once, copy_root, text_of

#: file -> (warning subtype, line of the offending key, title the page shows or None)
CASES: dict[str, tuple[str, int, str | None]] = {
    # A tab cannot indent YAML: the error is on the tab's line, counted from the top of the file.
    "yaml-tab.md": ("yaml", 5, None),
    # A quote opened on the 'summary' line and never closed.
    "yaml-unbalanced.md": ("yaml", 4, None),
    "matter-list.md": ("front_matter", 2, "Heading of the list article"),
    "matter-scalar.md": ("front_matter", 2, "Heading of the scalar article"),
    "no-title-heading.md": ("title", 1, "Title from the first heading"),
    "no-title-nothing.md": ("title", 1, "no title nothing"),
    "empty-title.md": ("title", 3, "Heading behind an empty title"),
    "bad-date.md": ("date", 4, "Impossible date"),
    "word-date.md": ("date", 4, "Word for a date"),
    "tags-number.md": ("tags", 4, "Tags that are a number"),
    "tags-mapping.md": ("tags", 5, "Tags that are a mapping"),
    "draft-word.md": ("draft", 4, "Draft that is a word"),
    "empty-file.md": ("empty", 1, "empty file"),
    "unclosed.md": ("front_matter", 1, None),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return build_once(copy_root("validation", tmp_path_factory.mktemp("validation")))


def test_warning_types_are_shown(site: Site) -> None:
    """Sphinx 9 appends ``[type.subtype]`` to warnings by default; the tests rely on it."""
    assert site.app.config.show_warning_types is True
    assert all(w.type and w.type.startswith("kb.") for w in site.warnings), site.warning_text


def test_build_finishes(site: Site) -> None:
    assert "build succeeded" in site.status
    assert site.has("index")


@pytest.mark.parametrize("filename", sorted(CASES))
def test_one_warning_with_file_and_line(site: Site, filename: str) -> None:
    subtype, line, _title = CASES[filename]
    warnings = site.warnings_about(f"articles/{filename}")
    assert len(warnings) == 1, site.warning_text
    warning = warnings[0]
    assert warning.line == line, warning.raw
    assert warning.level == "WARNING"
    assert warning.type == f"kb.{subtype}", warning.raw
    # "<file>:<line>: WARNING: ... [kb.<subtype>]", the file named by its path.
    path = site.srcdir / "articles" / filename
    assert warning.raw.startswith(f"{path}:{line}: WARNING: "), warning.raw
    assert warning.raw.endswith(f"[{warning.type}]")


@pytest.mark.parametrize("filename", sorted(CASES))
def test_article_still_built(site: Site, filename: str) -> None:
    docname = "articles/" + filename.removesuffix(".md")
    if filename == "draft-word.md":
        # Fail-safe: an unreadable draft flag holds the article back, and says so.
        assert not site.has(docname)
        assert "skipped (draft): articles/draft-word.md" in site.status
        return
    assert site.has(docname), f"{docname} was not built"
    h1s = [text_of(h1) for h1 in site.soup(docname).select("div.body h1")]
    assert len(h1s) == 1, h1s
    title = CASES[filename][2]
    if title is not None:
        assert h1s == [title]
    assert h1s[0].strip() != ""


def test_no_myst_front_matter_warnings(site: Site) -> None:
    """The extension reads the front matter itself: MyST must not report it a second time."""
    assert [w for w in site.warnings if w.type and w.type.startswith("myst")] == []


def test_messages_say_what_is_wrong(site: Site) -> None:
    def message(filename: str) -> str:
        return site.warnings_about(f"articles/{filename}")[0].message

    assert "tab" in message("yaml-tab.md").lower()
    assert "2021-13-45" in message("bad-date.md")
    assert "yesterday" in message("word-date.md")
    assert "'tags'" in message("tags-number.md")
    assert "maybe" in message("draft-word.md")
    assert "never closed" in message("unclosed.md")
    assert "no 'title'" in message("no-title-nothing.md")
    assert "empty 'title'" in message("empty-title.md")


def test_comma_string_tags_split_without_warning(site: Site) -> None:
    assert site.warnings_about("articles/tags-comma.md") == []
    badges = [text_of(a) for a in site.soup("articles/tags-comma").select("a.kb-tag")]
    assert badges == ["alpha tag", "beta tag"]
    assert site.has("tags/alpha_tag") and site.has("tags/beta_tag")


def test_bad_values_are_ignored_not_shown(site: Site) -> None:
    assert site.soup("articles/tags-number").select("a.kb-tag") == []
    assert site.soup("articles/tags-mapping").select("a.kb-tag") == []
    assert not site.has("tags/42")
    # An unusable date leaves the article undated, not dated at some invented day.
    assert site.soup("articles/bad-date").select("p.kb-byline time") == []
    # Keys after a bad one are still used.
    assert text_of(site.soup("articles/bad-date").select_one("p.kb-summary")) == "The month is 13."
    assert [text_of(a) for a in site.soup("articles/word-date").select("a.kb-tag")] == ["dates"]
