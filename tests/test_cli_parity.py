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
    "unreadable",
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
