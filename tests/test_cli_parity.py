"""``kb check`` reports exactly the front-matter problems a build reports (issue 14).

Each test root, and a copy of each shared corpus, is built for real; the ``kb.*`` warnings
about front matter are compared with what ``kb check`` finds in the same folder: same
subtype, file, line and message. The check runs in-process here and as the console
script in ``test_cli.py``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import ROOT, ROOTS, SHARED, Site, build_once, copy_root
from sphinx_kb.cli.check import find_problems
from sphinx_kb.cli.siteconf import load_site

#: What the build says about an article's file and front matter (``core/findings.py``).
FRONT_MATTER = frozenset({
    "front_matter", "yaml", "toml", "duplicate_key", "empty", "title", "date",
    "alias_conflict", "summary", "tags", "authors", "images", "redirect", "slug", "draft",
    "template_syntax", "encoding", "tag_spelling", "not_built", "hidden", "file_name", "large",
    "unreadable", "language", "translation",
})
CORPORA = SHARED / "corpora"
ROOT_NAMES = sorted(path.name.removeprefix("test-") for path in ROOTS.glob("test-*")
                    if (path / "conf.py").is_file())

Key = tuple[str, str, int, str]


def build_problems(site: Site) -> set[Key]:
    found = set()
    for warning in site.warnings:
        kind, _, subtype = (warning.type or "").partition(".")
        if kind != "kb" or subtype not in FRONT_MATTER or warning.line is None:
            continue
        path = Path(warning.location)
        if not path.is_absolute() or site.srcdir not in path.parents:
            continue  # a docname location: not a file problem
        found.add((subtype, path.relative_to(site.srcdir).as_posix(), warning.line,
                   warning.message))
    return found


def check_problems(srcdir: Path) -> set[Key]:
    site = load_site(confdir=srcdir, srcdir=srcdir)
    return {(f.subtype, Path(f.path).relative_to(srcdir).as_posix(), f.line, f.message)
            for f in find_problems(site, use_cache=False) if f.subtype in FRONT_MATTER}


def assert_same(site: Site) -> set[Key]:
    from_build = build_problems(site)
    from_check = check_problems(site.srcdir)
    assert from_check == from_build, (
        f"only the build: {sorted(from_build - from_check)}\n"
        f"only kb check: {sorted(from_check - from_build)}")
    return from_build


@pytest.mark.parametrize("name", ROOT_NAMES)
def test_check_matches_the_build_on_each_test_root(tmp_path: Path, name: str) -> None:
    srcdir = copy_root(name, tmp_path)
    assert_same(build_once(srcdir))


def test_parity_holds_for_broken_articles_of_every_kind(tmp_path: Path) -> None:
    """The validation root plus what it lacks: TOML, encodings, aliases, redirects, tags."""
    srcdir = copy_root("validation", tmp_path, {
        "articles/toml-bad.md": "+++\ntitle = 'TOML'\ndate = 2021-13-01\n+++\nText.\n",
        "articles/toml-ok.md": "+++\ntitle = \"T\"\ntags = ['Next js']\n+++\nText.\n",
        "articles/dup-key.md": "---\ntitle: A\ntitle: B\ndate: '2021-01-01'\n---\nText.\n",
        "articles/alias.md": "---\ntitle: A\nsummary: one\ndescription: two\n"
                             "date: '2021-01-01'\ntags: [next-js]\n---\nText.\n",
        "articles/redirect.md": "---\ntitle: R\ndate: '2021-01-02'\n"
                                "aliases: ['/x/', '../bad']\n---\nText.\n",
        "articles/redirect-2.md": "---\ntitle: R2\ndate: '2021-01-03'\n"
                                  "redirect_from: /x/\n---\nText.\n",
        "articles/template.md": "---\ntitle: T\ndate: '2021-01-01'\n---\n\n{{< x >}}\n",
        "articles/slug.md": "---\ntitle: S\ndate: '2021-01-01'\nslug: other\n---\nText.\n",
    })
    (srcdir / "articles" / "latin1.md").write_bytes(
        b"---\ntitle: 'Caf\xe9'\ndate: '2021-01-01'\n---\nText.\n")
    (srcdir / "page.md").write_bytes(b"# A page, not an article\n\nCaf\xe9\n")
    (srcdir / "articles" / ".hidden.md").write_text("---\ntitle: Hidden\n---\n", "utf-8")
    (srcdir / "articles" / "with space.md").write_text("---\ntitle: Spaced\n---\n", "utf-8")
    (srcdir / "articles" / "twice.md").write_text("---\ntitle: Twice\n---\nA\n", "utf-8")
    (srcdir / "articles" / "twice.mdx").write_text("---\ntitle: Twice X\n---\nB\n", "utf-8")
    (srcdir / "index.md").write_text(
        (srcdir / "index.md").read_text("utf-8") + "\n```{toctree}\n:hidden:\npage\n```\n",
        "utf-8")
    found = assert_same(build_once(srcdir))
    subtypes = {key[0] for key in found}
    assert {"toml", "encoding", "duplicate_key", "alias_conflict", "redirect", "template_syntax",
            "slug", "tag_spelling", "date", "yaml", "title", "not_built", "hidden",
            "file_name"} <= subtypes, subtypes
    assert ("encoding", "page.md") in {key[:2] for key in found}


#: Front matter the validation root lacks: BOMs and CRLF, YAML bombs and bad tags, redirect
#: addresses taken by pages, TOML tables, Windows-1252, page bundles, drafts with aliases.
MORE_BROKEN = {
    "articles/bom-crlf.md":
        "\ufeff---\r\ntitle: 'BOM'\r\ndate: '2021-13-01'\r\n---\r\nText\r\n",
    "articles/empty-block.md":
        "---\n---\nText only\n",
    "articles/bomb.md":
        "---\na: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
        "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
        "title: Bomb\n---\nx\n",
    "articles/published-false.md":
        "---\ntitle: P\npublished: false\ndate: 2021-01-01\n---\nx\n",
    "articles/lastmod.md":
        "---\ntitle: L\ndate: 2021-01-01\nlastmod: 'soon'\nauthors: [{a: 1}]\n"
        "images: [[1]]\nsummary: [a, b]\n---\nx\n",
    "articles/perma.md":
        "---\ntitle: Pm\ndate: 2021-01-01\npermalink: 'https://x.org/a'\n"
        "redirect_from: [1, {a: b}]\n---\nx\n",
    "articles/toml-table.md":
        "+++\ntitle = 'TT'\ndate = 2021-01-01\n[extra]\ntags = 'x'\n+++\nx\n",
    "articles/toml-eof.md":
        "+++\ntitle = 'TE'\ntags = [\n+++\nx\n",
    "articles/2019-05-04-jekyll-name.md":
        "---\ntitle: J\n---\nx\n",
    "articles/mdx-stuff.mdx":
        "---\ntitle: M\ndate: 2021-01-01\n---\nimport X from './x'\n\n<Box>{1}</Box>\n",
    "articles/dup-tags.md":
        "---\ntitle: D\ndate: 2021-01-01\ntags: [a]\ntags: [b]\ncategories: c, d\n---\nx\n",
    "articles/quote.md":
        "---\ntitle: 'unterminated\ndate: 2021-01-01\n---\nx\n",
    "articles/colon.md":
        "---\ntitle: a: b\ndate: 2021-01-01\n---\nx\n",
    "articles/bad-int.md":
        "---\ntitle: !!int abc\ndate: 2021-01-01\n---\nx\n",
    "articles/future.md":
        "---\ntitle: F\ndate: 2099-01-01\ntags: ['Next JS']\n---\nx\n",
    "articles/spacey.md":
        "---\ntitle: S\ndate: 2021-01-01\ntags: ['next_js', 'NEXT js']\n---\nx\n",
    "articles/ctrl.md":
        '---\ntitle: "\\x01\\x02"\ndate: 2021-01-01\n---\n# Heading\n',
    "articles/folder/index.md":
        "---\ntitle: Idx\ndate: 2021-01-01\nslug: wrong\n---\nx\n",
    "articles/draft-alias.md":
        "---\ntitle: DA\ndate: 2021-01-01\ndraft: true\naliases: [/x/]\ntags: [next-js]\n"
        "---\nx\n",
    "articles/alias-2.md":
        "---\ntitle: A2\ndate: 2021-01-02\n"
        "aliases: [/x/, /index.html, /articles/bom-crlf.html]\n---\nx\n",
}


@pytest.mark.parametrize("drafts", [False, True])
def test_parity_with_hostile_front_matter_and_site_settings(tmp_path: Path, drafts: bool) -> None:
    """Settings in conf.py (drafts, time zone, aliases) are read as the build reads them."""
    srcdir = copy_root("validation", tmp_path, MORE_BROKEN)
    (srcdir / "articles" / "cp1252.md").write_bytes(
        b"---\ntitle: Caf\x93\ndate: 2021-01-01\n---\n\x94\n")
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text("utf-8") + f"kb_drafts = {drafts}\n"
                    "kb_timezone = 'Asia/Tokyo'\nkb_field_aliases = {'summary': ['blurb']}\n",
                    "utf-8")
    found = assert_same(build_once(srcdir))
    assert {"redirect", "tag_spelling", "encoding", "yaml", "toml", "summary"} <= \
        {key[0] for key in found}


def _corpus_site(tmp_path: Path, corpus: Path) -> Path:
    if not corpus.is_dir():
        pytest.skip(f"the corpus {corpus} is missing (it lives next to the repository)")
    srcdir = copy_root("dialects-corpus", tmp_path)
    shutil.copy(ROOT / "conf.py", srcdir / "conf.py")
    shutil.copytree(corpus, srcdir / "articles", dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("SOURCE", "LICENSE*"))
    return srcdir


@pytest.mark.corpus
@pytest.mark.parametrize("corpus", ["seed", "tailwind-starter-blog", "18f-posts"])
def test_check_matches_the_build_on_the_shared_corpora(tmp_path: Path, corpus: str) -> None:
    srcdir = _corpus_site(tmp_path, CORPORA / corpus)
    found = assert_same(build_once(srcdir, confoverrides={"html_theme": "basic",
                                                          "html_theme_options": {}}))
    if corpus != "seed":
        assert found, "a corpus with known problems gave none: the comparison saw nothing"
