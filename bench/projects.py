"""The three Sphinx projects the benchmark builds from one corpus.

- product: the knowledge base as a user runs it (our ``conf.py``, our ``docs/`` pages, the
  ``sphinx_kb`` extension), articles under ``docs/articles/<folder>/``;
- floor: Sphinx + MyST + sphinx-book-theme with the same MyST settings and no extension; the
  published articles are orphans, so this is the cost of rendering the pages at all;
- naive: what a newcomer writes: theme and MyST defaults and one ``:glob:`` toctree of all
  articles (every page then carries the whole site in its sidebar: quadratic).

Floor and naive get the published articles only (the product does not build drafts either),
so the three configurations write the same article pages.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from synthetic_corpus import ArticleSpec, write_corpus

REPO = Path(__file__).resolve().parent.parent
REPO_PAGES = ("index.md", "archive.md", "guide.md")

_FLOOR_CONF = '''"""Benchmark floor: Sphinx + MyST + sphinx-book-theme, no kb extension."""
project = "Bench floor"
extensions = ["myst_parser"]
html_theme = "sphinx_book_theme"
html_title = project
html_theme_options = {{
    "repository_url": "",
    "use_download_button": False,
    "show_toc_level": 2,
}}
html_baseurl = "http://localhost:8000/"
exclude_patterns = ["_build", ".venv", "**/.ipynb_checkpoints"]
myst_enable_extensions = {myst_extensions!r}
myst_heading_anchors = 3
myst_dmath_allow_space = False
myst_dmath_allow_digits = False
'''

_NAIVE_CONF = '''"""Benchmark naive setup: theme and MyST defaults, one glob toctree."""
project = "Bench naive"
extensions = ["myst_parser"]
html_theme = "sphinx_book_theme"
exclude_patterns = ["_build"]
'''

_MYST_EXTENSIONS = ["dollarmath", "amsmath", "strikethrough", "tasklist", "linkify", "deflist",
                    "colon_fence", "attrs_inline"]


@dataclass
class Project:
    """A Sphinx project folder: ``conf.py`` at its top, sources in ``docs/``."""

    kind: str
    root: Path
    articles: str  # folder of the articles, relative to docs/

    @property
    def confdir(self) -> Path:
        return self.root

    @property
    def srcdir(self) -> Path:
        return self.root / "docs"

    @property
    def outdir(self) -> Path:
        return self.root / "_build" / "html"

    @property
    def article_dir(self) -> Path:
        return self.srcdir / self.articles

    def page(self, slug: str) -> Path:
        return self.outdir / self.articles / f"{slug}.html"

    def build_command(self, jobs: str, outdir: Path | None = None) -> list[str]:
        """The command ``make html`` runs (sphinx-build is ``python -m sphinx``)."""
        return [sys.executable, "-m", "sphinx", "-b", "html", "-c", str(self.confdir),
                "-j", jobs, str(self.srcdir), str(outdir or self.outdir)]


def build_env() -> dict[str, str]:
    """The environment of a build: like the user's, without a DRAFTS override."""
    env = dict(os.environ)
    env.pop("DRAFTS", None)
    env.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    return env


def _fresh(root: Path) -> None:
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)


def _copy_markdown(source: Path, target: Path) -> int:
    """Copy the ``.md``/``.mdx`` files of a corpus folder (not its SOURCE and licence files)."""
    count = 0
    for path in sorted(source.rglob("*")):
        if path.is_file() and path.suffix in (".md", ".mdx"):
            dest = target / path.relative_to(source)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, dest)
            count += 1
    return count


def snapshot_repo(target: Path, repo: Path = REPO) -> Path:
    """Copy what the product needs from the checkout: conf.py, the docs pages, ``_ext``.

    Every build of one bench run then uses the same code and pages, even if someone edits
    the checkout meanwhile.
    """
    _fresh(target)
    shutil.copy2(repo / "conf.py", target / "conf.py")
    shutil.copytree(repo / "_ext", target / "_ext",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info"))
    (target / "docs").mkdir()
    for name in REPO_PAGES:
        shutil.copy2(repo / "docs" / name, target / "docs" / name)
    guide = repo / "docs" / "articles" / "guide"
    if guide.is_dir():
        shutil.copytree(guide, target / "docs" / "articles" / "guide")
    return target


def product_project(root: Path, specs: Iterable[ArticleSpec] = (), folder: str = "bench",
                    corpus: Path | None = None, repo: Path = REPO) -> Project:
    """Our conf.py and docs pages, with the articles (generated or copied) in one folder.

    ``repo`` is the checkout or a :func:`snapshot_repo` of it.
    """
    _fresh(root)
    project = Project("product", root, f"articles/{folder}")
    shutil.copy2(repo / "conf.py", root / "conf.py")
    # conf.py puts <its folder>/_ext first on sys.path: the extension of ``repo`` is used.
    (root / "_ext").symlink_to(repo / "_ext", target_is_directory=True)
    project.srcdir.mkdir()
    for name in REPO_PAGES:
        shutil.copy2(repo / "docs" / name, project.srcdir / name)
    guide = repo / "docs" / "articles" / "guide"
    if guide.is_dir():
        shutil.copytree(guide, project.srcdir / "articles" / "guide")
    project.article_dir.mkdir(parents=True, exist_ok=True)
    write_corpus(project.article_dir, specs)
    if corpus is not None:
        _copy_markdown(corpus, project.article_dir)
    return project


def floor_project(root: Path, specs: Iterable[ArticleSpec]) -> Project:
    _fresh(root)
    project = Project("floor", root, "articles/bench")
    (root / "conf.py").write_text(_FLOOR_CONF.format(myst_extensions=_MYST_EXTENSIONS),
                                  encoding="utf-8")
    project.srcdir.mkdir()
    (project.srcdir / "index.md").write_text(
        "# Bench floor\n\nThe articles are in no toctree (`orphan: true`).\n", encoding="utf-8")
    write_corpus(project.article_dir, specs, ["orphan: true"], include_drafts=False)
    return project


def naive_project(root: Path, specs: Iterable[ArticleSpec]) -> Project:
    _fresh(root)
    project = Project("naive", root, "articles/bench")
    (root / "conf.py").write_text(_NAIVE_CONF, encoding="utf-8")
    project.srcdir.mkdir()
    (project.srcdir / "index.md").write_text(
        "# Bench naive\n\n```{toctree}\n:glob:\n:maxdepth: 1\n\narticles/bench/*\n```\n",
        encoding="utf-8")
    write_corpus(project.article_dir, specs, include_drafts=False)
    return project
