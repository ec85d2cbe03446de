"""Issue 12 item 5: a sphinx-tags site's conf.py works unchanged.

With ``sphinx_tags`` in ``extensions`` (before or after ``sphinx_kb``) the build
gives one clear warning, writes no second tag index, and sphinx-tags' settings
shape the knowledge base's tag pages.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import Site, build_once, copy_root, text_of

pytest.importorskip("sphinx_tags")

SPHINX_TAGS_CONF = {
    "tags_create_tags": True,
    "tags_output_dir": "_tags/",
    "tags_overview_title": "All the tags",
    "tags_page_title": "My tags",
    "tags_page_header": "With this tag",
    "tags_intro_text": "Tagged:",
    "tags_extension": ["md"],
    "tags_create_badges": True,
    "tags_badge_colors": {"Kra*": "success"},
}
BODY_TAGS = "\n```{tags} extra-tag, another\n```\n"


def _build(tmp: Path, extensions: list[str]) -> Site:
    srcdir = copy_root("seed", tmp)
    article = srcdir / "articles" / "companion.md"
    article.write_text(article.read_text(encoding="utf-8") + BODY_TAGS, encoding="utf-8")
    index = srcdir / "index.md"  # the site's own toctree names the folder it chose
    index.write_text(index.read_text(encoding="utf-8").replace("tags/index", "_tags/index"),
                     encoding="utf-8")
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8").replace(
        'extensions = ["myst_parser", "sphinx_kb"]', f"extensions = {extensions!r}")
        + "".join(f"{name} = {value!r}\n" for name, value in SPHINX_TAGS_CONF.items()),
        encoding="utf-8")
    return build_once(srcdir)


@pytest.fixture(scope="module", params=["after", "before"])
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Site:
    extensions = ["myst_parser", "sphinx_kb", "sphinx_tags"] if request.param == "after" \
        else ["myst_parser", "sphinx_tags", "sphinx_kb"]
    return _build(tmp_path_factory.mktemp(f"sphinx-tags-{request.param}"), extensions)


def test_one_clear_warning(site: Site) -> None:
    assert [w.type for w in site.warnings] == ["kb.sphinx_tags"], site.warning_text
    assert "serves its {tags} directive" in site.warnings[0].message
    assert "already registered" not in site.warning_text


def test_no_second_tag_index(site: Site) -> None:
    folder = site.srcdir / "_tags"
    assert not list(folder.glob("*.rst")) and not (folder / "tagsindex.md").exists()
    assert sorted(p.name for p in folder.glob("*.md")) == sorted(
        ["index.md", "kratom.md", "extra-tag.md", "another.md"])
    assert not (site.srcdir / "tags").exists()


def test_settings_map_onto_the_knowledge_base(site: Site) -> None:
    assert text_of(site.soup("_tags/index").select_one("h1")) == "All the tags"
    tag_page = site.soup("_tags/kratom")
    assert text_of(tag_page.select_one("h1")) == "My tags: Kratom"
    assert "With this tag" in [text_of(r) for r in tag_page.select(".kb-tag-header")]
    article = site.soup("articles/companion")
    tags = article.select_one(".kb-article-tags")
    assert text_of(tags).startswith("Tagged:")
    badges = {text_of(a): a["class"] for a in tags.select("a.kb-tag")}
    assert set(badges) == {"Kratom", "extra-tag", "another"}
    assert "kb-tag-success" in badges["Kratom"] and "kb-tag-success" not in badges["another"]


def test_plain_tags_without_badges(tmp_path: Path) -> None:
    srcdir = copy_root("seed", tmp_path)
    site = build_once(srcdir, confoverrides={"tags_create_badges": False,
                                             "tags_intro_text": "Tags:"})
    tags = site.soup("articles/companion").select_one(".kb-article-tags")
    assert tags.select_one(".kb-tags-plain") is not None
    assert text_of(tags).startswith("Tags:")
