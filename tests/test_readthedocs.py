"""Read the Docs (issue 7 item 6): run ``.readthedocs.yaml``'s build commands as Read the Docs does.

The repository's files Read the Docs sees (conf.py, docs/ without the generated
tag pages, _ext/, pyproject.toml, README.md) are copied to a temporary folder,
and every command of ``build.commands`` runs there through a shell with the
variables Read the Docs sets. ``python -m pip install .`` is skipped (the
package is installed in this virtualenv); every other command runs exactly as
written, with ``python`` being this virtualenv's interpreter. Then the output
must use the canonical URL Read the Docs gave: canonical links, sitemap, feeds,
and a 404 page whose links work at any depth.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup
from defusedxml import ElementTree

ROOT = Path(__file__).resolve().parent.parent
CANONICAL = "https://kb.example.org/en/latest/"
PREFIX = "/en/latest/"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
#: What Read the Docs installs itself; the package is already in this virtualenv.
INSTALL_RE = re.compile(r"^python -m pip install\b")
NOT_CONTENT = {"genindex.html", "search.html", "404.html"}


def copy_repository(dest: Path) -> Path:
    repo = dest / "repo"
    repo.mkdir()
    for name in ("conf.py", "pyproject.toml", "README.md", ".readthedocs.yaml"):
        shutil.copy2(ROOT / name, repo / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "_ext", repo / "_ext", ignore=ignore)
    shutil.copytree(ROOT / "docs", repo / "docs", ignore=lambda folder, names: [
        name for name in names
        if (Path(folder) == ROOT / "docs" and name == "tags") or name == "__pycache__"])
    return repo


def rtd_environment(output: Path) -> dict[str, str]:
    """The variables Read the Docs sets, and ``python`` = this virtualenv's interpreter."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("READTHEDOCS", "SPHINX", "DRAFTS"))}
    env.update({
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
        "READTHEDOCS": "True",
        "READTHEDOCS_PROJECT": "kb",
        "READTHEDOCS_LANGUAGE": "en",
        "READTHEDOCS_VERSION": "latest",
        "READTHEDOCS_VERSION_TYPE": "branch",
        "READTHEDOCS_CANONICAL_URL": CANONICAL,
        "READTHEDOCS_OUTPUT": str(output),
    })
    env.pop("PYTHONPATH", None)
    return env


