"""Compare the output of an incremental build with a clean build of the same sources.

An incremental build is only worth its speed if readers get the same site: the
same files, the same bytes in every HTML page, and the same search index. The
index is compared as data: Pagefind's bundle (``pagefind/``, whose file names are
content hashes and whose filter chunks vary in order; with its shards) with ``pagefind_data``;
Sphinx's ``searchindex.js`` (``kb_search = "sphinx"``) with document numbers
mapped back to names and terms whose document list is empty dropped (an
incremental build leaves those behind, and they match nothing).
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pagefind_data import diff_bundles, diff_keys

#: Build caches, not part of the published site.
IGNORED_DIRS = frozenset({".doctrees"})
SEARCH_INDEX = "searchindex.js"
PAGEFIND = "pagefind"


@dataclass
class Comparison:
    identical: bool
    differences: list[str] = field(default_factory=list)  # decide ``identical``
    notes: list[str] = field(default_factory=list)  # other files that differ (informative)
    files: int = 0

    def summary(self, limit: int = 3) -> str:
        if self.identical:
            return "yes"
        shown = "; ".join(self.differences[:limit])
        more = len(self.differences) - limit
        return f"no ({shown}{f'; +{more} more' if more > 0 else ''})"


def site_files(root: Path) -> dict[str, Path]:
    """Relative path -> file, for everything a reader could fetch."""
    files: dict[str, Path] = {}
    for path in root.rglob("*"):
        rel = path.relative_to(root)
        if rel.parts[0] in IGNORED_DIRS or not path.is_file():
            continue
        files[rel.as_posix()] = path
    return files


def load_search_index(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8").strip()
    prefix, suffix = "Search.setIndex(", ")"
    if not (text.startswith(prefix) and text.endswith(suffix)):
        raise ValueError(f"{path}: not a Search.setIndex(...) file")
    result: dict[str, Any] = json.loads(text[len(prefix) : -len(suffix)])
    return result


def normalise_search_index(data: dict[str, Any]) -> dict[str, Any]:
    """Replace document numbers by document names; drop terms that match no document."""
    docnames: list[str] = data["docnames"]

    def names(value: int | list[int]) -> list[str]:
        ids = [value] if isinstance(value, int) else value
        return sorted(docnames[i] for i in ids)

    def term_map(terms: dict[str, Any]) -> dict[str, list[str]]:
        return {term: docs for term, value in terms.items() if (docs := names(value))}

    objects = {
        prefix: sorted([docnames[entry[0]], *entry[1:]] for entry in entries)
        for prefix, entries in data.get("objects", {}).items()
    }
    return {
        "documents": {
            name: [filename, title]
            for name, filename, title in zip(docnames, data["filenames"], data["titles"],
                                             strict=True)
        },
        "terms": term_map(data.get("terms", {})),
        "titleterms": term_map(data.get("titleterms", {})),
        "alltitles": {
            title: sorted([docnames[doc], anchor] for doc, anchor in entries)
            for title, entries in data.get("alltitles", {}).items()
        },
        "indexentries": {
            entry: sorted([docnames[doc], *rest] for doc, *rest in entries)
            for entry, entries in data.get("indexentries", {}).items()
        },
        "objects": objects,
        "objtypes": data.get("objtypes", {}),
        "objnames": data.get("objnames", {}),
        "envversion": data.get("envversion"),
    }


def diff_search_index(built: Path, clean: Path, limit: int = 5) -> list[str]:
    a = normalise_search_index(load_search_index(built))
    b = normalise_search_index(load_search_index(clean))
    found: list[str] = []
    for section in a.keys() | b.keys():
        left, right = a.get(section), b.get(section)
        if left == right:
            continue
        if not (isinstance(left, dict) and isinstance(right, dict)):
            found.append(f"searchindex {section}: {left!r:.80} != {right!r:.80}")
            continue
        if diff_keys(f"searchindex {section}", left, right, found, limit):
            return found
    return found


def first_difference(built: Path, clean: Path) -> str:
    """The first differing line of two text files, shortened."""
    a = built.read_text(encoding="utf-8", errors="replace").splitlines()
    b = clean.read_text(encoding="utf-8", errors="replace").splitlines()
    removed = added = None
    for line in difflib.unified_diff(a, b, lineterm="", n=0):
        if line.startswith(("---", "+++", "@@")):
            if removed is not None or added is not None:
                break
            continue
        if line.startswith("-") and removed is None:
            removed = line[1:].strip()[:100]
        elif line.startswith("+") and added is None:
            added = line[1:].strip()[:100]
    if removed is None and added is None:
        return "(whitespace/line ends)"
    return f"incremental {removed!r} vs clean {added!r}"


def compare_sites(built: Path, clean: Path, limit: int = 8) -> Comparison:
    """Is the incremental output ``built`` what a clean build (``clean``) gives?"""
    a, b = site_files(built), site_files(clean)
    result = Comparison(identical=True, files=len(b))
    bundles = [root / PAGEFIND for root in (built, clean) if (root / PAGEFIND).is_dir()]
    if len(bundles) == 2:
        result.differences += diff_bundles(*bundles)
        # The shards beside the primary are read with it (pagefind_data.read_bundle).
        index_files = (PAGEFIND + "/", PAGEFIND + "-shards/")
        a = {name: path for name, path in a.items() if not name.startswith(index_files)}
        b = {name: path for name, path in b.items() if not name.startswith(index_files)}
    for name in sorted(a.keys() - b.keys()):
        result.differences.append(f"extra file {name}")
    for name in sorted(b.keys() - a.keys()):
        result.differences.append(f"missing file {name}")
    for name in sorted(a.keys() & b.keys()):
        left, right = a[name], b[name]
        if name == SEARCH_INDEX or name.endswith("/" + SEARCH_INDEX):
            result.differences += diff_search_index(left, right)
            continue
        if left.stat().st_size == right.stat().st_size and left.read_bytes() == right.read_bytes():
            continue
        if name.endswith(".html"):
            result.differences.append(f"{name}: {first_difference(left, right)}")
        else:
            result.notes.append(f"{name} differs")
    result.differences = result.differences[: max(limit, 1) * 4]
    result.identical = not result.differences
    return result
