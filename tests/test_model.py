"""The site model's related articles: the fast candidate search equals ranking everything."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

import pytest
from sphinx_kb.core.dates import ArticleDate
from sphinx_kb.core.model import SiteModel
from sphinx_kb.core.records import Article

TAGS = [f"t{i}" for i in range(6)]


def brute_related(model: SiteModel, docname: str, count: int) -> list[str]:
    """The definition: most shared tags, then nearest in date, then listing order."""
    shared: Counter[str] = Counter()
    for tag in model.tags_of(docname):
        shared.update(tag.docnames)
    shared.pop(docname, None)

    def stamp(name: str) -> float:
        date = model.articles[name].date
        return date.instant.timestamp() if date else -1e15

    here = stamp(docname)
    return sorted(shared, key=lambda o: (-shared[o], abs(stamp(o) - here),
                                         model.position[o]))[:count]


def random_model(rng: random.Random, size: int) -> SiteModel:
    articles = {}
    for index in range(size):
        name = f"a{index:03d}"
        date = None
        if rng.random() > 0.1:  # some undated; many share a day
            day = dt.datetime(2020, 1, 1, tzinfo=dt.UTC) + dt.timedelta(days=rng.randint(0, 40))
            date = ArticleDate(day, False)
        tags = tuple(rng.sample(TAGS, rng.randint(0, 3)))
        articles[name] = Article(docname=name, source=f"{name}.md", title=f"T{index % 7}",
                                 date=date, tags=tags)
    return SiteModel.build(articles)


@pytest.mark.parametrize("seed", range(8))
def test_related_equals_the_definition(seed: int) -> None:
    rng = random.Random(seed)
    model = random_model(rng, rng.randint(5, 120))
    for name in model.order:
        assert model.related(name, 3) == brute_related(model, name, 3), name


def test_related_prefers_more_shared_tags_then_nearest_date() -> None:
    def art(name: str, day: int, tags: tuple[str, ...]) -> Article:
        when = dt.datetime(2021, 1, day, tzinfo=dt.UTC)
        return Article(docname=name, source=name, title=name, date=ArticleDate(when, False),
                       tags=tags)

    model = SiteModel.build({a.docname: a for a in [
        art("me", 10, ("x", "y")), art("both", 1, ("x", "y")), art("near", 11, ("x",)),
        art("far", 30, ("y",)), art("none", 10, ("z",))]})
    assert model.related("me", 3) == ["both", "near", "far"]
