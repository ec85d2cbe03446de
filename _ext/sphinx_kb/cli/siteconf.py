"""The site's ``conf.py`` read without Sphinx: only the ``kb_`` settings the tools need.

``conf.py`` is executed in a namespace as Sphinx does (its folder on ``sys.path``, ``__file__``
set), and each setting goes through the build's own check (``core/config.py``), so a bad
value is replaced by the same value the build uses.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.config import SETTINGS, checked
from ..core.dates import site_timezone
from ..core.dialects import DEFAULT_ALIASES
from ..core.languages import allowed_codes, main_language
from ..core.records import RecordSettings

#: Suffixes Sphinx, MyST and the extension register, in the order the build tries them.
BUILT_IN_SUFFIXES = (".rst", ".md", ".mdx")
#: What the build's scan never enters (``build/filescan.py``).
ALWAYS_EXCLUDED = ("**/_sources", ".#*", "**/.#*", "*.lproj/**")


class UsageError(Exception):
    """The tool cannot run as asked (no conf.py, a missing file): exit status 2."""


@dataclass
class Site:
    """A site's folders and the settings the writers' tools use."""

    confdir: Path
    srcdir: Path
    articles: list[str]
    aliases: dict[str, list[str]]
    timezone_name: str
    tags_dir: str
    drafts: bool
    protect_templates: bool
    exclude_patterns: list[str] = field(default_factory=list)
    suffixes: tuple[str, ...] = BUILT_IN_SUFFIXES
    #: ``(setting, message)`` of each value replaced, worded as the build's warning.
    config_problems: list[tuple[str, str]] = field(default_factory=list)
    #: Sphinx's ``language`` (normalised) and ``kb_languages``.
    main_language: str = "en"
    languages: frozenset[str] = frozenset()

    @property
    def timezone(self) -> dt.tzinfo:
        return site_timezone(self.timezone_name)

    def record_settings(self) -> RecordSettings:
        """What the build's ``record_settings`` makes from the same configuration."""
        return RecordSettings(timezone=self.timezone,
                              aliases={**DEFAULT_ALIASES, **self.aliases},
                              protect_templates=self.protect_templates,
                              main_language=self.main_language, languages=self.languages)


def find_conf(start: Path, hints: tuple[Path, ...] = ()) -> Path:
    """The folder of the site's ``conf.py``.

    Looked for above each file named on the command line (a pre-commit run from the
    repository's top, with conf.py in docs/), then at or above ``start``, then in
    ``start/docs``.
    """
    for hint in hints:
        folder = hint.resolve() if hint.is_dir() else hint.resolve().parent
        for candidate in (folder, *folder.parents):
            if (candidate / "conf.py").is_file():
                return candidate
    for folder in (start, *start.parents, start / "docs"):
        if (folder / "conf.py").is_file():
            return folder
    raise UsageError(f"no conf.py in {start} or any folder above it; run the command inside "
                     "the site's repository, or pass --conf FOLDER")


def source_folder(confdir: Path) -> Path:
    """``docs/`` next to a top-level conf.py (``sphinx-build -c . docs``), else conf.py's folder."""
    docs = confdir / "docs"
    if docs.is_dir() and not (docs / "conf.py").exists():
        return docs
    return confdir


