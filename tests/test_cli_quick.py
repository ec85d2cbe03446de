"""``kb check FILE...`` reads the other articles quickly; it must find what a full read finds.

The quick reader (``cli/quickscan.py``) is compared with the YAML parser block by block,
and ``kb check`` with and without it over the test roots and copies of the shared corpora,
for several choices of given files: each file a finding between articles names (duplicate
titles and slugs, tag spellings, links, redirects), and random handfuls.
"""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

import pytest
from helpers import ROOT, ROOTS, SHARED, copy_root
from sphinx_kb.cli.articles import read_articles
from sphinx_kb.cli.check import find_problems, selector
from sphinx_kb.cli.quickscan import quick_front_matter
from sphinx_kb.cli.siteconf import load_site
from sphinx_kb.core.findings import Finding
from sphinx_kb.core.frontmatter import FrontMatter, read_front_matter, split_lines
from test_cli_parity import MORE_BROKEN

CORPORA = SHARED / "corpora"
#: Findings about two articles: the given file's result depends on the other one.
BETWEEN = frozenset({"duplicate_title", "duplicate_slug", "tag_case", "tag_spelling", "link",
                     "redirect"})

#: Blocks near the edge of what the quick reader accepts; each must read as the parser reads.
EDGE_BLOCKS = [
    "title: yes\n", "title: 'yes'\n", "draft: on\n", "draft: No\n", "draft: ~\n",
    "title: null\n", "title: 2021\n", "title: 1.5\n", "title: 0x1F\n", "title: 1_000\n",
    "title: 12:30\n", "title: .inf\n", "title: -x\n", "title: a: b\n", "title: a:b\n",
    "title: C# #1\n", "title: C#\n", "title: a #b\n", "title: 'it''s'\n", "title: \"a\\tb\"\n",
    "title: \"say \"hi\"\"\n", "title: 'a' 'b'\n", "title: 'a' # c\n", "title: x   \n",
    "title: &a x\nsummary: *a\n", "title: !!str 5\n", "title: |\n  block\n",
    "title: >\n  folded\n", "title: a\n  continued\n", "title: a\n\n  continued\n",
    "title: a\ntitle: b\n", "tags: [a, b]\n", "tags: [a, b,]\n", "tags: [a, [b]]\n",
    "tags: ['a, b', \"c\"]\n", "tags: [a: b]\n", "tags: [a,b]\n", "tags: []\n",
    "tags: [ ]\n", "tags: [1, yes, null]\n", "tags: {a: b}\n", "tags: [a] x\n",
    "tags:\n- a\n- 'b'\n- \"c\"\n", "tags:\n  - a\n  - b\n", "tags:\n  - a\n - b\n",
    "tags:\n- a\n  - b\n", "tags:\n-\n", "tags:\n- [a]\n", "tags:\n- a: b\n",
    "tags:\n# note\n- a\n", "tags: x\n- a\n", "tags:\ntitle: T\n", "tags: null\n- a\n",
    "tags:\n  # note\n  - a\n", "# only a comment\n", "\n\n", "a:b\n", "key :x\n",
    "yes: 1\n", "on: x\n", "null: x\n", "_k: v\n", "k-1: v\n", "? k\n: v\n",
    "title: x\n%YAML 1.1\n", "title: \x01\n", "title: a\x85b\n", "title: a\u2028b\n",
    "title: \ttab\n", "title: x\t\n", "title: \ufeffx\n", "title: caf\u00e9 \u2014 ok\n",
    "title: \u00a0nbsp\u00a0\n", "title: '\u00a0'\n", "title: ~x\n", "title: x~\n",
    "title: 'unterminated\n", "title: \"a\\\n", "<<: {a: b}\n", "title: [a]b\n",
    "date: 2021-01-01\n", "date: 2021-13-45\n", "date: !!timestamp 2021-01-01\n",
    "title: -\n", "title: '-'\n", "title: ---\n", "title: ...\n",
    "a: " + "[" + ", ".join(["x"] * 5000) + "]\n",
    *(f"{line}\n" for line in (
        "tags: [a:b]", "tags: [http://x.org/a]", "tags: [a:]", "tags: [:a]", "tags: [ a , b ]",
        "tags: ['a' , \"b\"]", "tags: [a'b]", "tags: [-a]", "tags: [~, ~a]", "tags: [.5]",
        "title: a:b:c", "title: http://x.org", "title: a,b", "title: a]b", "title: a{b",
        "title: a'b'", "title: <b>", "title: =", "title: ?a", "title: !a", "title: *a",
        "title: a&b", "title: |a", "title: a|b", "title: %a", "title: @a", "title: `a",
        "tags: [a, 'b''c']", "tags: ['']", "title: '''a'''", "tags: [[]]", "tags:\n- a:b",
        "tags:\n - a\n - b", "tags:\n- a\n-b", "date: 2021-01-01 10:00", "draft: FALSE",
        "draft: fAlse", "draft: y", "title: 0o7", "title: 1e3", "title: +1", "title: 190:20:30",
        "title: -.inf", "title: .NaN", "title: 0b101", "title: 1,000", "title: v1.0",
        "title: x\n...", "title: x\n--- ", "title: x\n---\u00a0\n---", "title: x\n...\f\n---",
    )),
]


