"""Rename one tag inside a file's front matter, touching no other byte.

YAML (``---``) and TOML (``+++``) blocks; a tag list (block or flow), a comma-separated
string, a single value; under ``tags`` or any key the site maps onto it (``categories``,
``keywords``...). Each tag value is found by its exact place in the text, only the tag's
own characters are replaced (in the value's quoting style), and the result is read back:
if its tags are not exactly the old ones renamed, nothing is written.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass

import yaml

from ..core.frontmatter import find_block
from ..core.tags import tag_key

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

_BREAK_RE = re.compile(r"\r\n|\r|\n")
_YAML_ONLY_BREAKS = str.maketrans({"\x85": " ", "\u2028": " ", "\u2029": " "})
_PLAIN_SAFE_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ._+/()&-]*(?<! )")


class RenameError(ValueError):
    """A tag that cannot be renamed safely in this file; the message says what to do."""


@dataclass(frozen=True)
class Value:
    """A string value in the text: its span (quotes included) and quoting style."""

    start: int
    end: int
    style: str  # "" (plain), "'" or '"'
    split: bool  # a comma-separated string of tags (not a list item)


def rename_tag(text: str, old: str, new: str, keys: tuple[str, ...]) -> str:
    """``text`` with every front-matter tag equal to ``old`` (as a tag) spelt ``new``."""
    lines = _BREAK_RE.split(text)
    size = find_block(lines)
    if size <= 0:
        return text
    starts = [0] + [m.end() for m in _BREAK_RE.finditer(text)]
    fence = lines[0].lstrip("\ufeff").rstrip()
    if fence == "+++":
        values = _toml_values(text, starts[1], starts[size - 1], keys)
    else:
        values = _yaml_values(lines[1 : size - 1], starts, keys)
    edits: list[tuple[int, int, str]] = []
    for value in values:
        edits += _edits(text, value, tag_key(old), new)
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def _yaml_values(block: list[str], starts: list[int], keys: tuple[str, ...]) -> list[Value]:
    source = "\n".join(block).translate(_YAML_ONLY_BREAKS)
    try:
        root = yaml.compose(source, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise RenameError(f"the front matter is not valid YAML ({exc}); fix it first "
                          "(kb check shows where)") from None
    if not isinstance(root, yaml.MappingNode):
        return []
    nodes: list[tuple[yaml.ScalarNode, bool]] = []
    present = [key.value for key, value in root.value if isinstance(key, yaml.ScalarNode)
               and key.value in keys and value.tag != "tag:yaml.org,2002:null"]
    for key_node, value_node in root.value:
        if not isinstance(key_node, yaml.ScalarNode) or key_node.value not in keys:
            continue
        if isinstance(value_node, yaml.ScalarNode):
            nodes.append((value_node, _splits(key_node.value, present)))
        elif isinstance(value_node, yaml.SequenceNode):
            nodes += [(item, False) for item in value_node.value
                      if isinstance(item, yaml.ScalarNode)]
    values = []
    for node, split in nodes:
        if node.start_mark.line != node.end_mark.line or node.style not in (None, "", "'", '"'):
            if node.tag == "tag:yaml.org,2002:str" and node.value:
                raise RenameError(f"the tag value at line {node.start_mark.line + 2} spans "
                                  "several lines; write it on one line first")
            continue
        start = starts[node.start_mark.line + 1] + node.start_mark.column
        end = starts[node.end_mark.line + 1] + node.end_mark.column
        values.append(Value(start, end, node.style or "", split))
    return values


_TOML_KEY_RE = re.compile(r"""^[ \t]*("[^"\n]+"|'[^'\n]+'|[\w-]+)[ \t]*=[ \t]*""", re.MULTILINE)


