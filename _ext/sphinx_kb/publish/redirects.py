"""Redirect pages for old addresses (``aliases``, ``redirect_from``, ``permalink``).

Writers moving from Hugo or Jekyll keep their old URLs working. Each page is
a tiny HTML file with a meta refresh and a canonical link; the set written is
remembered so that pages for removed or drafted articles are deleted.
"""

from __future__ import annotations

import html
import posixpath
from pathlib import Path
from typing import TYPE_CHECKING

from ..build.store import get_domain
from ..build.warn import warn
from ..core.files import write_if_changed
from ..core.findings import plan_redirect_files
from ..render.elements import is_web_builder

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Moved: {title}</title>
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url={target}">
<link rel="canonical" href="{canonical}">
</head>
<body><main><h1>Moved: {title}</h1>
<p>This page has moved to <a href="{target}">{title}</a>.</p></main></body>
</html>
"""


def plan_redirects(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Decide the redirect pages at ``env-updated``, so the plan is pickled with the env."""
    if not is_web_builder(app.builder):  # one-file and e-book editions have no addresses
        return []
    domain = get_domain(env)
    model = domain.model()
    pages = {app.builder.get_target_uri(name) for name in env.found_docs}
    wanted, findings = plan_redirect_files(model.every(), model.articles, pages, app.srcdir)
    for finding in findings:
        warn(finding)
    outdir = Path(app.builder.outdir)
    for stale in set(domain.redirects) - set(wanted):
        (outdir / stale).unlink(missing_ok=True)
    domain.redirects.clear()
    domain.redirects.update(wanted)
    return []


def write_redirects(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or not is_web_builder(app.builder):
        return
    domain = get_domain(app.env)
    model = domain.model()
    outdir = Path(app.builder.outdir)
    for target_file, docname in domain.redirects.items():
        page = app.builder.get_target_uri(docname)
        relative = posixpath.relpath(page, posixpath.dirname(target_file) or ".")
        base = app.config.html_baseurl
        canonical = base.rstrip("/") + "/" + page if base else relative
        content = _TEMPLATE.format(title=html.escape(model.articles[docname].title),
                                   target=html.escape(relative, quote=True),
                                   canonical=html.escape(canonical, quote=True))
        write_if_changed(outdir / target_file, content)
