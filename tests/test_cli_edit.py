"""``kb new`` and ``kb tags`` (issue 14): files they write, compared byte for byte.

``kb tags --rename`` must change only the tag's own characters: every fixture here is
compared with the exact bytes expected, in YAML and TOML front matter, every accepted tag
form and other dialects' keys; on copies of the shared corpora every other byte must stay.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest
from helpers import ROOT, SHARED, build_once, copy_root
from test_cli import kb

RENAMES = {
    # name: (file before, file after), renaming "Next JS" (any spelling) to "next-js"
    "flow list": (
        "---\ntitle: 'A'\ndate: '2021-01-01'\ntags: ['next js', 'math', 'NEXT  JS']\n---\n"
        "Body with tags: ['next js'] kept.\n",
        "---\ntitle: 'A'\ndate: '2021-01-01'\ntags: ['next-js', 'math', 'next-js']\n---\n"
        "Body with tags: ['next js'] kept.\n"),
    "block list, comments, double quotes": (
        "---\ntitle: A\ntags:\n  - next js   # the framework\n  - \"Next JS\"\n  - other\n"
        "date: 2021-01-01\n---\n\n```yaml\ntags:\n  - next js\n```\n",
        "---\ntitle: A\ntags:\n  - next-js   # the framework\n  - \"next-js\"\n  - other\n"
        "date: 2021-01-01\n---\n\n```yaml\ntags:\n  - next js\n```\n"),
    "comma string": (
        "---\ntitle: A\ntags: math,  next js , ols\n---\nText.\n",
        "---\ntitle: A\ntags: math,  next-js , ols\n---\nText.\n"),
    "quoted comma string": (
        "---\ntitle: A\ntags: \"Next JS, math\"\n---\nText.\n",
        "---\ntitle: A\ntags: \"next-js, math\"\n---\nText.\n"),
    "single value": (
        "---\ntitle: A\ntags: next js\n---\nText.\n",
        "---\ntitle: A\ntags: next-js\n---\nText.\n"),
    # Next to another key, a string is one tag, commas and all (as core/dialects.py reads it).
    "other dialects' keys": (
        "---\ntitle: A\ncategories: [next js]\nkeywords: 'Next JS'\n"
        "topics:\n- next js\ntags: 'math, next js'\n---\nText.\n",
        "---\ntitle: A\ncategories: [next-js]\nkeywords: 'next-js'\n"
        "topics:\n- next-js\ntags: 'math, next js'\n---\nText.\n"),
    "TOML": (
        "+++\ntitle = \"A\"\ntags = [\n  \"next js\",  # framework\n  'math',\n  'Next JS',\n]\n"
        "categories = \"next js\"\n[extra]\ntags = ['next js']\n+++\nText.\n",
        "+++\ntitle = \"A\"\ntags = [\n  \"next-js\",  # framework\n  'math',\n  'next-js',\n]\n"
        "categories = \"next-js\"\n[extra]\ntags = ['next js']\n+++\nText.\n"),
    "TOML comma string": (
        "+++\ntitle = 'A'\ntags = 'math,next js'\n+++\nText.\n",
        "+++\ntitle = 'A'\ntags = 'math,next-js'\n+++\nText.\n"),
    "CRLF and byte-order mark": (
        "\ufeff---\r\ntitle: A\r\ntags: [next js, math]\r\n---\r\nText.\r\n",
        "\ufeff---\r\ntitle: A\r\ntags: [next-js, math]\r\n---\r\nText.\r\n"),
}


def _site(tmp_path: Path, files: dict[str, str]) -> Path:
    srcdir = copy_root("seed", tmp_path)
    for name, text in files.items():
        (srcdir / name).write_bytes(text.encode("utf-8"))
    return srcdir


@pytest.mark.parametrize("form", sorted(RENAMES))
def test_rename_changes_only_the_tag(tmp_path: Path, form: str) -> None:
    before, after = RENAMES[form]
    srcdir = _site(tmp_path, {"articles/target.md": before})
    seed = next(p for p in (srcdir / "articles").rglob("*.md") if p.name != "target.md")
    seed_bytes = seed.read_bytes()
    result = kb("tags", "--rename", "Next JS", "next-js", cwd=srcdir)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "articles/target.md\n"
    assert (srcdir / "articles" / "target.md").read_bytes() == after.encode("utf-8")
    assert seed.read_bytes() == seed_bytes


def test_rename_quotes_a_new_name_that_needs_it(tmp_path: Path) -> None:
    srcdir = _site(tmp_path, {"articles/a.md": "---\ntitle: A\ntags: [next js, b]\n---\nT\n",
                              "articles/b.md": "---\ntitle: B\ntags: ['next js']\n---\nT\n"})
    assert kb("tags", "--rename", "next js", "Next.js: it's fast", cwd=srcdir).returncode == 0
    assert (srcdir / "articles/a.md").read_text(encoding="utf-8") == \
        "---\ntitle: A\ntags: ['Next.js: it''s fast', b]\n---\nT\n"
    assert (srcdir / "articles/b.md").read_text(encoding="utf-8") == \
        "---\ntitle: B\ntags: ['Next.js: it''s fast']\n---\nT\n"


def test_rename_refuses_what_it_cannot_do_safely(tmp_path: Path) -> None:
    before = "---\ntitle: A\ntags: a, next js\n---\nT\n"
    srcdir = _site(tmp_path, {"articles/a.md": before})
    result = kb("tags", "--rename", "next js", "x, y", cwd=srcdir)
    assert result.returncode == 1 and "comma" in result.stderr and "articles/a.md" in result.stderr
    assert (srcdir / "articles/a.md").read_text(encoding="utf-8") == before


@pytest.mark.corpus
@pytest.mark.parametrize(("corpus", "old", "new"), [
    ("18f-posts", "how we work", "How We Work"),
    ("tailwind-starter-blog", "next js", "next-js"),
])
def test_rename_on_a_corpus_copy_touches_only_tag_lines(tmp_path: Path, corpus: str, old: str,
                                                        new: str) -> None:
    source = SHARED / "corpora" / corpus
    if not source.is_dir():
        pytest.skip(f"the corpus {source} is missing")
    srcdir = copy_root("dialects-corpus", tmp_path)
    shutil.copy(ROOT / "conf.py", srcdir / "conf.py")
    shutil.copytree(source, srcdir / "articles", dirs_exist_ok=True)
    before = {p: p.read_bytes() for p in sorted((srcdir / "articles").rglob("*")) if p.is_file()}
    result = kb("tags", "--rename", old, new, cwd=srcdir)
    assert result.returncode == 0, result.stderr
    changed = {srcdir / line for line in result.stdout.splitlines()}
    assert changed
    for path, data in before.items():
        now = path.read_bytes()
        if path not in changed:
            assert now == data, path
            continue
        old_lines, new_lines = data.split(b"\n"), now.split(b"\n")
        assert len(old_lines) == len(new_lines), path
        for was, line in zip(old_lines, new_lines, strict=True):
            if was != line:  # only the tag's text differs on a changed line
                assert re.sub(re.escape(old.encode()), new.encode(), was,
                              flags=re.IGNORECASE) == line, (path, was, line)
    listed = json.loads(kb("tags", "--format", "json", cwd=srcdir).stdout)
    names = {row["tag"] for row in listed}
    assert new in names and old not in names


def test_tags_lists_counts_newest_use_spellings_and_near_duplicates(tmp_path: Path) -> None:
    srcdir = _site(tmp_path, {
        "articles/a.md": "---\ntitle: A\ndate: '2021-01-01'\ntags: [Python, next js]\n---\nT\n",
        "articles/b.md": "---\ntitle: B\ndate: '2022-03-04'\ntags: [python, Next-JS]\n---\nT\n",
        "articles/c.md": "---\ntitle: C\ndate: '2020-01-01'\ntags: [Python]\n---\nT\n",
    })
    rows = {row["tag"]: row for row in json.loads(kb("tags", "--format", "json",
                                                     cwd=srcdir).stdout)}
    assert rows["Python"]["count"] == 3 and rows["Python"]["newest"] == "2022-03-04"
    assert rows["Python"]["spellings"] == {"Python": 2, "python": 1}
    assert rows["next js"]["near_duplicates"] == ["Next-JS"]
    text = kb("tags", cwd=srcdir).stdout.splitlines()
    order = [line.split("  ")[0].strip() for line in text[1:]]
    assert order.index("Next-JS") == order.index("next js") + 1 or \
        order.index("next js") == order.index("Next-JS") + 1  # grouped together


def test_new_writes_a_draft_in_the_seed_dialect(tmp_path: Path) -> None:
    srcdir = _site(tmp_path, {"articles/x.md": "---\ntitle: X\ntags: [Python]\n---\nT\n"})
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + "kb_timezone = 'Pacific/Kiritimati'\n",
                    encoding="utf-8")
    today = dt.datetime.now(dt.timezone(dt.timedelta(hours=14))).date()
    result = kb("new", "Writers' tools: a tour", "--tags", "python, New Tag",
                "--summary", "How  the tools work.", cwd=srcdir)
    assert result.returncode == 0, result.stderr
    path = f"articles/{today.year}/writers-tools-a-tour.md"
    assert result.stdout == path + "\n"
    assert (srcdir / path).read_text(encoding="utf-8") == (
        f"---\ntitle: 'Writers'' tools: a tour'\ndate: '{today.isoformat()}'\n"
        "tags: ['Python', 'New Tag']\ndraft: true\nsummary: 'How the tools work.'\n---\n\n"
        "<!-- Write the article here. Remove 'draft: true' above to publish it. -->\n")
    again = kb("new", "Writers' tools: a tour", cwd=srcdir)
    assert again.stdout == f"articles/{today.year}/writers-tools-a-tour-2.md\n"
    assert (srcdir / path).read_text(encoding="utf-8").count("New Tag") == 1  # not overwritten
    clash = kb("new", "X", cwd=srcdir)  # articles/x.md exists: the slug must differ
    assert clash.stdout == f"articles/{today.year}/x-2.md\n"


def test_a_new_article_passes_the_check_and_shows_in_a_drafts_build(tmp_path: Path) -> None:
    srcdir = copy_root("seed", tmp_path)
    result = kb("new", "Brand new article", "--tags", "Kratom", cwd=srcdir)
    path = srcdir / result.stdout.strip()
    check = kb("check", str(path.relative_to(srcdir)), cwd=srcdir)
    assert check.returncode == 0, check.stdout
    site = build_once(srcdir, confoverrides={"kb_drafts": True, "html_theme": "basic"})
    docname = path.relative_to(srcdir).with_suffix("").as_posix()
    assert site.has(docname)
    assert "Brand new article" in site.html(docname)
    published = build_once(srcdir, srcdir.parent / "published",
                           confoverrides={"html_theme": "basic"})
    assert not published.has(docname)


def test_new_refuses_an_empty_title(tmp_path: Path) -> None:
    srcdir = copy_root("seed", tmp_path)
    result = kb("new", "   ", cwd=srcdir)
    assert result.returncode == 2 and "title" in result.stderr


def test_rename_edge_cases(tmp_path: Path) -> None:
    """A change of case only, a tag also in a {tags} directive, a file not UTF-8, no such tag."""
    srcdir = _site(tmp_path, {
        "articles/a.md": "---\ntitle: A\ntags: [python]\n---\nT\n",
        "articles/b.md": "---\ntitle: B\ntags: [python]\n---\n\n```{tags} python\n```\n",
    })
    (srcdir / "articles" / "c.md").write_bytes(b"---\ntitle: C\ntags: [python]\n---\nCaf\xe9\n")
    result = kb("tags", "--rename", "python", "Python", cwd=srcdir)
    assert result.returncode == 1  # c.md could not be changed
    assert result.stdout == "articles/a.md\narticles/b.md\n"
    assert "articles/c.md: not changed: the file is not UTF-8" in result.stderr
    assert "directive" not in result.stderr  # same tag, new spelling: nothing left behind
    assert (srcdir / "articles/b.md").read_text(encoding="utf-8") == \
        "---\ntitle: B\ntags: [Python]\n---\n\n```{tags} python\n```\n"
    other = kb("tags", "--rename", "python", "Snakes", cwd=srcdir)
    assert "articles/b.md: 'python' is also given by a {tags} directive" in other.stderr
    missing = kb("tags", "--rename", "no such tag", "x", cwd=srcdir)
    assert missing.returncode == 2 and "no article has the tag 'no such tag'" in missing.stderr
