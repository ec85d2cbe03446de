"""Copy the images front matter names (``images: [cover.png]``) next to the pages.

Sphinx copies only images the body shows; a cover named in front matter
alone would give a social preview that points at nothing.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from ..build.store import get_domain
from ..render.elements import is_web_builder
from .common import IMAGE_SUFFIXES, image_source

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def copy_front_matter_images(app: Sphinx, exception: BaseException | None) -> None:
    if exception is not None or not is_web_builder(app.builder):
        return
    srcdir = Path(app.srcdir).resolve()
    outdir = Path(app.outdir)
    model = get_domain(app.env).model()
    for article in model.articles.values():
        for value in article.images:
            relpath = image_source(article, value)
            if relpath is None or Path(relpath).suffix.lower() not in IMAGE_SUFFIXES:
                continue
            source = (srcdir / relpath).resolve()
            if not source.is_file() or not source.is_relative_to(srcdir):
                continue
            target = outdir / relpath
            if target.is_file() and target.stat().st_size == source.stat().st_size \
                    and target.stat().st_mtime >= source.stat().st_mtime:
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