@pytest.fixture(scope="module")
def rtd_build(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp_path = tmp_path_factory.mktemp("readthedocs")
    repo = copy_repository(tmp_path)
    output = tmp_path / "output"
    config = yaml.safe_load((repo / ".readthedocs.yaml").read_text(encoding="utf-8"))
    commands = config["build"]["commands"]
    env = rtd_environment(output)
    ran = []
    for command in commands:
        if INSTALL_RE.match(command):
            continue
        if ("latex" in command or "/pdf" in command) and shutil.which("latexmk") is None:
            continue  # the PDF test below says it was skipped
        result = subprocess.run(["bash", "-c", command], cwd=repo, env=env, capture_output=True,
                                text=True, timeout=900, check=False)
        assert result.returncode == 0, (command, result.stdout[-3000:], result.stderr[-3000:])
        ran.append((command, result))
    return {"config": config, "repo": repo, "html": output / "html", "ran": ran,
            "output": output}


def pages(outdir: Path) -> set[str]:
    return {path.relative_to(outdir).as_posix() for path in outdir.rglob("*.html")
            if not path.relative_to(outdir).as_posix().startswith("_")}


def soup(outdir: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((outdir / page).read_text(encoding="utf-8"), "lxml")


def test_the_configuration_is_what_read_the_docs_reads(rtd_build: dict[str, Any]) -> None:
    config = rtd_build["config"]
    assert config["version"] == 2
    assert config["build"]["tools"]["python"] == "3.11"
    commands = config["build"]["commands"]
    assert any(INSTALL_RE.match(command) for command in commands)
    sphinx = [command for command in commands if "sphinx" in command]
    assert "$READTHEDOCS_OUTPUT/html" in sphinx[0]
    assert [command.split(" -b ")[1].split()[0] for command in sphinx] == ["html", "latex", "epub"]
    if shutil.which("latexmk") is not None:
        assert len(rtd_build["ran"]) == len(commands) - 1
    assert (rtd_build["html"] / "index.html").is_file()


@pytest.mark.skipif(shutil.which("latexmk") is None, reason="latexmk is not installed")
def test_pdf_and_epub_downloads(rtd_build: dict[str, Any]) -> None:
    """Read the Docs offers what the commands leave in pdf/ and epub/: one file each."""
    output = rtd_build["output"]
    pdfs = list((output / "pdf").iterdir())
    epubs = list((output / "epub").iterdir())
    assert [p.suffix for p in pdfs] == [".pdf"] and pdfs[0].read_bytes().startswith(b"%PDF")
    assert [p.suffix for p in epubs] == [".epub"]
    with zipfile.ZipFile(epubs[0]) as book:
        names = book.namelist()
        assert names[0] == "mimetype" and not any(".doctrees" in n for n in names)
        opf = book.read("content.opf").decode("utf-8")
    guide = sorted((rtd_build["repo"] / "docs" / "articles" / "guide").glob("*.md"))
    assert guide
    for path in guide:
        assert f'href="articles/guide/{path.stem}.xhtml"' in opf, path.stem
    assert opf.count('linear="no"') < len(guide)


def test_canonical_links_use_the_read_the_docs_url(rtd_build: dict[str, Any]) -> None:
    outdir = rtd_build["html"]
    built = pages(outdir)
    assert "index.html" in built
    for page in built - {"404.html"}:
        links = [link["href"] for link in soup(outdir, page).select('link[rel="canonical"]')]
        assert len(links) == 1, page
        source = rtd_build["repo"] / "docs" / page.replace(".html", ".md")
        if source.is_file() and "canonicalUrl:" in source.read_text(encoding="utf-8"):
            continue  # the article names its own canonical URL
        assert links[0] == CANONICAL + page, (page, links)


def test_sitemap_uses_the_read_the_docs_url(rtd_build: dict[str, Any]) -> None:
    outdir = rtd_build["html"]
    root = ElementTree.fromstring((outdir / "sitemap.xml").read_bytes())
    locs = {url.findtext(f"{SITEMAP}loc") for url in root.findall(f"{SITEMAP}url")}
    assert locs == {CANONICAL + page for page in pages(outdir) - NOT_CONTENT}


def test_robots_txt_points_at_the_sitemap(rtd_build: dict[str, Any]) -> None:
    robots = (rtd_build["html"] / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {CANONICAL}sitemap.xml" in robots.splitlines()
    assert "User-agent: *" in robots


def test_feeds_use_the_read_the_docs_url(rtd_build: dict[str, Any]) -> None:
    outdir = rtd_build["html"]
    feeds = [outdir / "atom.xml", *sorted((outdir / "tags").glob("*.xml"))]
    assert len(feeds) > 1
    for path in feeds:
        feed = ElementTree.fromstring(path.read_bytes())
        assert feed.findtext(f"{ATOM}id") == CANONICAL + path.relative_to(outdir).as_posix()
        for link in feed.iter(f"{ATOM}link"):
            assert link.get("href").startswith(CANONICAL), (path, link.get("href"))
        for entry in feed.findall(f"{ATOM}entry"):
            target = entry.findtext(f"{ATOM}id").removeprefix(CANONICAL)
            assert (outdir / target).is_file(), target
    home = soup(outdir, "index.html")
    assert home.select_one('head link[type="application/atom+xml"]')["href"] == "atom.xml"


def test_404_page_works_at_any_depth(rtd_build: dict[str, Any]) -> None:
    outdir = rtd_build["html"]
    page = soup(outdir, "404.html")
    urls = [tag[attr] for attr in ("href", "src", "action")
            for tag in page.find_all(attrs={attr: True})]
    assert urls
    for url in urls:
        assert url.startswith((PREFIX, "#", "https://", "http://")), url
        if url.startswith(PREFIX):
            target = url.removeprefix(PREFIX).split("?", 1)[0].split("#", 1)[0]
            assert (outdir / (target or "index.html")).exists(), url
    assert not page.select('link[rel="canonical"]')
