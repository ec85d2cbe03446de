"""The theme's icons as inline SVG (issue 16): read from FontAwesome's script, no browser."""

from __future__ import annotations

from pathlib import Path

import pydata_sphinx_theme
from helpers import build_once, copy_root
from sphinx_kb.render.icons import names_in, read_icons, stylesheet

THEME = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme"
SCRIPT = THEME / "static" / "scripts" / "fontawesome.js"

#: The shape of FontAwesome 6/7's ``all.js``: one table per style, then its registration.
SAMPLE = (
    'var b={bars:[448,512,["navicon"],"f0c9","M0 96z"],"angle-left":[256,512,[8249],"f104",'
    '"M9 233z"]};!function(c){}(function(){p("fas",b),p("fa-solid",b)})})(),(()=>{'
    'var b={github:[512,512,[],"f09b","M173 397z"]};!function(c){}(function(){p("fab",b),'
    'p("fa-brands",b)})})()'
)


def test_icons_are_read_per_style_with_their_old_names() -> None:
    icons = read_icons(SAMPLE)
    assert set(icons) == {("fas", "bars"), ("fas", "navicon"), ("fas", "angle-left"),
                          ("fab", "github")}
    assert icons["fas", "angle-left"].width == 256
    assert icons["fab", "github"].path == "M173 397z"


def test_stylesheet_draws_each_icon_without_the_font() -> None:
    css = stylesheet(list(read_icons(SAMPLE).values()))
    assert ".fa-solid.fa-bars::before,.fas.fa-bars::before{--kb-icon:url(" in css
    assert ".fa-brands.fa-github::before" in css and ".fa-solid.fa-github" not in css
    assert "%3Csvg xmlns=%27http://www.w3.org/2000/svg%27 viewBox=%270 0 448 512%27%3E" in css
    assert 'content:""!important;font-family:inherit!important' in css
    assert css.count("{font-family:inherit!important}") == 1
    assert stylesheet([]).count("{") == 0


def test_the_installed_theme_script_has_the_icons_its_templates_name() -> None:
    icons = read_icons(SCRIPT.read_text(encoding="utf-8"))
    used = names_in(list(THEME.rglob("*.html")))
    for name in ("bars", "magnifying-glass", "sun", "moon", "circle-half-stroke"):
        assert name in used and ("fas", name) in icons, name


def test_a_theme_without_fontawesome_gets_no_icon_stylesheet(tmp_path: Path) -> None:
    outdir = build_once(copy_root("search", tmp_path),
                        confoverrides={"html_theme": "alabaster"}).outdir
    assert not (outdir / "_static" / "kb-icons.css").exists()
    assert "kb-icons.css" not in (outdir / "index.html").read_text(encoding="utf-8")


def test_book_theme_pages_load_the_icon_stylesheet_not_the_script(tmp_path: Path) -> None:
    outdir = build_once(copy_root("search", tmp_path)).outdir
    css = (outdir / "_static" / "kb-icons.css").read_text(encoding="utf-8")
    assert ".fa-solid.fa-bars::before" in css and ".fas.fa-expand::before" in css
    page = (outdir / "articles" / "winter-bread.html").read_text(encoding="utf-8")
    assert "_static/kb-icons.css" in page and "fontawesome.js" not in page
