"""An article and its translations: one article in several languages.

Versions share a translation key (Hugo's ``translationKey``, else the path
without its ``.<lang>``). Each group is listed once, by its version in the
site's main language; a group without one (a translation with no original)
is listed by one of its own versions, as an article in its own language.
Two versions of one group in the same language cannot both be "the Spanish
version": the first by path keeps the place, the other stands alone, and a
finding says so (the build warns, ``kb check`` prints it).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .findings import Finding

if TYPE_CHECKING:
    from .records import Article


@dataclass
class Translations:
    """Who translates whom: each listed article and every version of it."""

    #: Listed docname (one per group) -> its versions, language -> docname.
    groups: dict[str, dict[str, str]] = field(default_factory=dict)
    #: Any docname -> the listed docname of its group.
    listed_as: dict[str, str] = field(default_factory=dict)
    #: Versions that lost their place to another file of the same group and language.
    clashes: list[tuple[str, str]] = field(default_factory=list)

    def versions(self, docname: str) -> dict[str, str]:
        """Language -> docname of every version of ``docname``'s article, itself included."""
        return self.groups.get(self.listed_as.get(docname, docname), {})


def group_translations(articles: Mapping[str, Article], main: str) -> Translations:
    """Group the articles by translation key and choose the listed version of each group."""
    by_key: dict[str, dict[str, str]] = {}
    result = Translations()
    for docname in sorted(articles):
        article = articles[docname]
        versions = by_key.setdefault(article.translation_key or docname, {})
        taken = versions.get(article.lang)
        if taken is None:
            versions[article.lang] = docname
            continue
        result.clashes.append((docname, taken))
        by_key[f"\0{docname}"] = {article.lang: docname}
    for versions in by_key.values():
        listed = versions.get(main) or versions[min(versions)]
        result.groups[listed] = dict(sorted(versions.items()))
        for docname in versions.values():
            result.listed_as[docname] = listed
    return result


def translation_findings(articles: Mapping[str, Article], main: str,
                         srcdir: str | os.PathLike[str]) -> list[Finding]:
    """Versions displaced by another file of their group and language; versions without
    the summary another version has (a translation inherits nothing, and says so)."""
    found = []
    translations = group_translations(articles, main)
    for versions in translations.groups.values():
        with_summary = [name for name in versions.values() if articles[name].summary]
        if not with_summary or len(with_summary) == len(versions):
            continue
        source = articles[with_summary[0]].source
        for name in versions.values():
            article = articles[name]
            if not article.summary:
                found.append(Finding(
                    str(Path(srcdir, article.source)), article.line_of("title"), "summary",
                    f"this translation has no 'summary'; it is not taken from {source}: add a "
                    "line like summary: '...' in this file's language"))
    for docname, kept in translations.clashes:
        article, other = articles[docname], articles[kept]
        line = article.line_of("translationKey") if "translationKey" in article.lines else 1
        found.append(Finding(
            str(Path(srcdir, article.source)), line, "translation",
            f"{other.source} is already the '{article.lang}' version of this article; this "
            "file is built as an article of its own. Give it another language, or another "
            "translationKey"))
    return found
