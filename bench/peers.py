"""The same corpus built by two peers: MkDocs Material (blog, tags, search) and Hugo.

Issue 13 compares the product with what a team could use instead. MkDocs
Material is installed into a throw-away virtual environment inside the bench's
work folder (so the product's environment is never touched); Hugo is the Debian
package ``hugo`` and is skipped when not installed. Both get the published
articles of the synthetic corpus, with their front matter as written, as blog
posts / content pages with tags.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from projects import Project
from synthetic_corpus import ArticleSpec, write_corpus

MKDOCS_PACKAGES = ("mkdocs-material",)

_MKDOCS_YML = """\
site_name: Bench peer
site_url: http://localhost:8000/
theme:
  name: material
plugins:
  - search
  - blog
  - tags
"""

_HUGO_CONFIG = """\
baseURL = "http://localhost:8000/"
title = "Bench peer"
paginate = 10
[taxonomies]
  tag = "tags"
"""

_HUGO_LAYOUTS = {
    "_default/baseof.html": "<!doctype html><html><head><title>{{ .Title }}</title></head>"
                            "<body>{{ block \"main\" . }}{{ end }}</body></html>\n",
    "_default/single.html": "{{ define \"main\" }}<h1>{{ .Title }}</h1>"
                            "<p>{{ .Date.Format \"2006-01-02\" }}</p>{{ .Content }}"
                            "<ul>{{ range .Params.tags }}<li>{{ . }}</li>{{ end }}</ul>"
                            "{{ end }}\n",
    "_default/list.html": "{{ define \"main\" }}<h1>{{ .Title }}</h1><ul>"
                          "{{ range .Paginator.Pages }}<li><a href=\"{{ .RelPermalink }}\">"
                          "{{ .Title }}</a> {{ .Summary }}</li>{{ end }}</ul>"
                          "{{ template \"_internal/pagination.html\" . }}{{ end }}\n",
}
_HUGO_LAYOUTS["index.html"] = _HUGO_LAYOUTS["_default/list.html"]

#: MkDocs Material's blog wants dates as YAML dates, not quoted strings.
_QUOTED_DATE = re.compile(r"^date: '(\d{4}-\d\d-\d\d)'$", re.MULTILINE)


@dataclass
class PeerProject(Project):
    """A peer's project: ``command`` builds it into ``output``."""

    command: tuple[str, ...] = ()
    output: str = "public"

    @property
    def outdir(self) -> Path:
        return self.root / self.output

    def page(self, slug: str) -> Path:
        return self.outdir / "not-compared" / slug  # peers' URLs differ; no page size

    def build_command(self, jobs: str, outdir: Path | None = None) -> list[str]:
        return list(self.command)


def _fresh(root: Path) -> None:
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)


def mkdocs_python(workdir: Path) -> Path | None:
    """A virtual environment with MkDocs Material under ``workdir`` (made once per bench run)."""
    venv = workdir / "mkdocs-venv"
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        result = subprocess.run([str(python), "-m", "pip", "install", "--quiet",
                                 *MKDOCS_PACKAGES], check=False)
        if result.returncode != 0:
            return None
    return python


def hugo_binary() -> str | None:
    return shutil.which("hugo")


def _published(specs: Iterable[ArticleSpec]) -> list[ArticleSpec]:
    return [spec for spec in specs if not spec.draft]


def mkdocs_project(root: Path, specs: Iterable[ArticleSpec], python: Path) -> PeerProject:
    _fresh(root)
    (root / "mkdocs.yml").write_text(_MKDOCS_YML, encoding="utf-8")
    docs = root / "docs"
    (docs / "blog" / "posts").mkdir(parents=True)
    (docs / "index.md").write_text("# Bench peer\n", encoding="utf-8")
    (docs / "blog" / "index.md").write_text("# Blog\n", encoding="utf-8")
    (docs / "tags.md").write_text("# Tags\n\n<!-- material/tags -->\n", encoding="utf-8")
    posts = docs / "blog" / "posts"
    for spec in _published(specs):
        (posts / spec.filename).write_text(_QUOTED_DATE.sub(r"date: \1", spec.text),
                                           encoding="utf-8")
    return PeerProject("mkdocs", root, "blog/posts",
                       command=(str(python), "-m", "mkdocs", "build", "--quiet", "-f",
                                str(root / "mkdocs.yml"), "-d", str(root / "site")),
                       output="site")


def hugo_project(root: Path, specs: Iterable[ArticleSpec], hugo: str) -> PeerProject:
    _fresh(root)
    (root / "hugo.toml").write_text(_HUGO_CONFIG, encoding="utf-8")
    for name, text in _HUGO_LAYOUTS.items():
        path = root / "layouts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    write_corpus(root / "content" / "posts", specs, include_drafts=False)
    return PeerProject("hugo", root, "posts",
                       command=(hugo, "--quiet", "-s", str(root), "-d", str(root / "public")),
                       output="public")
