"""Translations (issue 15): an article and its translations are one article in several languages.

``tests/roots/test-translations`` holds both of Hugo's layouts (``name.es.md`` beside
``name.md``; ``index.es.md`` in a bundle whose original is ``index.en.md``), a
``translationKey`` pair with unrelated file names, a translation without an original, and
names with dots that are no language (``v1.2.md``, ``notes.old.md``).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from helpers import Site, build_once, bump_mtime, copy_root, copy_sources, html_files, write
from sphinx_kb.core.languages import normalise, own_name, split_language

#: docname -> language, of every article of the root.
LANGS = {
    "articles/flu-season": "en", "articles/flu-season.es": "es",
    "articles/clinic-hours/index.en": "en", "articles/clinic-hours/index.es": "es",
    "articles/clinic-hours/index.fr": "fr",
    "articles/vaccines/index": "en", "articles/vacunas-ninos": "es",
    "articles/ayuda-en-casa.es": "es", "articles/v1.2": "en", "articles/notes.old": "en",
    "articles/blood-donation": "en",
}
#: The articles of the root, each with its versions.
GROUPS = [
    {"en": "articles/flu-season", "es": "articles/flu-season.es"},
    {"en": "articles/clinic-hours/index.en", "es": "articles/clinic-hours/index.es",
     "fr": "articles/clinic-hours/index.fr"},
    {"en": "articles/vaccines/index", "es": "articles/vacunas-ninos"},
    {"es": "articles/ayuda-en-casa.es"}, {"en": "articles/v1.2"}, {"en": "articles/notes.old"},
    {"en": "articles/blood-donation"},
]
#: The version each article is listed by in the main (English) listings.
LISTED = {docname for group in GROUPS for docname in [group.get("en") or group["es"]]}
BASE = "https://example.org/"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    srcdir = copy_root("translations", tmp_path_factory.mktemp("translations"))
    return build_once(srcdir)


def group_of(docname: str) -> dict[str, str]:
    return next(group for group in GROUPS if docname in group.values())


def at(site: Site, docname: str) -> Path:
    """The output file of ``docname``, as ``Site.resolve`` gives links."""
    return site.path(docname).resolve()


def rows(site: Site, page: str) -> list[Path]:
    """The files the rows of the listings of ``page`` link to, in order."""
    return [site.resolve(page, a["href"])
            for a in site.soup(page).select("ul.kb-listing li.kb-row a.kb-row-link")]


def page_url(docname: str) -> str:
    return f"{BASE}{docname}.html"


def test_language_codes_are_recognised_only_when_known() -> None:
    assert normalise("pt_br") == "pt-BR" and normalise("ES") == "es"
    assert normalise("zh-hant") == "zh-Hant"
    for word in ("old", "2", "v1", "draft", "min", "backup"):
        assert normalise(word) is None, word
    assert split_language("a/x/index.es", frozenset()) == ("a/x/index", "es")
    assert split_language("a/v1.2", frozenset()) is None
    assert split_language("a/notes.old", frozenset()) is None
    assert split_language("a/post.de", frozenset({"en", "es"})) is None  # not a site language
    assert own_name("es") == "Español" and own_name("fr") == "Français"


def test_builds_without_warnings(site: Site) -> None:
    assert site.warnings == [], site.warning_text


def test_each_page_carries_its_language(site: Site) -> None:
    for docname, lang in LANGS.items():
        soup = site.soup(docname)
        assert soup.html["lang"] == lang, docname
        locale = soup.find("meta", property="og:locale")["content"]
        assert locale.split("_")[0] == lang, docname
        data = json.loads(soup.find("script", type="application/ld+json").string)
        assert data["inLanguage"] == lang, docname
    assert site.soup("index").html["lang"] == "en"
    assert site.soup("archive/es").html["lang"] == "es"


def test_every_version_links_to_every_other(site: Site) -> None:
    for docname in LANGS:
        group = group_of(docname)
        soup = site.soup(docname)
        alternates = {link["hreflang"]: link["href"]
                      for link in soup.find_all("link", rel="alternate", hreflang=True)}
        switcher = soup.select_one("p.kb-languages")
        if len(group) == 1:
            assert alternates == {} and switcher is None, docname
            continue
        assert alternates == {**{code: page_url(name) for code, name in group.items()},
                              "x-default": page_url(group.get("en") or min(group.values()))}
        assert switcher is not None, docname
        linked = {a["lang"]: site.resolve(docname, a["href"]) for a in
                  switcher.select("a.kb-language")}
        others = {code: at(site, name) for code, name in group.items() if name != docname}
        assert linked == others, docname
        for code in group:  # each version named in its own language
            assert own_name(code) in switcher.get_text(), (docname, code)


def test_main_listings_show_each_article_once(site: Site) -> None:
    home = site.soup("index")
    assert sorted(rows(site, "index")) == sorted(at(site, name) for name in LISTED)
    badges = {a.get_text() for a in home.select("ul.kb-listing a.kb-language-badge")}
    assert badges == {"ES", "FR"}
    # The article only in Spanish is marked as Spanish, with nothing to link to.
    alone = [row for row in home.select("li.kb-row") if row.get("lang") == "es"]
    assert len(alone) == 1 and alone[0].select_one("span.kb-language-badge").get_text() == "ES"
    archive_rows = []
    for year in ("2022", "2023", "2024"):
        archive_rows += rows(site, f"archive/{year}")
    assert sorted(archive_rows) == sorted(at(site, name) for name in LISTED)


def test_tags_are_shared_across_languages(site: Site) -> None:
    # 'vacunas' is only on Spanish versions: one tag page, listing each article once.
    assert sorted(rows(site, "tags/vacunas")) == sorted(at(site, name) for name in
                                     ("articles/flu-season", "articles/vaccines/index"))
    assert rows(site, "tags/clinics") == [at(site, "articles/clinic-hours/index.en")]


def test_each_language_has_its_archive_and_feed(site: Site) -> None:
    spanish = [name for name, lang in LANGS.items() if lang == "es"]
    assert sorted(rows(site, "archive/es")) == sorted(at(site, name) for name in spanish)
    feed = ET.parse(site.outdir / "archive" / "es.xml").getroot()
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "es"
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = [link.get("href") for link in feed.findall("a:entry/a:link", ns)]
    assert sorted(entries) == sorted(page_url(name) for name in spanish)
    site_feed = ET.parse(site.outdir / "atom.xml").getroot()
    entries = [link.get("href") for link in site_feed.findall("a:entry/a:link", ns)]
    assert sorted(entries) == sorted(page_url(name) for name in LISTED)
    # Reachable from the home page and from the switcher of a Spanish page.
    home_links = {site.resolve("index", a["href"]) for a in
                  site.soup("index").select("ul.kb-language-list a")}
    assert home_links == {at(site, "archive/es"), at(site, "archive/fr")}
    switcher = site.soup("articles/flu-season.es").select_one("p.kb-languages")
    assert site.resolve("articles/flu-season.es",
                        switcher.select_one("a.kb-language-archive")["href"]) \
        == at(site, "archive/es")
    head = site.soup("archive/es").find("link", type="application/atom+xml", href=True,
                                        title=lambda t: "Español" in t)
    assert head is not None


def test_neighbours_and_related_stay_in_one_language(site: Site) -> None:
    for docname, lang in LANGS.items():
        soup = site.soup(docname)
        targets = [site.resolve(docname, a["href"]) for a in soup.select(".kb-related a")]
        targets += [site.resolve(docname, link["href"])
                    for link in soup.find_all("link", rel=["prev", "next"])]
        by_path = {at(site, name): code for name, code in LANGS.items()}
        assert all(by_path.get(target) == lang for target in targets), (docname, targets)


def test_sitemap_lists_the_alternates(site: Site) -> None:
    root = ET.parse(site.outdir / "sitemap.xml").getroot()
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    urls = {url.findtext("s:loc", namespaces=ns): {link.get("hreflang"): link.get("href")
                                                  for link in url.findall("x:link", ns)}
            for url in root.findall("s:url", ns)}
    for docname in LANGS:
        group = group_of(docname)
        expected = {code: page_url(name) for code, name in group.items()}
        if len(group) > 1:
            expected["x-default"] = page_url(group.get("en") or min(group.values()))
        else:
            expected = {}
        assert urls[page_url(docname)] == expected, docname


def test_search_index_is_keyed_on_each_language(tmp_path: Path) -> None:
    from helpers import search_pages

    srcdir = copy_root("translations", tmp_path)
    built = build_once(srcdir, confoverrides={"html_theme": "sphinx_book_theme"})
    entry = json.loads((built.outdir / "pagefind" / "pagefind-entry.json").read_text())
    counts = {code: data["page_count"] for code, data in entry["languages"].items()}
    assert counts["es"] == 4 and counts["fr"] == 1
    pages = search_pages(built.outdir)
    # Pagefind writes a folder's index.html as the folder.
    assert set(pages) >= {f"/{name}.html".removesuffix("index.html") for name in LANGS}
    search = BeautifulSoup((built.outdir / "search.html").read_text(), "lxml")
    options = {o["value"]: o.get_text() for o in search.select("#kb-search-lang option")}
    assert options == {"": "English", "es": "Español", "fr": "Français"}
    translated = built.outdir / "articles" / "flu-season.es.html"
    assert "kb-lang-search.js" in translated.read_text()
    assert "kb-lang-search.js" not in (built.outdir / "articles" / "flu-season.html").read_text()


def _add_translation(src: Path) -> None:
    write(src / "articles" / "blood-donation.es.md",
          "---\ntitle: Donar sangre\ndate: 2024-07-02\nsummary: Dónde y cuándo donar sangre.\n"
          "tags: [salud]\n---\n\nCada mes hay sesiones de donación de sangre.\n")


def _edit_translation(src: Path) -> None:
    path = src / "articles" / "flu-season.es.md"
    write(path, path.read_text(encoding="utf-8").replace(
        "title: Prepararse para la temporada de gripe", "title: La temporada de gripe"))
    bump_mtime(path)


def _delete_translation(src: Path) -> None:
    (src / "articles" / "flu-season.es.md").unlink()


#: edit -> (the original whose page must change, its translation's page)
INCREMENTAL = {
    "add": (_add_translation, "articles/blood-donation", "articles/blood-donation.es"),
    "edit": (_edit_translation, "articles/flu-season", "articles/flu-season.es"),
    "delete": (_delete_translation, "articles/flu-season", "articles/flu-season.es"),
}


@pytest.mark.parametrize("edit", sorted(INCREMENTAL))
def test_changing_a_translation_rewrites_its_original_like_a_clean_build(
        tmp_path: Path, edit: str) -> None:
    change, original, translation = INCREMENTAL[edit]
    srcdir = copy_root("translations", tmp_path / "inc")
    builddir = tmp_path / "inc" / "build"
    first = build_once(srcdir, builddir)
    before = html_files(first.outdir)
    change(srcdir)
    incremental = build_once(srcdir, builddir, freshenv=False)
    clean = build_once(copy_sources(srcdir, tmp_path / "clean" / "src"),
                       tmp_path / "clean" / "build")
    ours, theirs = html_files(incremental.outdir), html_files(clean.outdir)
    page = f"{original}.html"
    assert ours[page] != before[page], "the original's page was not rewritten"
    assert (f"{translation}.html" in ours) == (edit != "delete")
    assert sorted(ours) == sorted(theirs)
    assert [name for name in ours if ours[name] != theirs[name]] == []
    for name in ("sitemap.xml", "atom.xml", "archive/es.xml"):
        assert (incremental.outdir / name).read_bytes() == (clean.outdir / name).read_bytes()
    assert incremental.warnings == [] and clean.warnings == []


def test_kb_check_and_the_build_agree_on_translations(tmp_path: Path) -> None:
    from sphinx_kb.cli.check import find_problems
    from sphinx_kb.cli.siteconf import load_site
    from test_cli_parity import assert_same

    srcdir = copy_root("translations", tmp_path, {
        # One title in both languages: one article, no duplicate; the Spanish has no summary.
        "articles/covid/index.md": "---\ntitle: COVID-19\ndate: 2024-03-01\n"
                                   "summary: Tests and vaccines.\n---\n\nText.\n",
        "articles/covid/index.es.md": "---\ntitle: COVID-19\ndate: 2024-03-02\n---\n\nTexto.\n",
        # A second English version of flu-season: it stands alone, with a warning.
        "articles/flu-season.en.md": "---\ntitle: Flu season, again\ndate: 2024-09-05\n"
                                     "summary: A copy.\n---\n\nText.\n",
        "articles/odd-language.md": "---\ntitle: Odd language\ndate: 2024-01-01\n"
                                    "summary: Not a language.\nlang: klingon\n---\n\nText.\n",
    })
    built = build_once(srcdir)
    problems = assert_same(built)
    assert {(subtype, path) for subtype, path, _line, _message in problems} == {
        ("summary", "articles/covid/index.es.md"),
        ("translation", "articles/flu-season.en.md"),
        ("language", "articles/odd-language.md"),
    }
    site = load_site(confdir=srcdir, srcdir=srcdir)
    duplicates = {(finding.subtype, Path(finding.path).relative_to(srcdir).as_posix())
                  for finding in find_problems(site, use_cache=False)
                  if finding.subtype.startswith("duplicate_")}
    # Only the displaced copy, which is a separate article, shares a name.
    assert duplicates == {("duplicate_slug", "articles/flu-season.en.md")}
    # The displaced version is still built, as an article of its own.
    assert built.has("articles/flu-season.en")
    assert "kb-languages" not in built.html("articles/flu-season.en")


def test_kb_languages_setting_is_checked() -> None:
    from sphinx_kb.core.config import checked

    assert checked("kb_languages", ["en", "pt-BR"]) == (["en", "pt-BR"], None)
    used, reason = checked("kb_languages", ["es", "old", 3])
    assert used == ["es"] and reason is not None and "language codes" in reason
    used, reason = checked("kb_languages", "es")
    assert used == ["es"] and reason is not None


def test_kb_languages_limits_the_codes_read_from_file_names(tmp_path: Path) -> None:
    srcdir = copy_root("translations", tmp_path, {
        "articles/notes.de.md": "---\ntitle: Notes\ndate: 2024-01-02\nsummary: S.\n---\n\nText.\n"})
    built = build_once(srcdir, confoverrides={"kb_languages": ["en", "es"]})
    assert built.soup("articles/notes.de").html["lang"] == "en"  # 'de' is not a site language
    assert built.soup("articles/flu-season.es").html["lang"] == "es"
    # French is not a site language either: index.fr is an English article of its own.
    assert built.soup("articles/clinic-hours/index.fr").html["lang"] == "en"
    assert not built.has("archive/fr")
