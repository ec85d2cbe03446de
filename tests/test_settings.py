"""Issue 12 item 6: each ``kb_`` setting is checked; a bad value is one warning, never silence."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import Site, build_once, copy_root, require_seed

#: setting -> (bad value, value used instead)
BAD = {
    "kb_timezone": ("Mars/Olympus_Mons", "UTC"),
    "kb_recent_count": (-3, 10),
    "kb_related_count": ("three", 3),
    "kb_words_per_minute": (0, 230),
    "kb_tags_dir": ("/srv/tags", "tags"),
    "kb_drafts": ("maybe", False),
    "kb_date_format": (42, "%B %-d, %Y"),
    "kb_tags_title": ("", "Tags"),
    "kb_feed_entries": (-1, 20),
    "kb_tag_page_size": (0, 50),
    "kb_archive_page_size": ("many", 50),
    "kb_archive_dir": ("tags", "tags-archive"),  # the tag pages' folder: one would delete the other
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    srcdir = copy_root("seed", tmp_path_factory.mktemp("settings"))
    conf = srcdir / "conf.py"
    settings = {name: bad for name, (bad, _used) in BAD.items()}
    settings["kb_articles"] = ["articles/**", "posts/**"]
    conf.write_text(conf.read_text(encoding="utf-8")
                    + "".join(f"{name} = {value!r}\n" for name, value in settings.items()),
                    encoding="utf-8")
    return build_once(srcdir)


def _config_warnings(site: Site, name: str) -> list[str]:
    return [w.message for w in site.warnings if w.type == "kb.config" and f"{name} =" in w.message]


@pytest.mark.parametrize("name", sorted(BAD))
def test_a_bad_value_is_one_warning_naming_value_and_replacement(site: Site, name: str) -> None:
    bad, used = BAD[name]
    found = _config_warnings(site, name)
    assert len(found) == 1, (name, site.warning_text)
    assert repr(bad) in found[0] and f"using {used!r}" in found[0]
    assert getattr(site.app.config, name) == used


def test_a_pattern_matching_nothing_is_named(site: Site) -> None:
    found = _config_warnings(site, "kb_articles")
    assert len(found) == 1 and "'posts/**'" in found[0] and "matches no file" in found[0]


def test_the_site_still_builds_with_the_replacements(site: Site) -> None:
    assert site.has("articles/companion") and site.has("tags/index")
    assert not Path("/srv/tags").exists() or not any(Path("/srv/tags").glob("*.md"))
    # Only the settings warn: no other warning came from the replaced values.
    assert {w.type for w in site.warnings} == {"kb.config"}, site.warning_text


def test_good_settings_give_no_warning(tmp_path: Path) -> None:
    require_seed()
    srcdir = copy_root("seed", tmp_path)
    index = srcdir / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("tags/index", "topics/index"),
                     encoding="utf-8")
    site = build_once(srcdir, confoverrides={"kb_timezone": "Europe/Berlin",
                                             "kb_recent_count": 0, "kb_tags_dir": "topics"})
    assert not site.warnings, site.warning_text
    assert site.has("topics/index")
