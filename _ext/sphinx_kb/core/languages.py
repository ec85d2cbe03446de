"""Language codes: which file-name parts and front-matter values name a language.

Hugo marks a translation by its file name (``name.es.md``, ``index.es.md``) or
by front matter (``lang``, ``language``). A dot in a name is no proof of a
language (``v1.2.md``, ``notes.old.md``): a code counts only when it is one
of ``kb_languages`` or, when that setting is empty, a language Babel knows
(two or three letters, with an optional script or region: ``pt-BR``,
``zh-Hant``). Codes are written the BCP 47 way (``pt-BR``), as ``<html lang>``
and ``hreflang`` want them. Plain Python: ``kb check`` uses it too.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from .frontmatter import FrontMatter, Problem

_CODE_RE = re.compile(r"^(?P<lang>[A-Za-z]{2,3})(?:[-_](?P<script>[A-Za-z]{4}))?"
                      r"(?:[-_](?P<region>[A-Za-z]{2}|[0-9]{3}))?$")


@lru_cache(maxsize=1)
def _known_languages() -> frozenset[str]:
    """Language parts of Babel's locales (``es``, ``yue``); ``old`` and ``min`` are none."""
    from babel.localedata import locale_identifiers  # shipped with Sphinx; imported late

    return frozenset(ident.split("_")[0].lower() for ident in locale_identifiers())


def normalise(code: str) -> str | None:
    """``pt_br`` -> ``pt-BR``; None when ``code`` is not a well-formed, known language."""
    match = _CODE_RE.match(code.strip())
    if match is None:
        return None
    lang = match["lang"].lower()
    if lang not in _known_languages():
        return None
    parts = [lang]
    if match["script"]:
        parts.append(match["script"].title())
    if match["region"]:
        parts.append(match["region"].upper())
    return "-".join(parts)


def allowed_codes(configured: Iterable[str]) -> frozenset[str]:
    """``kb_languages`` normalised; empty means any known language."""
    return frozenset(code for code in (normalise(str(item)) for item in configured) if code)


def accepts(code: str | None, allowed: frozenset[str]) -> bool:
    return code is not None and (not allowed or code in allowed)


def split_language(docname: str, allowed: frozenset[str]) -> tuple[str, str] | None:
    """``articles/x/index.es`` -> ``("articles/x/index", "es")``; None without a code."""
    folder, name = posixpath.split(docname)
    stem, dot, suffix = name.rpartition(".")
    if not dot or not stem:
        return None
    code = normalise(suffix)
    if not accepts(code, allowed):
        return None
    assert code is not None
    return posixpath.join(folder, stem), code


def main_language(sphinx_language: str | None) -> str:
    """The site's main language, from Sphinx's ``language`` (``en`` when unset or odd)."""
    return normalise(sphinx_language or "") or "en"


@lru_cache(maxsize=256)
def own_name(code: str) -> str:
    """A language named in itself (``es`` -> ``Español``), for switchers and badges."""
    from babel import Locale, UnknownLocaleError

    try:
        locale = Locale.parse(code, sep="-")
        name = locale.get_display_name(locale) or code
    except (ValueError, UnknownLocaleError):
        return code
    return name[:1].upper() + name[1:]


@lru_cache(maxsize=256)
def og_locale(code: str) -> str:
    """Open Graph's ``language_TERRITORY`` (``es`` -> ``es_ES``), with Babel's likely region."""
    from babel.core import get_global

    parts = code.split("-")
    language = parts[0]
    script = next((part for part in parts[1:] if len(part) == 4), "")
    region = next((part for part in parts[1:] if len(part) != 4), "")
    if not region:
        subtags = get_global("likely_subtags")
        key = f"{language}_{script}" if script else language
        likely = str(subtags.get(key, subtags.get(language, ""))).split("_")
        region = likely[-1] if len(likely) > 1 and len(likely[-1]) == 2 else ""
    return f"{language}_{region}" if region else language


def article_language(data: dict[str, Any], matter: FrontMatter, docname: str, main: str,
                     allowed: frozenset[str], problems: list[Problem]) -> tuple[str, str]:
    """``(language, translation key)``: front matter first, then the file name, then the site's."""
    from_name = split_language(docname, allowed)
    lang = from_name[1] if from_name else main
    for key in ("lang", "language"):
        value = data.get(key)
        if value is None or value == "":
            continue
        code = normalise(str(value)) if isinstance(value, str) else None
        if not accepts(code, allowed):
            known = ", ".join(sorted(allowed)) or "a language code like 'es' or 'pt-BR'"
            problems.append(Problem(matter.line_of(key), "language",
                                    f"'{key}: {value}' is not a language of this site; the "
                                    f"article is read as '{lang}'. Write {known}"))
            break
        assert code is not None
        if from_name and code != from_name[1]:
            problems.append(Problem(matter.line_of(key), "language",
                                    f"'{key}: {value}' differs from the file name's "
                                    f"'.{from_name[1]}'; '{code}' is used"))
        lang = code
        break
    group = data.get("translationKey")
    if isinstance(group, (str, int, float)) and not isinstance(group, bool) and str(group).strip():
        return lang, "key:" + str(group).strip()
    if group is not None:
        problems.append(Problem(matter.line_of("translationKey"), "language",
                                "'translationKey' should be text; the file name groups "
                                "the translations instead"))
    return lang, from_name[0] if from_name else docname
