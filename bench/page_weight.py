"""What a reader downloads: first and second view of an article, compressed, in Chromium.

``make bench`` runs this after the build benchmark (issue 16 "Light pages at any size").
For each site size it builds the product on the synthetic corpus, serves the HTML folder
over HTTP as a static host does (gzip for text, ``Cache-Control: max-age=600`` as GitHub
Pages sends, ``ETag``), and opens, in one fresh browser context, one article (first view,
empty cache) and then another article (second view, warm cache). The bytes are the sum
of ``encodedDataLength`` of Chrome DevTools Protocol ``Network.loadingFinished`` events:
what crossed the network, headers included, compressed as sent; a file served from the
browser cache counts 0.

Quick try: ``.venv/bin/python bench/page_weight.py --sizes 50``.
"""

from __future__ import annotations

import argparse
import email.utils
import functools
import gzip
import hashlib
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

CHROMIUM = os.environ.get("KB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
#: The issue's limit for the first view of an article.
FIRST_VIEW_LIMIT = 400 * 1024
#: Types a static host compresses (GitHub Pages, Netlify, nginx's usual gzip_types).
_COMPRESSED = (".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt", ".map")


class CompressingHandler(http.server.SimpleHTTPRequestHandler):
    """A static host: gzip for text files, a short cache lifetime and an ETag on everything."""

    protocol_version = "HTTP/1.1"
    #: Headers and body leave in separate writes: with Nagle's algorithm the body of a small
    #: file then waits for the browser's delayed ACK (40 ms on Linux), which no static host
    #: imposes.
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            self.send_error(404)
            return None
        data = path.read_bytes()
        etag = '"' + hashlib.sha1(data).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Cache-Control", "max-age=600")
            self.end_headers()
            return None
        gzipped = (path.suffix in _COMPRESSED
                   and "gzip" in self.headers.get("Accept-Encoding", ""))
        if gzipped:
            data = gzip.compress(data, compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Length", str(len(data)))
        self.send_header("ETag", etag)
        self.send_header("Cache-Control", "max-age=600")
        self.send_header("Last-Modified", email.utils.formatdate(path.stat().st_mtime, usegmt=True))
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return _Body(data)


class _Body:
    """What ``send_head`` returns for ``copyfile``: the (compressed) bytes as a file."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, size: int = -1) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 like a static host; yields the base URL."""
    handler = functools.partial(CompressingHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        thread.join()


@dataclass
class View:
    """One page view: bytes over the network per URL (0 for the browser cache)."""

    url: str
    files: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.files.values())

    @property
    def requests(self) -> int:
        return len(self.files)


def open_and_weigh(page: Any, url: str) -> View:
    """Navigate ``page`` to ``url``; what the view fetched, from CDP network events."""
    session = page.context.new_cdp_session(page)
    session.send("Network.enable")
    names: dict[str, str] = {}
    view = View(url)
    session.on("Network.requestWillBeSent",
               lambda event: names.__setitem__(event["requestId"], event["request"]["url"]))
    def finished(event: dict[str, Any]) -> None:
        url = names.get(event["requestId"], event["requestId"])
        if not url.startswith("data:"):  # the icons' inline SVG: part of kb-icons.css
            view.files[url] = int(event["encodedDataLength"])
    session.on("Network.loadingFinished", finished)
    page.goto(url, wait_until="networkidle")
    session.detach()
    return view


def weigh_articles(browser: Any, base_url: str, first: str, second: str) -> tuple[View, View]:
    """First view of ``first`` with an empty cache, then ``second`` in the same context."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        return (open_and_weigh(page, base_url + first), open_and_weigh(page, base_url + second))
    finally:
        context.close()


def two_articles(outdir: Path, folder: str) -> tuple[str, str]:
    """Two article pages of the built site (relative URLs), in name order."""
    pages = sorted(p for p in (outdir / folder).glob("*.html"))
    if len(pages) < 2:
        raise SystemExit(f"fewer than two articles in {outdir / folder}")
    return (pages[0].relative_to(outdir).as_posix(), pages[-1].relative_to(outdir).as_posix())


def build_site(root: Path, count: int) -> tuple[Path, str]:
    """Build the product on ``count`` synthetic articles; the HTML folder and article folder."""
    from projects import build_env, product_project, snapshot_repo
    from synthetic_corpus import generate

    repo = snapshot_repo(root / "repo")
    project = product_project(root / "site", generate(count), repo=repo)
    result = subprocess.run(project.build_command("auto"), capture_output=True, text=True,
                            env=build_env(), check=False)
    if result.returncode != 0:
        raise SystemExit(f"build of {count} articles failed:\n{result.stderr[-3000:]}")
    return project.outdir, project.articles


def kb(size: int) -> str:
    return f"{size / 1024:,.1f} KB"


def report(count: int, first: View, second: View) -> str:
    verdict = "ok" if first.total <= FIRST_VIEW_LIMIT else "OVER"
    heaviest = sorted(first.files.items(), key=lambda item: -item[1])[:4]
    cached = sum(1 for size in second.files.values() if size == 0)
    lines = [f"{count:>7,} articles: first view {kb(first.total)} in {first.requests} files "
             f"(limit {kb(FIRST_VIEW_LIMIT)}: {verdict}); second view {kb(second.total)}, "
             f"of which its HTML {kb(second.files.get(second.url, 0))}, "
             f"{cached} of its {second.requests} files from the browser cache"]
    lines += [f"           {kb(size):>10}  {url.rsplit('/', 2)[-2]}/{url.rsplit('/', 1)[-1]}"
              for url, size in heaviest]
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 20000],
                        help="site sizes in articles (default: 500 20000)")
    parser.add_argument("--keep", action="store_true", help="keep the built sites")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="kb-weight-"))
    print("Page weight (issue 16): compressed bytes over the network, Chromium CDP "
          "encodedDataLength; gzip static host, Cache-Control max-age=600", flush=True)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for count in args.sizes:
                outdir, folder = build_site(work / str(count), count)
                first_page, second_page = two_articles(outdir, folder)
                with serve(outdir) as base_url:
                    first, second = weigh_articles(browser, base_url, first_page, second_page)
                print(report(count, first, second), flush=True)
                if not args.keep:
                    shutil.rmtree(work / str(count))
            browser.close()
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