def _toml_values(text: str, start: int, end: int, keys: tuple[str, ...]) -> list[Value]:
    """String values of the tag keys at the top level of a TOML block (``[tables]`` end it)."""
    table = re.compile(r"^[ \t]*\[", re.MULTILINE).search(text, start, end)
    stop = table.start() if table else end
    values: list[Value] = []
    found = [(match.group(1).strip("\"'"), match.end())
             for match in _TOML_KEY_RE.finditer(text, start, stop)]
    present = [key for key, _ in found if key in keys]
    for key, position in found:
        if key not in keys:
            continue
        if text.startswith("[", position):
            values += _toml_array(text, position + 1, end)
        elif text.startswith(('"', "'"), position):
            values.append(_toml_string(text, position, split=_splits(key, present)))
    return values


def _splits(key: str, present: list[str]) -> bool:
    """Whether a string under ``key`` is a comma-separated list of tags, as the build reads it.

    Only ``tags`` alone is split (``core/records.py``); a string under another dialect's key,
    or next to one, is one tag (``core/dialects.py`` merges the values as list items).
    """
    return key == "tags" and present == ["tags"]


def _toml_array(text: str, position: int, end: int) -> list[Value]:
    values: list[Value] = []
    while position < end:
        char = text[position]
        if char == "]":
            return values
        if char == "#":
            position = text.find("\n", position)
            position = end if position < 0 else position
        elif char in "\"'":
            value = _toml_string(text, position, split=False)
            values.append(value)
            position = value.end
        elif char == "[":
            raise RenameError("the tag list holds a nested list; flatten it first")
        else:
            position += 1
    raise RenameError("the tag list is never closed with ']'; kb check shows where")


def _toml_string(text: str, position: int, split: bool) -> Value:
    quote = text[position]
    if text.startswith(quote * 3, position):
        raise RenameError("a multi-line TOML string holds tags; write them on one line first")
    index = position + 1
    while index < len(text) and text[index] != quote and text[index] != "\n":
        index += 2 if quote == '"' and text[index] == "\\" else 1
    if index >= len(text) or text[index] != quote:
        raise RenameError("a tag string is never closed; kb check shows where")
    return Value(position, index + 1, quote, split)


def _edits(text: str, value: Value, old_key: str, new: str) -> list[tuple[int, int, str]]:
    """(start, end, replacement) for each part of ``value`` that is the tag ``old_key``."""
    quoted = bool(value.style)
    inner_start, inner_end = (value.start + 1, value.end - 1) if quoted else (value.start,
                                                                              value.end)
    inner = text[inner_start:inner_end]
    parts = [(0, len(inner))]
    if value.split:
        parts, offset = [], 0
        for piece in inner.split(","):
            parts.append((offset, offset + len(piece)))
            offset += len(piece) + 1
    edits = []
    for first, last in parts:
        raw = inner[first:last]
        lead = len(raw) - len(raw.lstrip())
        body = raw.strip()
        if not body or tag_key(html.unescape(_unquote(body, value.style))) != old_key:
            continue
        if value.split and "," in new:
            raise RenameError(f"'{new}' holds a comma, which would split this comma-separated "
                              "tag string in two; use a tag list instead")
        start = inner_start + first + lead
        if not quoted and len(parts) == 1 and not _plain_ok(new):
            edits.append((value.start, value.end, "'" + new.replace("'", "''") + "'"))
        elif not quoted and not _plain_ok(new):
            raise RenameError(f"'{new}' cannot be written unquoted in this tag string; "
                              "quote the string first")
        else:
            edits.append((start, start + len(body), _quote(new, value.style)))
    return edits


def _unquote(body: str, style: str) -> str:
    if style == "'":
        return body.replace("''", "'")
    if style == '"' and "\\" in body:
        try:
            return str(json.loads(f'"{body}"'))
        except ValueError:
            return body
    return body


def _quote(new: str, style: str) -> str:
    if style == "'":
        return new.replace("'", "''")
    if style == '"':
        return new.replace("\\", "\\\\").replace('"', '\\"')
    return new


def _plain_ok(new: str) -> bool:
    """Whether ``new`` reads back as the same text when written without quotes."""
    if not _PLAIN_SAFE_RE.fullmatch(new):
        return False
    try:
        return bool(yaml.safe_load(new) == new)
    except yaml.YAMLError:
        return False
