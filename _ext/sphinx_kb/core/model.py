"""The site as readers see it: articles in listing order, tags, neighbours.

Built once per build from the records; every listing, tag page and article
footer reads from it, and so do the write fingerprints, so that what decides
whether a page is rewritten is exactly what the page shows.

Translations (`translations.py`): the listings (``order``, ``years``, tags)
hold each article once, in the main language; each language has a model of
its own articles (``languages``), which gives an article its neighbours and
related articles, and a language its archive and feed.
"""

from __future__ import annotations

import bisect
import heapq
from dataclasses import dataclass, field

from .paging import UNDATED
from .records import Article
from .tags import Tag, build_tag_index, tag_key
from .translations import Translations, group_translations


def archive_year(article: Article) -> str:
    """The archive page an article is listed on: its year, or ``undated``."""
    return str(article.date.instant.year) if article.date else UNDATED


def years_of(order: list[str], articles: dict[str, Article]) -> dict[str, list[str]]:
    """Archive year -> its docnames, both in listing order (newest first, undated last)."""
    years: dict[str, list[str]] = {}
    for name in order:
        years.setdefault(archive_year(articles[name]), []).append(name)
    return years


def listing_order(article: Article) -> tuple[bool, float, str, str]:
    """Newest first, undated last, then title and path so output is deterministic."""
    timestamp = article.date.instant.timestamp() if article.date else 0.0
    return (article.date is None, -timestamp, article.title.casefold(), article.docname)


