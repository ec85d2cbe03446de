"""Read YAML front matter ourselves, keeping the file line of every key.

MyST drops the whole front matter on any YAML error and reports it at line 1
with no detail; a writer needs the parser's message and the real line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

try:
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

#: More nodes than this after alias expansion is treated as a YAML bomb.
MAX_EXPANDED_NODES = 5_000
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_FENCES = ("---", "...")
_TOML_LINE_RE = re.compile(r"\s*\(at line (\d+), column \d+\)")
_TOML_KEY_RE = re.compile(r"""^\s*("[^"]+"|'[^']+'|[\w-]+)\s*=""")


class _Loader(_BaseLoader):
    """Safe loader that leaves timestamps as strings.

    PyYAML's timestamp resolver turns ``2021-13-45`` into an exception for the
    whole document; we parse dates ourselves and report only the bad key.
    """


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != _TIMESTAMP]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}
# An explicit ``!!timestamp`` stays a string too: our date parser judges it.
def _timestamp_as_text(loader: yaml.SafeLoader, node: yaml.Node) -> str:
    return str(node.value)


_Loader.add_constructor(_TIMESTAMP, _timestamp_as_text)

def plain_is_text(plain: str) -> bool:
    """Whether this parser reads a plain (unquoted) scalar as text, not a bool, number or null."""
    resolvers = _Loader.yaml_implicit_resolvers.get(plain[:1], [])
    return not any(regex.match(plain) for _tag, regex in resolvers)


#: YAML counts these as line breaks, Markdown does not: they would shift every line number.
_YAML_ONLY_BREAKS = str.maketrans({"\x85": " ", "\u2028": " ", "\u2029": " "})


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an article, reported as one warning."""

    line: int
    subtype: str
    message: str


@dataclass
class FrontMatter:
    """The parsed block: values, the 1-based line of each key, and problems."""

    data: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    #: Number of lines the block occupies at the top of the file (0: none).
    block_lines: int = 0
    problems: list[Problem] = field(default_factory=list)

    def line_of(self, key: str) -> int:
        return self.lines.get(key, 1)


def split_lines(text: str) -> list[str]:
    """Split like markdown-it does, so our line numbers match MyST's."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def find_block(lines: list[str]) -> int:
    """Lines of a ``---`` (YAML) or ``+++`` (TOML) block: 0 if none, -1 if unclosed."""
    opening = lines[0].lstrip("\ufeff").rstrip() if lines else ""
    if opening not in ("---", "+++"):
        return 0
    closers = _FENCES if opening == "---" else ("+++",)
    for index in range(1, len(lines)):
        if lines[index].rstrip() in closers:
            return index + 1
    return -1


def read_front_matter(lines: list[str]) -> FrontMatter:
    """Parse the front matter at the top of ``lines`` and never raise."""
    result = FrontMatter()
    size = find_block(lines)
    if size == 0:
        return result
    fence = lines[0].lstrip("\ufeff").rstrip()
    if size == -1:
        result.problems.append(
            Problem(1, "front_matter", f"front matter opened with '{fence}' is never closed; "
                    f"add a line '{fence}' after the last key")
        )
        result.block_lines = 1  # hide the lone fence rather than show a horizontal rule
        return result
    result.block_lines = size
    if fence == "+++":
        _parse_toml(lines[1 : size - 1], result)
        return result
    _parse_yaml(lines[1 : size - 1], result)
    if not result.problems:
        _check_tabs(lines[1 : size - 1], result)
    return result


def _parse_toml(toml_lines: list[str], result: FrontMatter) -> None:
    """Hugo's TOML front matter; key lines are found by their ``key =`` at the top level."""
    import tomllib  # few sites write TOML: `kb check` starts faster without it

    try:
        data = tomllib.loads("\n".join(toml_lines))
    except tomllib.TOMLDecodeError as exc:
        where = _TOML_LINE_RE.search(str(exc))
        line = int(where.group(1)) + 1 if where else _first_failing_line(toml_lines)
        message = _TOML_LINE_RE.sub("", str(exc)).strip()
        result.problems.append(Problem(line, "toml", f"malformed TOML front matter: {message}"))
        return
    for index, text in enumerate(toml_lines):
        if text.lstrip().startswith("["):
            break  # keys below a [table] header are not top-level keys
        key = _TOML_KEY_RE.match(text)
        if key:
            result.lines.setdefault(key.group(1).strip('"\''), index + 2)
    result.data = data


def _first_failing_line(toml_lines: list[str]) -> int:
    """For errors tomllib places "at end of document": the first line a prefix fails at."""
    import tomllib

    for end in range(1, min(len(toml_lines), 200) + 1):
        try:
            tomllib.loads("\n".join(toml_lines[:end]))
        except tomllib.TOMLDecodeError:
            return end + 1
    return len(toml_lines) + 1


