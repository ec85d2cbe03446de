"""``make html``, ``make html DRAFTS=1`` and ``make check`` at once, through the real Makefile.

A copy of the project (Makefile, conf.py, the extension) builds a small site
with drafts, a scheduled article, a draft-only tag and a draft's redirect.
The three commands run together; each output must equal the clean build of
its command run alone, the published ones must hold no trace of a draft, and
every page of the drafts build must carry ``noindex``. Two copies of one
command at once: one waits with a one-line message, the site is right.
"""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

import pytest
from buildrun import ROOT, Build, differences

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
#: The environment running the tests has Sphinx, the theme and sphinx-autobuild.
VENV = Path(sys.prefix)
SECRETS = ("zqdraftsecret", "zqfuturesecret", "secret plans", "secret-plans", "another secret")
INDEX = ("# Home\n\n```{kb-recent}\n:limit: 5\n```\n\n"
         "```{toctree}\n:hidden:\n\narchive\ntags/index\n```\n")
ARCHIVE = "# Archive\n\n```{kb-archive}\n```\n"


def article(title: str, date: str, tags: list[str], *, draft: bool = False,
            extra: str = "") -> str:
    return (f"---\ntitle: {title}\ndate: {date}\ntags: [{', '.join(tags)}]\n"
            f"summary: About {title}.\ndraft: {str(draft).lower()}\n{extra}---\n\n"
            f"## Part one\n\nText of {title}.\n")


def make_project(root: Path) -> Path:
    """The project's own Makefile and conf.py around a small site in ``docs/``."""
    root.mkdir(parents=True)
    for name in ("Makefile", "conf.py", "pyproject.toml"):
        shutil.copy2(ROOT / name, root / name)
    (root / "installed.stamp").touch()  # newer than pyproject.toml: make installs nothing
    (root / "_ext").symlink_to(ROOT / "_ext")
    docs = root / "docs" / "articles"
    docs.mkdir(parents=True)
    (root / "docs" / "index.md").write_text(INDEX, encoding="utf-8")
    (root / "docs" / "archive.md").write_text(ARCHIVE, encoding="utf-8")
    topics = ["Python", "Tea", "Sleep", "C++"]
    for n in range(10):
        (docs / f"a{n}.md").write_text(
            article(f"Article {n}", f"2024-0{1 + n % 9}-1{n % 9}", [topics[n % 4], topics[n % 3]]),
            encoding="utf-8")
    (docs / "zqdraftsecret-one.md").write_text(article(
        "Draft zqdraftsecret", "2024-05-05", ["Secret Plans", "Tea"], draft=True,
        extra="aliases: [old/zqdraftsecret.html]\n"), encoding="utf-8")
    (docs / "zqfuturesecret.md").write_text(article(
        "Scheduled zqfuturesecret", "2999-01-01", ["Secret Plans", "Python"]), encoding="utf-8")
    return root


def make(root: Path, *args: str) -> Build:
    return Build(["make", "--no-print-directory", "-C", str(root), f"VENV={VENV}",
                  f"STAMP={root / 'installed.stamp'}", "JOBS=1", *args])


def reference(root: Path, tmp_path: Path, name: str, *args: str) -> Path:
    """The same command alone, from scratch, on a copy of the sources."""
    copy = tmp_path / f"ref-{name}-{time.monotonic_ns()}"
    copy.mkdir()
    for item in root.iterdir():
        if item.name == "_build":
            continue
        if item.name == "docs":
            shutil.copytree(item, copy / "docs", ignore=shutil.ignore_patterns("tags"))
        elif item.is_symlink():
            (copy / item.name).symlink_to(item.readlink())
        else:
            shutil.copy2(item, copy / item.name)
    make(copy, *args).finish()
    return copy / "_build" / name


def assert_no_draft(outdir: Path) -> None:
    """No draft's or scheduled article's page, tag, listing row, feed entry or search term."""
    for path in outdir.rglob("*"):
        rel = path.relative_to(outdir).as_posix()
        if rel.startswith(".doctrees") or not path.is_file():
            continue
        text = path.read_bytes().decode("utf-8", "replace").lower()
        for secret in SECRETS:
            assert secret not in rel.lower() and secret not in text, (rel, secret)


def assert_drafts_build(outdir: Path) -> None:
    assert (outdir / "articles" / "zqdraftsecret-one.html").is_file()
    assert (outdir / "articles" / "zqfuturesecret.html").is_file()
    pages = [path for path in outdir.rglob("*.html")
             if not {".doctrees", "_static"} & set(path.relative_to(outdir).parts)]
    assert len(pages) > 15
    for page in pages:
        text = page.read_text(encoding="utf-8")
        if "http-equiv=\"refresh\"" in text:
            continue  # a redirect stub, not a page
        assert text.count('<meta name="robots" content="noindex" />') == 1, page


def run_together(root: Path, commands: dict[str, tuple[str, ...]]) -> dict[str, str]:
    builds = {name: make(root, *args) for name, args in commands.items()}
    return {name: build.finish() for name, build in builds.items()}


COMMANDS = {"html": ("html",), "drafts": ("html", "DRAFTS=1"), "check": ("check",)}


def test_html_drafts_and_check_at_once(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    for round_ in range(2):
        if round_:  # an incremental round: a new draft-only tag, a retitled article
            (root / "docs" / "articles" / "zqdraftsecret-two.md").write_text(article(
                "Second zqdraftsecret", "2024-06-06", ["Another Secret", "Sleep"], draft=True),
                encoding="utf-8")
            (root / "docs" / "articles" / "a3.md").write_text(
                article("Article three retitled", "2024-04-13", ["Tea"]), encoding="utf-8")
        run_together(root, COMMANDS)
        out = root / "_build"
        assert sorted(p.name for p in out.iterdir()) == ["check", "drafts", "html"]
        assert_no_draft(out / "html")
        assert_no_draft(out / "check")
        assert_drafts_build(out / "drafts")
        for name, args in COMMANDS.items():
            clean = reference(root, tmp_path, name, *args)
            found = differences(out / name, clean)
            assert not found, (round_, name, found)


def test_two_copies_of_one_command(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    make(root, "html").finish()
    (root / "docs" / "articles" / "a11.md").write_text(
        article("Article eleven", "2025-01-01", ["Tea", "New tag"]), encoding="utf-8")
    first, second = make(root, "html"), make(root, "html")
    texts = [first.finish(), second.finish()]
    waited = [text for text in texts if "waiting for another build of" in text]
    assert len(waited) == 1, texts
    line = next(line for line in waited[0].splitlines() if "waiting for another" in line)
    assert line.strip() == "waiting for another build of _build/html to finish"
    found = differences(root / "_build" / "html", reference(root, tmp_path, "html", "html"))
    assert not found, found


@pytest.mark.skipif(not (VENV / "bin" / "sphinx-autobuild").exists(), reason="no sphinx-autobuild")
def test_serve_drafts_builds_into_the_drafts_folder(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    server = make(root, "serve", "DRAFTS=1", "SPHINXOPTS=--port 0 --host 127.0.0.1")
    try:
        deadline = time.monotonic() + 120
        index = root / "_build" / "drafts" / "index.html"
        while not ("build succeeded" in server.text and index.is_file()):
            assert server.process.poll() is None, server.text
            assert time.monotonic() < deadline, server.text
            time.sleep(0.2)
    finally:
        server.kill()
    assert not (root / "_build" / "html").exists()
    assert_drafts_build(root / "_build" / "drafts")
