"""The writers' tools from the command line: ``kb check`` output, exit status and checks.

Runs the real command (``python -m sphinx_kb``, as the ``kb`` script does) on copies of
the test roots; the parity with the build is in ``test_cli_parity.py``, ``kb new`` and
``kb tags`` in ``test_cli_edit.py``, the pre-commit hook in ``test_cli_precommit.py``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from helpers import ROOT, copy_root, write

ARTICLE = "---\ntitle: '{title}'\ndate: '{date}'\ntags: [{tags}]\n{extra}---\n\n{body}\n"


def kb(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "_ext"), "XDG_CACHE_HOME": str(cwd / ".cache")}
    return subprocess.run([sys.executable, "-m", "sphinx_kb", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def article(title: str, date: str = "2021-01-01", tags: str = "", extra: str = "",
            body: str = "Text.") -> str:
    return ARTICLE.format(title=title, date=date, tags=tags, extra=extra, body=body)


def test_clean_site_exits_0_and_says_so(tmp_path: Path) -> None:
    srcdir = copy_root("seed", tmp_path)
    result = kb("check", cwd=srcdir)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""
    assert "no problems" in result.stderr


def test_problems_exit_1_with_file_line_and_build_wording(tmp_path: Path) -> None:
    srcdir = copy_root("validation", tmp_path)
    result = kb("check", cwd=srcdir)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert ("articles/bad-date.md:4: WARNING: 'date': '2021-13-45' is not a real date or time "
            "(month must be in 1..12) [kb.date]") in lines
    assert any(line.startswith("articles/yaml-tab.md:5: WARNING: malformed YAML") for line in lines)


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    srcdir = copy_root("seed", tmp_path)
    assert kb("check", "--format", "xml", cwd=srcdir).returncode == 2
    missing = kb("check", "articles/nope.md", cwd=srcdir)
    assert missing.returncode == 2 and "nope.md" in missing.stderr
    no_conf = kb("check", cwd=tmp_path)  # no conf.py here or above
    assert no_conf.returncode == 2 and "conf.py" in no_conf.stderr
    assert kb(cwd=srcdir).returncode == 2


def test_paths_limit_the_report_to_those_files(tmp_path: Path) -> None:
    srcdir = copy_root("validation", tmp_path)
    result = kb("check", "articles/bad-date.md", "articles/word-date.md", "index.md", cwd=srcdir)
    assert result.returncode == 1
    files = {line.split(":", 1)[0] for line in result.stdout.splitlines()}
    assert files == {"articles/bad-date.md", "articles/word-date.md"}
    good = kb("check", "index.md", cwd=srcdir)  # not an article: nothing to report
    assert good.returncode == 0, good.stdout


def test_github_and_json_formats(tmp_path: Path) -> None:
    srcdir = copy_root("validation", tmp_path)
    github = kb("check", "--format", "github", "articles/bad-date.md", cwd=srcdir)
    assert github.returncode == 1
    assert github.stdout == ("::error file=articles/bad-date.md,line=4,title=kb.date::'date': "
                             "'2021-13-45' is not a real date or time (month must be in 1..12)\n")
    data = json.loads(kb("check", "--format", "json", cwd=srcdir).stdout)
    assert data["count"] == len(data["problems"]) > 5
    first = data["problems"][0]
    assert set(first) == {"file", "line", "type", "message"}
    assert {p["type"] for p in data["problems"]} >= {"kb.date", "kb.yaml", "kb.title"}


def test_problems_between_articles(tmp_path: Path) -> None:
    """Duplicate titles and slugs, tag spellings, dead and draft links, taken addresses."""
    srcdir = copy_root("seed", tmp_path, {
        "articles/one.md": article("Same title", tags="Python, next js",
                                   extra="aliases: ['/old/']\n",
                                   body="See [two](two.md), [gone](missing.md) and "
                                        "{doc}`the draft <draft>`, not `[y](in-span.md)`."
                                        "\n\n```\n"
                                        "[x](inside-code.md)\n```"),
        "articles/two.md": article("Same Title", date="2021-01-02", tags="python, next-js",
                                   extra="redirect_from: /old/\n"),
        "articles/draft.md": article("A draft", extra="draft: true\n"),
        "articles/2020/one.md": article("Other", date="2020-01-01"),
    })
    out = kb("check", cwd=srcdir).stdout
    assert ("articles/one.md:8: WARNING: link to 'missing.md' points to no page; fix the path "
            "(relative to this file) or remove the link [kb.link]") in out
    assert "articles/one.md:8: WARNING: link to 'draft' points to an article that is not " \
           "published (draft)" in out
    assert "inside-code" not in out and "in-span" not in out and "link to 'two.md'" not in out
    assert ("articles/two.md:2: WARNING: title 'Same Title' is also the title of "
            "articles/one.md") in out
    assert "slug 'one' is also the slug of articles/2020/one.md" in out
    assert "articles/two.md:4: WARNING: tag 'python' is shown on the site as 'Python' (its most " \
           "used spelling); write 'Python' here" in out  # a tie: the first in sort order
    assert "differ only by spaces, '-' or '_'" in out
    # The newer article keeps the address, as in the build.
    assert "articles/one.md:5: WARNING: redirect from 'old/' not written: the address is " \
           "already taken by articles/two.md [kb.redirect]" in out


def test_the_check_path_imports_no_sphinx() -> None:
    code = ("import sys, sphinx_kb, sphinx_kb.cli, sphinx_kb.cli.check, sphinx_kb.cli.tags, "
            "sphinx_kb.cli.new, sphinx_kb.cli.crosscheck, sphinx_kb.cli.articles\n"
            "print(sorted({n.split('.')[0] for n in sys.modules} & "
            "{'sphinx', 'docutils', 'myst_parser', 'markdown_it'}))")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "_ext")}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=env, check=True)
    assert result.stdout.strip() == "[]"


def test_a_bad_setting_is_reported_and_replaced_as_the_build_does(tmp_path: Path) -> None:
    srcdir = copy_root("seed", tmp_path)
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + "kb_timezone = 'Mars/Olympus'\n",
                    encoding="utf-8")
    result = kb("check", cwd=srcdir)
    assert result.returncode == 1
    assert "conf.py:" in result.stdout and "setting kb_timezone = 'Mars/Olympus' is not a " \
        "known time zone" in result.stdout


def test_cache_never_hides_an_edit(tmp_path: Path) -> None:
    srcdir = copy_root("seed", tmp_path)
    write(srcdir / "articles" / "edit.md", article("Edit me"))
    assert kb("check", cwd=srcdir).returncode == 0
    path = srcdir / "articles" / "edit.md"
    path.write_text(article("Edit me", date="2021-02-30"), encoding="utf-8")
    stamp = path.stat().st_mtime + 5
    os.utime(path, (stamp, stamp))
    result = kb("check", "articles/edit.md", cwd=srcdir)
    assert result.returncode == 1 and "2021-02-30" in result.stdout


def test_conf_py_in_docs_is_found_from_the_repository_top(tmp_path: Path) -> None:
    """sphinx-quickstart's layout: docs/conf.py; pre-commit runs from the top with paths."""
    copy_root("validation", tmp_path)
    (tmp_path / "src").rename(tmp_path / "docs")
    result = kb("check", "docs/articles/bad-date.md", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.startswith("docs/articles/bad-date.md:4: WARNING: 'date':")
    assert kb("check", cwd=tmp_path).returncode == 1  # found in docs/ without paths too


def test_kb_is_a_console_script_of_the_package() -> None:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    module, _, function = project["scripts"]["kb"].partition(":")
    assert (module, function) == ("sphinx_kb.cli", "main")
    from sphinx_kb.cli import main

    assert callable(main)
    usage = subprocess.run([sys.executable, "-m", "sphinx_kb", "--help"], capture_output=True,
                           text=True, env={**os.environ, "PYTHONPATH": str(ROOT / "_ext")})
    assert usage.returncode == 0
    assert all(command in usage.stdout for command in ("check", "new", "tags"))