def load_site(confdir: Path | None = None, srcdir: Path | None = None,
              overrides: dict[str, Any] | None = None, hints: tuple[Path, ...] = ()) -> Site:
    """Read ``conf.py`` (found from ``hints`` or the working folder unless given)."""
    confdir = (confdir or find_conf(Path.cwd(), hints)).resolve()
    if not (confdir / "conf.py").is_file():
        raise UsageError(f"no conf.py in {confdir}")
    srcdir = (srcdir or source_folder(confdir)).resolve()
    if not srcdir.is_dir():
        raise UsageError(f"source folder {srcdir} does not exist")
    namespace = {**_read_conf(confdir), **(overrides or {})}
    output_dir = namespace.get("tags_output_dir")
    if isinstance(output_dir, str) and "kb_tags_dir" not in namespace:
        # A sphinx-tags site: its folder is the tag folder (build/sphinx_tags_compat.py).
        namespace["kb_tags_dir"] = output_dir.strip().strip("/") or output_dir
    problems: list[tuple[str, str]] = []

    def setting(name: str) -> Any:
        default = SETTINGS[name][0]
        value, reason = checked(name, namespace.get(name, default))
        if reason is not None:
            problems.append((name, f"setting {name} = {namespace.get(name)!r} {reason}; "
                                   f"using {value!r}"))
        return value

    return Site(
        confdir=confdir, srcdir=srcdir,
        articles=list(setting("kb_articles")), aliases=dict(setting("kb_field_aliases")),
        timezone_name=setting("kb_timezone"), tags_dir=setting("kb_tags_dir"),
        drafts=bool(setting("kb_drafts")), protect_templates=bool(setting("kb_protect_templates")),
        exclude_patterns=[p for p in namespace.get("exclude_patterns", []) if isinstance(p, str)]
        + [p for p in namespace.get("templates_path", []) if isinstance(p, str)],
        suffixes=_suffixes(namespace.get("source_suffix")), config_problems=problems,
        main_language=main_language(language if isinstance(language := namespace.get(
            "language"), str) else None),
        languages=allowed_codes(setting("kb_languages")))


def _read_conf(confdir: Path) -> dict[str, Any]:
    """Execute conf.py as Sphinx does; a conf.py that fails is a usage error."""
    path = confdir / "conf.py"
    namespace: dict[str, Any] = {"__file__": str(path), "tags": _NoTags()}
    saved_path, saved_cwd = list(sys.path), os.getcwd()
    sys.path.insert(0, str(confdir))
    try:
        os.chdir(confdir)
        code = compile(path.read_bytes(), str(path), "exec")
        exec(code, namespace)
    except SystemExit as exc:
        raise UsageError(f"{path} called sys.exit({exc.code})") from None
    except Exception as exc:
        raise UsageError(f"{path} raised {type(exc).__name__}: {exc}") from None
    finally:
        sys.path[:] = saved_path
        os.chdir(saved_cwd)
    return namespace


class _NoTags:
    """Stands in for Sphinx's ``tags`` object, which conf.py may query (``tags.has('x')``)."""

    def has(self, name: str) -> bool:
        return False

    def __contains__(self, name: str) -> bool:
        return False


def _suffixes(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        given = [value]
    elif isinstance(value, (list, tuple, dict)):
        given = [str(item) for item in value]
    else:
        given = [".rst"]
    return tuple(dict.fromkeys([*given, *BUILT_IN_SUFFIXES[1:]]))


def glob_matcher(patterns: list[str]) -> Callable[[str], bool]:
    """Sphinx's ``Matcher``: ``*`` stops at ``/``, ``**`` does not, ``**/x`` also matches ``x``."""
    expanded = [*patterns, *(pat[3:] for pat in patterns if pat.startswith("**/"))]
    if not expanded:
        return lambda name: False
    # One regular expression for all patterns: one call per name, not one per pattern.
    match = re.compile("|".join(f"(?:{_translate(pat)})" for pat in expanded)).match
    return lambda name: match(name) is not None


def _translate(pat: str) -> str:
    """A glob as a regular expression, with the same rules as ``sphinx.util.matching``."""
    i, n, res = 0, len(pat), ""
    while i < n:
        c = pat[i]
        i += 1
        if c == "*":
            if i < n and pat[i] == "*":
                i += 1
                res += ".*"
            else:
                res += "[^/]*"
        elif c == "?":
            res += "[^/]"
        elif c == "[":
            j = i
            if j < n and pat[j] == "!":
                j += 1
            if j < n and pat[j] == "]":
                j += 1
            while j < n and pat[j] != "]":
                j += 1
            if j >= n:
                res += "\\["
            else:
                stuff = pat[i:j].replace("\\", "\\\\")
                i = j + 1
                if stuff[0] == "!":
                    stuff = "^/" + stuff[1:]
                elif stuff[0] == "^":
                    stuff = "\\" + stuff
                res += f"[{stuff}]"
        else:
            res += re.escape(c)
    return res + "$"


def shown_path(path: str) -> str:
    """A path relative to the working folder when inside it: what editors and CI link."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return path
    return path if relative.startswith("..") else relative
