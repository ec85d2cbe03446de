"""The known-item queries of ``make search-eval``, made from the extension's own records.

The articles come from the build's pickled environment (the ``kb`` domain's ``Article``
records, after the dialect mapping: 18F's ``excerpt`` is the record's ``summary``), and the
tags from the extension's ``SiteModel``, so the queries follow whatever the site shows.

Words and rarity, defined once here:

* a *word* is a run of letters (``[^\\W\\d_]+``), lower-cased, at least 3 letters long and
  not an English stop word;
* the *document frequency* of a word is the number of published articles whose title,
  summary or body (the source file after its front matter) contain it;
* the *rarest* words of a summary are its distinct words by ascending document frequency,
  ties broken by the longer word, then alphabetically;
* the *longest* words of a summary are its distinct words by descending length, ties broken
  by first appearance in the summary.
"""

from __future__ import annotations

import collections
import pickle
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "_ext"))  # the pickled environment holds sphinx_kb records

from sphinx_kb.core.model import SiteModel  # noqa: E402

_WORD_RE = re.compile(r"[^\W\d_]+")
_STOP_TEXT = """
a about above after again against all also am an and any are as at be because been before
being below between both but by can could did do does doing down during each few for from
further had has have having he her here hers herself him himself his how i if in into is it
its itself just me more most my myself no nor not now of off on once only or other our ours
ourselves out over own same she should so some such than that the their theirs them
themselves then there these they this those through to too under until up very was we were
what when where which while who whom why will with would you your yours yourself yourselves
"""
STOP_WORDS = frozenset(_STOP_TEXT.split())


@dataclass(frozen=True)
class Query:
    """One query of one kind, and the page it should find (site path without ``.html``)."""

    kind: str
    article: str  # docname of the article the query is made from
    text: str
    target: str


def words(text: str) -> list[str]:
    """The words of a text, in order (see the module docstring)."""
    return [w for w in (m.lower() for m in _WORD_RE.findall(text))
            if len(w) >= 3 and w not in STOP_WORDS]


def load_records(doctrees: Path) -> dict[str, Any]:
    """docname -> ``Article`` for the articles the build published (not drafts, not scheduled)."""
    with (doctrees / "environment.pickle").open("rb") as handle:
        env = pickle.load(handle)
    data = env.domaindata["kb"]
    skipped = data.get("skipped", {})
    return {name: art for name, art in data["articles"].items() if name not in skipped}


def body_text(srcdir: Path, article: Any) -> str:
    """The article's source after its front matter block."""
    lines = (srcdir / article.source).read_text(encoding="utf-8", errors="replace").splitlines()
    return "\n".join(lines[max(article.block_lines, 0):])


def document_frequency(srcdir: Path, articles: dict[str, Any]) -> collections.Counter[str]:
    frequency: collections.Counter[str] = collections.Counter()
    for article in articles.values():
        frequency.update(set(words(f"{article.title} {article.summary} "
                                   f"{body_text(srcdir, article)}")))
    return frequency


def rarest(summary: str, frequency: collections.Counter[str], count: int = 3) -> list[str]:
    distinct = set(words(summary))
    return sorted(distinct, key=lambda w: (frequency[w], -len(w), w))[:count]


def longest(summary: str, count: int = 3) -> list[str]:
    distinct = list(dict.fromkeys(words(summary)))
    return sorted(distinct, key=lambda w: (-len(w), distinct.index(w)))[:count]


def make_queries(srcdir: Path, doctrees: Path, folder: str = "", tags_dir: str = "tags"
                 ) -> tuple[list[Query], dict[str, int]]:
    """The four queries per published article under ``folder`` (a docname prefix; the whole
    site's articles count for rarity and tags), and counts of articles left out per kind."""
    articles = load_records(doctrees)
    model = SiteModel.build(articles)
    frequency = document_frequency(srcdir, articles)
    queries: list[Query] = []
    left_out = {"title": 0, "rare": 0, "long": 0, "tag": 0}
    for name in sorted(name for name in articles if name.startswith(folder)):
        article = articles[name]
        target = "/" + name
        if article.title.strip():
            queries.append(Query("title", name, article.title, target))
        else:
            left_out["title"] += 1
        rare, long = rarest(article.summary, frequency), longest(article.summary)
        for kind, picked in (("rare", rare), ("long", long)):
            if picked:
                queries.append(Query(kind, name, " ".join(picked), target))
            else:
                left_out[kind] += 1
        tags = model.tags_of(name)
        if tags:
            tag = tags[0]
            queries.append(Query("tag", name, tag.name, f"/{tags_dir}/{tag.slug}"))
        else:
            left_out["tag"] += 1
    return queries, left_out


def normalise(path: str) -> str:
    """A site path without ``index.html``/``.html``/trailing slash, for comparing result URLs."""
    for suffix in ("index.html", ".html", "/"):
        if path.endswith(suffix):
            path = path[: -len(suffix)]
    return path or "/"
