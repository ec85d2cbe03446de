"""What translations cost the site model: one language vs a third of the articles translated.

Prints the time to build the model and the write inputs of 2,000 pages, best of three,
and the ratio of the two in this run. Run: ``python bench/translations_model.py [N]``.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "_ext"))

from sphinx_kb.core.dates import parse_date
from sphinx_kb.core.model import SiteModel
from sphinx_kb.core.records import Article


def records(count: int, translated: bool) -> dict[str, Article]:
    rng = random.Random(1)
    tags = [f"tag{number}" for number in range(300)]
    result = {}
    for index in range(count):
        date = parse_date(f"20{10 + index % 15}-{1 + index % 12:02d}-{1 + index % 28:02d}",
                          dt.UTC)
        chosen = tuple(rng.sample(tags, 3))
        name = f"articles/a{index}"
        result[name] = Article(docname=name, source=f"{name}.md", title=f"A {index}",
                               date=date, tags=chosen, lang="en", translation_key=name)
        if translated and index % 3 == 0:
            result[f"{name}.es"] = Article(docname=f"{name}.es", source=f"{name}.es.md",
                                           title=f"E {index}", date=date, tags=chosen,
                                           lang="es", translation_key=name)
    return result


def best_time(articles: dict[str, Article]) -> float:
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        model = SiteModel.build(articles, "en")
        for name in list(articles)[:2000]:
            model.article_inputs(name, 3)
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    times = {}
    for translated in (False, True):
        articles = records(count, translated)
        times[translated] = best_time(articles)
        print(f"{len(articles):6d} articles, translated={translated!s:5}: "
              f"{times[translated]:.2f} s")
    print(f"ratio translated / one language: {times[True] / times[False]:.2f}")


if __name__ == "__main__":
    main()
