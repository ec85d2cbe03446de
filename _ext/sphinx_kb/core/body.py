"""Line-level facts about an article's Markdown body, and the rewrite MyST reads.

Works on lines rather than a markdown-it parse: this runs on every article
before Sphinx reads it, and a parse here would double MyST's own cost.
The line count never changes where a front-matter block exists, so MyST's
warnings keep pointing at the writer's lines.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,}|:{3,})\s*(.*)$")
_ATX_RE = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT_RE = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_NOT_PARAGRAPH_RE = re.compile(r"^(?: {4}|\t| {0,3}(?:[-+*>|<]|\d+[.)]|#|`{3}|~{3}))")
_TAGS_FENCE_RE = re.compile(r"^\{tags\}\s*(.*)$")
_CODE_SPAN_RE = re.compile(r"(`+)(?:.*?[^`])?\1(?!`)")
_MARKUP_RE = re.compile(r"[*`\\]|(?<!\w)_|_(?!\w)")
_ESCAPE_RE = re.compile(r"([!-/:-@\[-`{-~])")
_TEMPLATE_RE = re.compile(
    r"\{\{<.*?>\}\}|\{\{%.*?%\}\}|\{%.*?%\}|\{\{.*?\}\}"  # Hugo shortcodes, Liquid
    r"|</?[A-Z][\w.]*(?:\s(?:[^<>{}]|\{[^{}]*\})*)?/?>"  # JSX/MDX components
)
_MDX_STATEMENT_RE = re.compile(r"^(?:import|export)\s.+$")
_MDX_ANY_RE = re.compile(r"^(?:import|export)\s", re.MULTILINE)
_BLOCK_TAGS = (
    "address|article|aside|blockquote|body|center|details|dialog|div|dl|fieldset|figcaption|"
    "figure|footer|form|h[1-6]|header|hr|iframe|li|main|nav|ol|p|section|"
    "summary|table|tbody|td|tfoot|th|thead|tr|ul|video|picture|audio|source")
#: A line that opens a CommonMark HTML block: a block-level tag, an opening ``<script>``-like
#: tag (only the opening one counts), a comment, or a lone tag.
_HTML_BLOCK_RE = re.compile(
    rf"^ {{0,3}}(?:</?(?:{_BLOCK_TAGS})(?:\s|/?>|$)|<(?:script|pre|style|textarea)(?:\s|>|$)"
    r"|<!--|<![A-Z]"
    r"|</?[a-zA-Z][\w-]*(?:\s[^<>]*)?/?>\s*$)", re.IGNORECASE)


@dataclass(frozen=True)
class Heading:
    index: int  # 0-based line index of the heading text
    level: int
    text: str
    underline: bool  # a setext heading: the next line is its ===/--- underline


def plain_text(markdown: str) -> str:
    """Heading text without inline markup, for titles and comparisons."""
    return " ".join(_MARKUP_RE.sub("", markdown).split())


def escape_markdown(text: str) -> str:
    """Make ``text`` literal in Markdown: a title holding HTML must stay text."""
    return _ESCAPE_RE.sub(r"\\\1", " ".join(text.split()))


def _closes(fence: str, match: re.Match[str] | None) -> bool:
    """Whether a fence line closes the open ``fence``: same character, at least as long, bare."""
    return (match is not None and match.group(1)[0] == fence[0]
            and len(match.group(1)) >= len(fence) and not match.group(2).strip())


def _outside_fences(lines: list[str], start: int) -> Iterator[tuple[int, str, bool]]:
    """Yield (index, line, inside an HTML block) for lines outside fenced blocks.

    Markdown is not interpreted inside an HTML block (up to the next blank
    line), so headings there are not headings and code spans are not code.
    """
    fence = ""
    in_html = False
    for index in range(start, len(lines)):
        line = lines[index]
        match = _FENCE_RE.match(line)
        if fence:
            if _closes(fence, match):
                fence = ""
            continue
        if not line.strip():
            in_html = False
        elif not in_html and _HTML_BLOCK_RE.match(line) and \
                (index == start or not lines[index - 1].strip()):
            in_html = not _TEMPLATE_RE.fullmatch(line.strip())  # a lone component is ours
        if match and not in_html and not (match.group(1)[0] == "`" and "`" in match.group(2)):
            fence = match.group(1)
            continue
        yield index, line, in_html


def scan_headings(lines: list[str], start: int) -> list[Heading]:
    headings: list[Heading] = []
    previous: tuple[int, str] | None = None
    for index, line, in_html in _outside_fences(lines, start):
        if in_html:
            previous = None
            continue
        atx = _ATX_RE.match(line)
        if atx:
            headings.append(Heading(index, len(atx.group(1)), atx.group(2) or "", False))
            previous = None
            continue
        setext = _SETEXT_RE.match(line)
        if setext and previous and previous[0] == index - 1:
            level = 1 if setext.group(1)[0] == "=" else 2
            headings.append(Heading(previous[0], level, previous[1].strip(), True))
            previous = None
            continue
        plain = line.strip() and not _NOT_PARAGRAPH_RE.match(line)
        previous = (index, line) if plain else None
    return headings


def scan_tag_directives(lines: list[str], start: int) -> list[str]:
    """Tags given with sphinx-tags' ``{tags}`` directive (not inside other code blocks)."""
    tags: list[str] = []
    if "{tags}" not in "\n".join(lines[start:]):
        return tags  # most articles: no directive, no need to follow the fences
    fence = ""
    collecting = False
    for index in range(start, len(lines)):
        match = _FENCE_RE.match(lines[index])
        if fence:
            if _closes(fence, match):
                fence, collecting = "", False
            elif collecting and not lines[index].lstrip().startswith(":"):
                tags.extend(_split_tags(lines[index]))
            continue
        if match:
            fence = match.group(1)
            directive = _TAGS_FENCE_RE.match(match.group(2).strip())
            collecting = directive is not None
            if directive:
                tags.extend(_split_tags(directive.group(1)))
    return tags