def _texts() -> list[tuple[str, str]]:
    """(name, text) of every article of the test roots and corpora, and the edge blocks."""
    found = [(f"edge {index}", f"---\n{block}---\nBody\n")
             for index, block in enumerate(EDGE_BLOCKS)]
    found += [(f"broken {name}", text) for name, text in MORE_BROKEN.items()]
    found += [(f"crlf {index}", f"---\r\n{block.replace(chr(10), chr(13) + chr(10))}---\r\nx")
              for index, block in enumerate(EDGE_BLOCKS[:20])]
    for folder in [ROOTS, *sorted(CORPORA.glob("*"))]:
        for path in sorted(folder.rglob("*.md*")):
            text = path.read_bytes().decode("utf-8-sig", errors="replace")
            found.append((str(path), text))
    return found


def test_quick_reader_reads_each_block_as_the_parser_does() -> None:
    accepted = 0
    for name, text in _texts():
        quick = quick_front_matter(text)
        if quick is None:
            continue
        accepted += 1
        full = read_front_matter(split_lines(text))
        assert (quick.data, quick.lines, quick.block_lines, quick.problems) == \
            (full.data, full.lines, full.block_lines, full.problems), name
    # The comparison means something only if the quick reader takes most simple blocks.
    assert accepted > len(EDGE_BLOCKS) / 3


def test_quick_reader_takes_the_usual_blocks_and_leaves_the_rest() -> None:
    usual = ("---\ntitle: 'A title'\ndate: 2021-01-05\ntags: ['a', b]\ndraft: false\n"
             "aliases:\n  - /old/\nsummary: \"Short\"\n---\n# Body\n")
    quick = quick_front_matter(usual)
    assert quick is not None
    assert quick.data == {"title": "A title", "date": "2021-01-05", "tags": ["a", "b"],
                          "draft": False, "aliases": ["/old/"], "summary": "Short"}
    assert quick.lines == {"title": 2, "date": 3, "tags": 4, "draft": 5, "aliases": 6,
                           "summary": 8}
    for unusual in ("title: |\n  x\n", "title: &a x\n", "title: 3\n", "title: a\ntitle: b\n"):
        assert quick_front_matter(f"---\n{unusual}---\n") is None, unusual
    assert quick_front_matter("+++\ntitle = 'T'\n+++\n") is None
    assert quick_front_matter("---\ntitle: open\n") is None
    long_block = "---\n" + "".join(f"k{n}: '{'v' * 40}'\n" for n in range(60)) + "---\nx\n"
    assert quick_front_matter(long_block) == read_front_matter(split_lines(long_block))