def _check_tabs(yaml_lines: list[str], result: FrontMatter) -> None:
    """libyaml accepts some tabs that YAML forbids and other tools reject: say so once."""
    for index, line in enumerate(yaml_lines):
        if "\t" in line:
            result.problems.append(Problem(
                index + 2, "yaml", "tab character in the front matter: YAML does not allow "
                "tabs and other tools reject this file; use spaces"))
            return


def _parse_yaml(yaml_lines: list[str], result: FrontMatter) -> None:
    yaml_lines = [line.translate(_YAML_ONLY_BREAKS) for line in yaml_lines]
    loader = _Loader("\n".join(yaml_lines))
    node = None
    try:
        node = loader.get_single_node()
        if node is None:
            return
        if not isinstance(node, yaml.MappingNode):
            kind = {"ScalarNode": "a single value", "SequenceNode": "a list"}.get(
                type(node).__name__, "not a mapping"
            )
            result.problems.append(
                Problem(node.start_mark.line + 2, "front_matter",
                        f"front matter is {kind}, not a mapping of keys to values; "
                        "write one 'key: value' per line")
            )
            return
        if _expanded_size(node, MAX_EXPANDED_NODES, set()) > MAX_EXPANDED_NODES:
            result.problems.append(
                Problem(node.start_mark.line + 2, "yaml",
                        "front matter rejected: its YAML aliases expand to more than "
                        f"{MAX_EXPANDED_NODES} values (a YAML bomb?)")
            )
            return
        _record_key_lines(node, result)
        result.data = _construct_pairs(loader, node, result)
    except RecursionError:
        result.problems.append(Problem(2, "yaml", "front matter rejected: YAML nests too deeply"))
    except yaml.YAMLError as exc:
        result.problems.append(_yaml_problem(exc, yaml_lines))
    finally:
        loader.dispose()


def _construct_pairs(loader: _Loader, node: yaml.MappingNode,
                     result: FrontMatter) -> dict[str, Any]:
    """Build each key's value on its own, so one bad value (``!!int abc``) costs only its key."""
    data: dict[str, Any] = {}
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 2
        try:
            key = loader.construct_object(key_node, deep=True)
            value = loader.construct_object(value_node, deep=True)
            hash(key)
        except RecursionError:
            raise
        except Exception as exc:  # constructors raise ValueError, KeyError, TypeError...
            detail = getattr(exc, "problem", None) or f"{type(exc).__name__}: {exc}"
            name = f"'{key_node.value}'" if isinstance(key_node, yaml.ScalarNode) else "a key"
            result.problems.append(Problem(line, "yaml", f"{name} ignored: {detail}"))
            continue
        data[str(key)] = value
    return data


def _expanded_size(node: yaml.Node, limit: int, active: set[int]) -> int:
    """Count nodes as if aliases were copied, stopping early past ``limit``."""
    if id(node) in active:
        raise yaml.YAMLError("recursive alias")
    if isinstance(node, yaml.ScalarNode):
        return 1
    active.add(id(node))
    total = 1
    children: list[yaml.Node] = []
    if isinstance(node, yaml.SequenceNode):
        children = node.value
    elif isinstance(node, yaml.MappingNode):
        children = [part for pair in node.value for part in pair]
    for child in children:
        total += _expanded_size(child, limit - total, active)
        if total > limit:
            break
    active.discard(id(node))
    return total


def _record_key_lines(node: yaml.MappingNode, result: FrontMatter) -> None:
    for key_node, _value in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            continue
        key = str(key_node.value)
        line = key_node.start_mark.line + 2  # 1-based, after the opening '---'
        if key in result.lines:
            result.problems.append(
                Problem(line, "duplicate_key",
                        f"key '{key}' appears twice (lines {result.lines[key]} and {line}); "
                        "the last one wins")
            )
        result.lines[key] = line


def _yaml_problem(exc: yaml.YAMLError, yaml_lines: list[str]) -> Problem:
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None)
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if context and "quoted scalar" in context and getattr(exc, "context_mark", None):
        mark = exc.context_mark  # type: ignore[attr-defined]  # where the quote was opened
    line = mark.line + 2 if mark is not None else 2
    detail = f"{context}: {problem}" if context else str(problem)
    hint = ""
    if mark is not None:
        detail += f" (column {mark.column + 1})"
        text = yaml_lines[mark.line] if mark.line < len(yaml_lines) else ""
        if "\t" in text[: mark.column + 1]:
            hint = "; YAML does not allow tabs: indent with spaces"
    return Problem(line, "yaml", f"malformed YAML front matter: {detail}{hint}")