def _split_tags(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def count_words(lines: list[str], start: int) -> int:
    return len(" ".join(lines[start:]).split())


def rewrite_for_myst(lines: list[str], block_lines: int, title: str, protect: bool) -> list[str]:
    """Give MyST one ``# title`` and the body's headings below it, templates made literal."""
    out = ["" for _ in range(block_lines)] + lines[block_lines:]
    headings = scan_headings(out, block_lines)
    if headings and plain_text(headings[0].text).casefold() == " ".join(title.split()).casefold():
        first = headings.pop(0)
        out[first.index] = ""
        if first.underline:
            out[first.index + 1] = ""
    if headings:
        top = min(heading.level for heading in headings)
        for heading in headings:
            level = min(6, heading.level - top + 2)
            out[heading.index] = "#" * level + " " + heading.text
            if heading.underline:
                out[heading.index + 1] = ""
    if protect:
        protect_template_syntax(out, block_lines)
    title_line = "# " + escape_markdown(title)
    if block_lines:
        out[0] = title_line
    else:
        out[0:0] = [title_line, ""]
    return out


def protect_template_syntax(lines: list[str], start: int) -> list[tuple[int, str]]:
    """Show Liquid, Hugo and MDX syntax as literal code instead of losing or leaking it.

    Changes ``lines`` in place; returns (line index, fragment) of what it protected.
    """
    found: list[tuple[int, str]] = []
    text = "\n".join(lines[start:])
    if "{" not in text and "<" not in text and not _MDX_ANY_RE.search(text):
        return found  # nothing a template could be made of: skip the line-by-line scan
    for index, line, in_html in _outside_fences(lines, start):
        if in_html:
            lines[index] = _protect_segment(line, index, found, _html_code)
            continue
        if _MDX_STATEMENT_RE.match(line) and (" from " in line or line.startswith("export ")):
            found.append((index, line.strip()))
            lines[index] = _code_span(line.strip())
            continue
        if "{" not in line and "<" not in line:
            continue
        pieces: list[str] = []
        last = 0
        for span in _CODE_SPAN_RE.finditer(line):
            pieces.append(_protect_segment(line[last : span.start()], index, found, _code_span))
            pieces.append(span.group(0))
            last = span.end()
        pieces.append(_protect_segment(line[last:], index, found, _code_span))
        lines[index] = "".join(pieces)
    return found


def _protect_segment(text: str, index: int, found: list[tuple[int, str]],
                     literal: Callable[[str], str]) -> str:
    def replace(match: re.Match[str]) -> str:
        found.append((index, match.group(0)))
        return literal(match.group(0))

    return _TEMPLATE_RE.sub(replace, text)


def _html_code(text: str) -> str:
    """Inside an HTML block Markdown is off: literal text needs HTML, not backticks."""
    return f"<code>{html.escape(text)}</code>"


def _code_span(text: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"
