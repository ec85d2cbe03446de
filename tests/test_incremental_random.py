"""Random edit sequences: every incremental build equals a clean build of the same state.

Also checks that a parallel build (``-j 2``) writes the same site as a serial one.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import sys
from pathlib import Path

import pytest
from helpers import build_once

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "_ext"))
sys.path.insert(0, str(REPO / "bench"))
from pagefind_data import diff_bundles  # noqa: E402

CONF = """
extensions = ["myst_parser", "sphinx_kb"]
html_theme = "basic"
exclude_patterns = ["_build"]
kb_tag_page_size = 2
kb_archive_page_size = 1
"""
INDEX = """# Home

```{kb-recent}
:limit: 4
```

```{kb-tag-cloud}
```

```{kb-archive}
```

```{toctree}
:hidden:

tags/index
```
"""
TAGS = ["Python", "python", "Data Science", "C++", "C#", "R&D", "next js", "Health & Wellness"]
#: Files whose content legitimately differs between two builds of the same state.
VOLATILE = {".buildinfo", "objects.inv"}


def article(title: str, date: str, tags: list[str], draft: bool, words: str) -> str:
    return (f"---\ntitle: {json.dumps(title)}\ndate: '{date}'\ntags: {json.dumps(tags)}\n"
            f"draft: {'true' if draft else 'false'}\nsummary: {json.dumps('About ' + title)}\n---\n"
            f"## Part one\n\n{words}\n")


class Project:
    """A small knowledge base whose articles a test edits at random."""

    def __init__(self, root: Path, rng: random.Random) -> None:
        self.src = root / "src"
        self.rng = rng
        self.counter = 0
        (self.src / "articles").mkdir(parents=True)
        (self.src / "conf.py").write_text(CONF)
        (self.src / "index.md").write_text(INDEX)
        for _ in range(6):
            self.add()

    def _files(self) -> list[Path]:
        return sorted((self.src / "articles").glob("*.md"))

    def _write(self, path: Path, text: str) -> None:
        path.write_text(text, encoding="utf-8")
        # Deliberately old mtimes: the extension must notice changes by stamp, not by age.
        stamp = 1_700_000_000 + self.counter * 10
        os.utime(path, (stamp, stamp))

    def add(self) -> str:
        self.counter += 1
        name = f"a{self.counter:03d}"
        tags = self.rng.sample(TAGS, self.rng.randint(1, 3))
        date = f"20{self.rng.randint(10, 24)}-0{self.rng.randint(1, 9)}-1{self.rng.randint(0, 9)}"
        self._write(self.src / "articles" / f"{name}.md",
                    article(f"Article {name}", date, tags, False, f"word{self.counter} " * 30))
        return f"add {name}"

    def edit(self, change: str) -> str:
        files = self._files()
        if change == "add" or not files:
            return self.add()
        path = self.rng.choice(files)
        if change == "delete":
            path.unlink()
            return f"delete {path.stem}"
        self.counter += 1
        text = path.read_text(encoding="utf-8")
        head, body = text.split("\n---\n", 1)
        lines = dict(line.split(": ", 1) for line in head.splitlines()[1:])
        if change == "retitle":
            lines["title"] = json.dumps(f"Renamed {self.counter}")
        elif change == "redate":
            year, month, day = (self.rng.randint(10, 24), self.rng.randint(0, 2),
                                self.rng.randint(1, 9))
            lines["date"] = f"'20{year}-1{month}-0{day}'"
        elif change == "retag":
            lines["tags"] = json.dumps(self.rng.sample(TAGS, self.rng.randint(0, 3)))
        elif change == "draft":
            lines["draft"] = "true"
        elif change == "undraft":
            lines["draft"] = "false"
        elif change == "rename":
            path.unlink()
            path = path.with_name(f"r{self.counter:03d}.md")
        new_head = "---\n" + "\n".join(f"{k}: {v}" for k, v in lines.items())
        self._write(path, new_head + "\n---\n" + body)
        return f"{change} {path.stem}"


def build(src: Path, out: Path, parallel: int = 1) -> str:
    return build_once(src, out, parallel=parallel).status


def snapshot(outdir: Path) -> dict[str, object]:
    """Every output file's bytes; the search index as data, without terms that lost all pages."""
    files: dict[str, object] = {}
    for path in sorted(outdir.rglob("*")):
        rel = path.relative_to(outdir).as_posix()
        if not path.is_file() or rel.startswith(".doctrees") or path.name in VOLATILE:
            continue
        if rel.startswith("pagefind/"):
            continue  # compared as data below
        if path.name == "searchindex.js":
            files[rel] = search_index(path)
        else:
            files[rel] = path.read_bytes()
    return files


def search_index(path: Path) -> dict[str, object]:
    text = path.read_text(encoding="utf-8")
    data = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    for key in ("terms", "titleterms"):
        data[key] = {term: docs for term, docs in data[key].items() if docs != []}
    return data


def compare(incremental: Path, clean: Path, history: list[str]) -> None:
    assert diff_bundles(incremental / "pagefind", clean / "pagefind") == [], \
        f"search index differs from a clean build's after {history}"
    left, right = snapshot(incremental), snapshot(clean)
    assert sorted(left) == sorted(right), f"file sets differ after {history}"
    different = [name for name in left if left[name] != right[name]]
    assert not different, f"{different} differ from a clean build after {history}"


@pytest.mark.parametrize("seed", [1, 2])
def test_random_edits_match_clean_builds(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    project = Project(tmp_path, rng)
    out = tmp_path / "out"
    build(project.src, out)
    history: list[str] = []
    changes = ["add", "delete", "retitle", "redate", "retag", "draft", "undraft", "rename"]
    for step in range(5):
        history.append(project.edit(rng.choice(changes)))
        build(project.src, out)
        clean = tmp_path / f"clean{step}"
        generated = shutil.ignore_patterns("tags", "archive")
        shutil.copytree(project.src, clean / "src", ignore=generated)
        build(clean / "src", clean / "out")
        compare(out / "html", clean / "out" / "html", history)


def test_no_change_rebuild_reads_and_writes_nothing(tmp_path: Path) -> None:
    project = Project(tmp_path, random.Random(3))
    out = tmp_path / "out"
    build(project.src, out)
    stubs = {p: p.stat().st_mtime_ns for p in (project.src / "tags").glob("*.md")}
    status = build(project.src, out)
    assert "0 added, 0 changed, 0 removed" in status
    assert "no targets are out of date" in status
    assert {p: p.stat().st_mtime_ns for p in (project.src / "tags").glob("*.md")} == stubs


def test_parallel_build_matches_serial(tmp_path: Path) -> None:
    project = Project(tmp_path, random.Random(4))
    for _ in range(20):
        project.add()
    serial_src = tmp_path / "serial"
    shutil.copytree(project.src, serial_src)
    build(project.src, tmp_path / "par", parallel=2)
    build(serial_src, tmp_path / "ser", parallel=1)
    compare(tmp_path / "par" / "html", tmp_path / "ser" / "html", ["parallel vs serial"])