def _sites(tmp_path: Path) -> list[Path]:
    sites = []
    for root in sorted(ROOTS.glob("test-*")):
        if (root / "conf.py").is_file():
            sites.append(copy_root(root.name.removeprefix("test-"), tmp_path / root.name))
    sites.append(copy_root("validation", tmp_path / "broken", MORE_BROKEN))
    for corpus in sorted(CORPORA.glob("*")):
        if corpus.is_dir():
            srcdir = copy_root("dialects-corpus", tmp_path / corpus.name)
            shutil.copy(ROOT / "conf.py", srcdir / "conf.py")
            shutil.copytree(corpus, srcdir / "articles", dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("SOURCE", "LICENSE*"))
            sites.append(srcdir)
    return sites


def _choices(srcdir: Path, everything: list[Finding], seed: int) -> list[list[Path]]:
    """Given files: each one a finding between articles is about or names, and handfuls."""
    files = sorted({Path(f.path) for f in everything} | set(srcdir.rglob("*.md")))
    involved: set[Path] = set()
    for finding in everything:
        if finding.subtype in BETWEEN:
            involved.add(Path(finding.path))
            for name in re.findall(r"[\w./-]+\.mdx?", finding.message):
                if (srcdir / name).is_file():
                    involved.add(srcdir / name)
    pick = random.Random(seed)
    choices = [[path] for path in sorted(involved)[:25]]
    choices += [pick.sample(files, min(len(files), size)) for size in (1, 3, 5)]
    if len(involved) > 1:
        choices.append(sorted(involved)[:5])
    return choices


def test_given_files_get_the_same_findings_with_the_quick_reader(tmp_path: Path) -> None:
    compared = quick_used = with_between = 0
    for seed, srcdir in enumerate(_sites(tmp_path)):
        site = load_site(confdir=srcdir, srcdir=srcdir)
        everything = find_problems(site, use_cache=False, quick=False)
        for given in _choices(srcdir, everything, seed):
            keep = selector(given)
            quick = find_problems(load_site(confdir=srcdir, srcdir=srcdir), use_cache=False,
                                  selected=keep)
            full = find_problems(load_site(confdir=srcdir, srcdir=srcdir), use_cache=False,
                                 selected=keep, quick=False)
            assert quick == full, (srcdir, given)
            assert full == [f for f in everything if keep is not None and keep(f.path)]
            compared += 1
            with_between += any(f.subtype in BETWEEN for f in full)
            articles = read_articles(site, use_cache=False, whole=keep)
            quick_used += len(articles.quick) > 0
    assert compared > 50 and quick_used > compared / 2 and with_between > 10, \
        (compared, quick_used, with_between)


def test_a_quick_record_a_finding_needs_is_read_again(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Belt and braces: the article a given file links to is read with the parser, so even
    a wrong quick record (forced here) cannot change what is found about that link."""
    import sphinx_kb.cli.articles as articles_module

    srcdir = copy_root("validation", tmp_path, {
        "articles/b-given.md": "---\ntitle: Same\ndate: 2021-01-02\n---\n[x](a-other.md)\n",
        "articles/a-other.md": "---\ntitle: Same\ndate: 2021-01-01\n---\nx\n",
    })
    keep = selector([srcdir / "articles" / "b-given.md"])
    site = load_site(confdir=srcdir, srcdir=srcdir)
    assert "articles/a-other" in read_articles(site, use_cache=False, whole=keep).quick
    expected = find_problems(site, use_cache=False, selected=keep, quick=False)
    assert [f.subtype for f in expected] == ["duplicate_title"]

    def wrong(text: str) -> FrontMatter | None:
        matter = quick_front_matter(text)
        if matter is not None and "title" in matter.data:
            matter.data["title"] = "Something else"
        return matter

    monkeypatch.setattr(articles_module, "quick_front_matter", wrong)
    assert find_problems(site, use_cache=False, selected=keep) == expected
