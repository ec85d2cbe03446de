"""Other tools' front-matter keys mapped onto ours (Hugo, Jekyll, Eleventy, Docusaurus)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .frontmatter import FrontMatter, Problem

DEFAULT_ALIASES: dict[str, list[str]] = {
    "summary": ["description", "excerpt"],
    "tags": ["topics", "categories", "keywords"],
    "lastmod": ["updated", "last_modified", "modified"],
    "authors": ["author"],
    "images": ["image"],
}


def resolve_aliases(matter: FrontMatter, aliases: Mapping[str, list[str]],
                    problems: list[Problem]) -> dict[str, Any]:
    """Map other dialects' keys onto ours; the canonical key wins over an alias."""
    data = dict(matter.data)
    if data.get("published") is False and "draft" not in data:
        data["draft"] = True
        matter.lines["draft"] = matter.line_of("published")
    for canonical, names in aliases.items():
        present = [name for name in names if name in data and data[name] is not None]
        if not present:
            continue
        if canonical == "tags":
            merged: list[Any] = []
            for name in present:
                value = data[name]
                merged.extend(value if isinstance(value, list) else [value])
            alias_value: Any = merged
        else:
            alias_value = data[present[0]]
        if canonical in data and data[canonical] is not None:
            if canonical != "tags" and data[canonical] != alias_value:
                problems.append(Problem(
                    matter.line_of(present[0]), "alias_conflict",
                    f"both '{canonical}' and its alias '{present[0]}' are set with different "
                    f"values; '{canonical}' is used"))
            elif canonical == "tags":
                own = data[canonical]
                data[canonical] = (own if isinstance(own, list) else [own]) + merged
            continue
        data[canonical] = alias_value
        matter.lines.setdefault(canonical, matter.line_of(present[0]))
    return data
