"""The ``kb-check`` hook through the real ``pre-commit``, in a throw-away git repository.

The hook definition is read from this repository's ``.pre-commit-hooks.yaml`` and used
as a ``repo: local`` hook (``language: system``), so nothing is downloaded: ``kb`` is a
small script on ``PATH`` that runs this checkout's ``python -m sphinx_kb``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pre_commit  # noqa: F401  (a test dependency: fail, never skip, when it is missing)
import yaml
from helpers import ROOT, copy_root, write


def _run(command: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def _repository(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    assert shutil.which("git"), "the pre-commit test needs git"
    srcdir = copy_root("seed", tmp_path)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "kb"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m sphinx_kb "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
           "PYTHONPATH": str(ROOT / "_ext"), "PRE_COMMIT_HOME": str(tmp_path / "pre-commit"),
           "XDG_CACHE_HOME": str(tmp_path / "cache"), "GIT_CONFIG_NOSYSTEM": "1",
           "HOME": str(tmp_path)}
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(item for item in hooks if item["id"] == "kb-check")
    local = {**hook, "language": "system"}
    (srcdir / ".pre-commit-config.yaml").write_text(
        yaml.safe_dump({"repos": [{"repo": "local", "hooks": [local]}]}), encoding="utf-8")
    for command in (["git", "init", "-q"], ["git", "config", "user.name", "Writer"],
                    ["git", "config", "user.email", "writer@example.org"],
                    [sys.executable, "-m", "pre_commit", "install"],
                    ["git", "add", "-A"], ["git", "commit", "-q", "-m", "site"]):
        result = _run(command, srcdir, env)
        assert result.returncode == 0, (command, result.stdout, result.stderr)
    return srcdir, env


def test_hook_passes_a_good_commit_and_rejects_a_bad_one(tmp_path: Path) -> None:
    srcdir, env = _repository(tmp_path)
    write(srcdir / "articles" / "good.md",
          "---\ntitle: 'Good'\ndate: '2021-10-05'\ntags: ['Kratom']\n---\n\nFine.\n")
    _run(["git", "add", "articles/good.md"], srcdir, env)
    good = _run(["git", "commit", "-m", "good article"], srcdir, env)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "kb check" in good.stderr + good.stdout and "Passed" in good.stderr + good.stdout

    write(srcdir / "articles" / "bad.md",
          "---\ntitle: 'Bad'\ndate: '2021-02-30'\ntags: ['Kratom']\n---\n\nOops.\n")
    _run(["git", "add", "articles/bad.md"], srcdir, env)
    bad = _run(["git", "commit", "-m", "bad article"], srcdir, env)
    output = bad.stdout + bad.stderr
    assert bad.returncode != 0, output
    assert "Failed" in output
    assert "articles/bad.md:3: WARNING: 'date': '2021-02-30' is not a real date" in output
    assert "[kb.date]" in output
    log = _run(["git", "log", "--format=%s"], srcdir, env).stdout.split()
    assert "bad" not in log  # the commit was refused
