"""Read simple YAML front matter with a few regular expressions, or say it cannot.

``kb check FILE...`` needs every other article only for the checks between articles
(titles, slugs, tags, drafts and dates, redirects). Full YAML parsing of 2,000 blocks
takes most of a second; most blocks are plain ``key: value`` lines and one-line lists,
which this module reads in a fraction of that time. It accepts a block only when every
line is of a form whose YAML meaning it knows for certain, and then returns what
``core/frontmatter.py`` would return; for anything else (block scalars, anchors, tags,
escapes, nested mappings, numbers, TOML...) it returns None and the caller uses the parser.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from ..core.frontmatter import (
    MAX_EXPANDED_NODES,
    FrontMatter,
    find_block,
    plain_is_text,
    split_lines,
)

#: The usual block: '---' and a line break, lines, then the first line that is '---' or
#: '...' (spaces or tabs after it). Other blocks are found as ``read_front_matter`` does.
_USUAL_BLOCK_RE = re.compile(r"---\n((?:.*\n)*?)(?:---|\.\.\.)[ \t]*(?:\n|\Z)")
#: One line of a block, as one of: a key (a plain word, checked again below) with nothing,
#: a quoted scalar, a one-line list or a plain scalar after it; an entry of a block list
#: under such a key; a comment or a blank line; anything else (``other``: the parser's job).
_LINE_RE = re.compile(r"""^(?:
    ([A-Za-z_][A-Za-z0-9_-]{0,99}):
        (?:\ +(?:('[^'\n]*(?:''[^'\n]*)*')|("[^"\\\n]*")|(\[.*\])|(.*[^\ \n])))?\ *
  | (\ *-)\ +(?:('[^'\n]*(?:''[^'\n]*)*')|("[^"\\\n]*")|(.*[^\ \n]))\ *
  | \#.* | \ *
  | (.+)
)$""", re.MULTILINE | re.VERBOSE)
_SINGLE_RE = re.compile(r"'((?:[^']|'')*)'")
_DOUBLE_RE = re.compile(r'"([^"\\]*)"')
#: Characters YAML forbids or treats specially in a block (tabs, controls, other breaks,
#: byte-order marks, non-characters): such a block goes to the parser. Line breaks: '\n'.
_ODD_CHARS_RE = re.compile("[\x00-\x08\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029"
                           "\ufeff\ufffe\uffff]")
#: First characters that make a plain scalar something else (indicators, quotes, space).
_NOT_PLAIN_START = frozenset("-?:,[]{}#&*!|>'\"%@` ")
#: Plain words YAML 1.1 (PyYAML) reads as booleans or null: ``draft: false`` is in most files.
_CONSTANTS: dict[str, bool | None] = {
    **dict.fromkeys(("yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"), True),
    **dict.fromkeys(("no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"), False),
    **dict.fromkeys(("~", "null", "Null", "NULL"), None),
}
#: Inside a flow list these end or nest a plain entry.
_FLOW_SPECIAL = frozenset(",[]{}")
#: A flow list of single-quoted entries without commas or quotes inside.
_QUOTED_LIST_RE = re.compile(r"\[ *'[^',\n]*'(?: *, *'[^',\n]*')* *\]")
#: The flow list entries: quoted, or plain up to the next comma or the end.
_FLOW_ITEM_RE = re.compile(r""" *('(?:[^']|'')*'|"[^"\\]*"|[^,'"]*?) *(,|$)""")


#: Whether YAML reads a plain word as text; keys and values repeat from file to file.
_is_text = functools.lru_cache(maxsize=4096)(plain_is_text)


class _Unsure(Exception):
    """The block holds something this reader does not handle: use the YAML parser."""


def quick_front_matter(text: str) -> FrontMatter | None:
    """What ``read_front_matter(split_lines(text))`` returns, when the block is simple."""
    usual = _USUAL_BLOCK_RE.match(text)
    if usual is not None:
        # A line inside that the parser would take for the end ('--- ', '...\f') is not
        # a line _LINE_RE accepts: the block is never cut in the wrong place.
        block = usual.group(1)[:-1]
        count = usual.group(1).count("\n")
    else:  # other line ends, spaces after the fence...: as read_front_matter finds the block
        lines = split_lines(text)
        size = find_block(lines)
        if size == 0:
            return FrontMatter()
        if size < 0 or lines[0].lstrip("\ufeff").rstrip() != "---":
            return None  # unclosed (a problem to word) or TOML: the parser's job
        block, count = "\n".join(lines[1 : size - 1]), size - 2
    if _ODD_CHARS_RE.search(block):
        return None
    try:
        data, key_lines = _read_block(block, count)
    except _Unsure:
        return None
    return FrontMatter(data=data, lines=key_lines, block_lines=count + 2)


def _read_block(block: str, count: int) -> tuple[dict[str, Any], dict[str, int]]:
    """The values and key lines of the ``count`` lines of ``block``; :class:`_Unsure` if
    any line is not one the quick reader knows."""
    rows = _LINE_RE.findall(block) if count else []
    if len(rows) != count:
        raise _Unsure
    data: dict[str, Any] = {}
    key_lines: dict[str, int] = {}
    list_key = ""  # a key with no value: block list entries may follow
    list_indent = -1
    # ``findall`` gives '' for a part that did not match; each part that can match is not ''.
    for index, (key, k_single, k_double, k_flow, k_plain, dash, i_single, i_double, i_plain,
                other) in enumerate(rows):
        if other:
            raise _Unsure
        if key:
            if key in data or not _is_text(key):
                raise _Unsure  # a repeated key is a problem the parser words
            key_lines[key] = index + 2  # 1-based, after the opening '---'
            if k_single:
                data[key] = k_single[1:-1].replace("''", "'")
            elif k_double:
                data[key] = k_double[1:-1]
            elif k_flow:
                data[key] = _flow_list(k_flow)
            elif k_plain:
                data[key] = _scalar(k_plain)
            else:
                data[key] = None
            list_key, list_indent = (key, -1) if not (k_single or k_double or k_flow or k_plain) \
                else ("", -1)
        elif dash:
            if not list_key or list_indent not in (-1, len(dash)):
                raise _Unsure
            list_indent = len(dash)
            if data[list_key] is None:
                data[list_key] = []
            data[list_key].append(i_single[1:-1].replace("''", "'") if i_single
                                  else i_double[1:-1] if i_double else _scalar(i_plain))
    values = sum(len(value) if isinstance(value, list) else 1 for value in data.values())
    if 1 + len(data) + values > MAX_EXPANDED_NODES:
        raise _Unsure  # the parser's limit on values: its problem to word
    return data, key_lines


def _scalar(text: str) -> Any:
    """A one-line quoted scalar, or a plain one YAML reads as text, a boolean or null."""
    if text.startswith("'"):
        single = _SINGLE_RE.fullmatch(text)
        if single is None:
            raise _Unsure
        return single.group(1).replace("''", "'")
    if text.startswith('"'):
        double = _DOUBLE_RE.fullmatch(text)
        if double is None:
            raise _Unsure
        return double.group(1)
    if text in _CONSTANTS:
        return _CONSTANTS[text]
    if not text or text[0] in _NOT_PLAIN_START or ": " in text or text.endswith(":") \
            or " #" in text or not _is_text(text):
        raise _Unsure
    return text


def _flow_list(text: str) -> list[Any]:
    """``[a, 'b c', "d"]`` on one line; nested lists, mappings, trailing commas: unsure."""
    if _QUOTED_LIST_RE.fullmatch(text):  # the usual ['a', 'b c']: no commas in an entry
        return [part.strip(" ")[1:-1] for part in text[1:-1].split(",")]
    if not text.endswith("]"):
        raise _Unsure
    inner = text[1:-1]
    if not inner.strip(" "):
        return []
    items: list[Any] = []
    position = 0
    while position < len(inner):
        match = _FLOW_ITEM_RE.match(inner, position)
        if match is None or match.end() == position:
            raise _Unsure
        entry = match.group(1)
        if not entry.startswith(("'", '"')) and (any(ch in _FLOW_SPECIAL for ch in entry)
                                                   or entry.endswith(":") or ": " in entry):
            raise _Unsure
        items.append(_scalar(entry))
        position = match.end()
        if match.group(2) == "," and not inner[position:].strip(" "):
            raise _Unsure  # a trailing comma
    return items