@dataclass
class SiteModel:
    articles: dict[str, Article]  # every published article, all languages
    order: list[str]  # docnames listed, newest first: one per article, main language first
    tags: dict[str, Tag]  # tag key -> Tag (of listed docnames)
    translations: Translations = field(default_factory=Translations)
    #: Language -> the model of that language's articles (empty: one language, this model).
    languages: dict[str, SiteModel] = field(default_factory=dict)
    by_slug: dict[str, Tag] = field(default_factory=dict)
    position: dict[str, int] = field(default_factory=dict)
    years: dict[str, list[str]] = field(default_factory=dict)  # archive year -> docnames
    _related: dict[str, list[str]] = field(default_factory=dict)
    _rows: dict[str, tuple[object, ...]] = field(default_factory=dict)
    _stamps: dict[str, float] = field(default_factory=dict)
    _members: dict[str, frozenset[str]] = field(default_factory=dict)
    _positions: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def build(cls, articles: dict[str, Article], main: str = "en") -> SiteModel:
        """The site: one listing of every article, and a model per language if several."""
        if all(art.lang == main and art.translation_key in ("", name)
               for name, art in articles.items()):
            return cls._listing(articles)  # one language: no groups to make
        translations = group_translations(articles, main)
        codes = sorted({article.lang for article in articles.values()})
        model = cls._listing(articles, {name: articles[name] for name in translations.groups},
                             translations)
        for code in codes:
            model.languages[code] = cls._listing(
                {name: art for name, art in articles.items() if art.lang == code})
        return model

    @classmethod
    def _listing(cls, articles: dict[str, Article], listed: dict[str, Article] | None = None,
                 translations: Translations | None = None) -> SiteModel:
        """A model listing ``listed`` (default: all), tagged with all its versions' tags."""
        listed = articles if listed is None else listed
        translations = translations or Translations()
        order = sorted(listed, key=lambda name: listing_order(listed[name]))
        groups = translations.groups
        tags = build_tag_index(
            (name, tuple(tag for version in groups[name].values()
                         for tag in articles[version].tags)
             if len(groups.get(name, ())) > 1 else articles[name].tags)
            for name in order)
        model = cls(articles, order, tags, translations)
        model.by_slug = {tag.slug: tag for tag in tags.values()}
        model.position = {name: index for index, name in enumerate(order)}
        model.years = years_of(order, articles)
        # Undated articles are listed last, so for distances they sit before every date.
        model._stamps = {name: art.date.instant.timestamp() if art.date else -1e15
                         for name, art in articles.items()}
        model._members = {key: frozenset(tag.docnames) for key, tag in tags.items()}
        model._positions = {key: [model.position[name] for name in tag.docnames]
                            for key, tag in tags.items()}
        return model

    def every(self) -> list[str]:
        """Every article, translations included, in listing order (redirects, spellings)."""
        if len(self.order) == len(self.articles):
            return self.order
        return sorted(self.articles, key=lambda name: listing_order(self.articles[name]))

    def language(self, docname: str) -> SiteModel:
        """The model of ``docname``'s language: its neighbours and related articles."""
        return self.languages.get(self.articles[docname].lang, self) if self.languages else self

    def versions(self, docname: str) -> dict[str, str]:
        """Language -> docname of each version, when the article has translations."""
        versions = self.translations.versions(docname)
        return versions if len(versions) > 1 else {}

    def tags_of(self, docname: str) -> list[Tag]:
        seen: dict[str, Tag] = {}
        for name in self.articles[docname].tags:
            key = tag_key(name)
            if key in self.tags and key not in seen:
                seen[key] = self.tags[key]
        return list(seen.values())

    def older(self, docname: str) -> str | None:
        if self.languages:
            return self.language(docname).older(docname)
        index = self.position[docname] + 1
        return self.order[index] if index < len(self.order) else None

    def newer(self, docname: str) -> str | None:
        if self.languages:
            return self.language(docname).newer(docname)
        index = self.position[docname] - 1
        return self.order[index] if index >= 0 else None

    def related(self, docname: str, count: int) -> list[str]:
        """Articles sharing the most tags; ties go to the nearest in date, then the newer.

        Nearest rather than newest: a new article then enters the related lists
        of its neighbours in time only, not of every article sharing a tag, so
        adding one article rewrites a few pages instead of dozens.
        """
        if self.languages:
            return self.language(docname).related(docname, count)
        if docname not in self._related:
            members = [self._members[tag.key] for tag in self.tags_of(docname)]
            candidates = self._related_candidates(docname, members, count)
            shared = {other: sum(other in group for group in members) for other in candidates}
            stamps = self._stamps
            here = stamps[docname]
            position = self.position
            self._related[docname] = heapq.nsmallest(
                count, candidates,
                key=lambda other: (-shared[other], abs(stamps[other] - here), position[other]))
        return self._related[docname][:count]

    def _related_candidates(self, docname: str, members: list[frozenset[str]],
                            count: int) -> set[str]:
        """Every article that could rank: all sharing 2+ tags, and per tag the ones nearest in date.

        A tag's articles are in date order, so the nearest in date sharing one
        tag are its neighbours in that list; this keeps the work per article
        independent of how popular its tags are.
        """
        multi: set[str] = set()
        for i, first in enumerate(members):
            for second in members[i + 1:]:
                multi |= first & second
        candidates = set(multi)
        here = self.position[docname]
        stamps = self._stamps
        for tag in self.tags_of(docname):
            names, positions = tag.docnames, self._positions[tag.key]
            start = bisect.bisect_left(positions, here)
            for step, index in ((-1, start - 1), (1, start)):
                found, last = 0, None
                while 0 <= index < len(names):
                    other = names[index]
                    index += step
                    if other == docname or other in multi:
                        continue
                    distance = abs(stamps[other] - stamps[docname])
                    if found >= count and distance != last:
                        break  # past the nearest `count`, and past any tie with the last
                    candidates.add(other)
                    found, last = found + 1, distance
        candidates.discard(docname)
        return candidates

    def tags_by_use(self) -> list[Tag]:
        return sorted(self.tags.values(), key=lambda tag: (-len(tag.docnames), tag.name.casefold()))

    # What each kind of page shows of other pages, for the write fingerprints.

    def row(self, docname: str) -> tuple[object, ...]:
        if docname not in self._rows:
            art = self.articles[docname]
            self._rows[docname] = (
                docname, art.title, art.date, art.lastmod, art.summary, art.draft,
                tuple((tag.name, tag.slug) for tag in self.tags_of(docname)),
                tuple(self.versions(docname).items()), art.lang)
        return self._rows[docname]

    def article_inputs(self, docname: str, related_count: int) -> tuple[object, ...]:
        neighbours = tuple(self.row(name) if name else None
                           for name in (self.older(docname), self.newer(docname)))
        related = tuple(self.row(name) for name in self.related(docname, related_count))
        # The language switcher and the alternates name every version by its title and address.
        versions = tuple((code, name, self.articles[name].title)
                         for code, name in self.versions(docname).items())
        return (self.row(docname), neighbours, related, self.articles[docname].lang, versions)
