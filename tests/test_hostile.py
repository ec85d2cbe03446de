"""Hostile front matter (issue 5): whatever a file holds, the build finishes and says what it did.

Property tests throw random front matter and bodies at the pure functions that
every article goes through (``build_article``, ``rewrite_for_myst``); a few real
builds of generated projects check the whole pipeline; fixed articles check that
markup in titles, summaries, tags and authors reaches every page as text.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup
from helpers import (
    Site,
    all_row_links,
    archive_row_links,
    build_once,
    copy_root,
    html_files,
    text_of,
    write,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser
from sphinx_kb.build.store import get_domain
from sphinx_kb.core.body import escape_markdown, rewrite_for_myst
from sphinx_kb.core.dates import ArticleDate
from sphinx_kb.core.dialects import DEFAULT_ALIASES
from sphinx_kb.core.frontmatter import split_lines
from sphinx_kb.core.records import (
    CANONICAL_KEYS,
    REDIRECT_KEYS,
    Article,
    RecordSettings,
    build_article,
)
from sphinx_kb.core.text import CONTROL_CHARS

CONTROL_RE = re.compile(f"[{CONTROL_CHARS}]")
SETTINGS = RecordSettings(timezone=dt.UTC, aliases=DEFAULT_ALIASES)
#: Every warning subtype an article record may carry.
SUBTYPES = {"yaml", "front_matter", "duplicate_key", "title", "date", "tags", "draft", "summary",
            "authors", "images", "alias_conflict", "template_syntax", "redirect", "slug", "empty",
            # Non-text entries under a redirect key are named after the key; see
            # test_redirect_entries_that_are_not_text_warn_as_redirect.
            *REDIRECT_KEYS}
KEYS = [*CANONICAL_KEYS, *REDIRECT_KEYS, *(a for names in DEFAULT_ALIASES.values() for a in names),
        "published", "slug", "layout", "html_meta", "myst", "orphan", "tocdepth", "nocomments"]
XSS = '"><img src=x onerror=alert(1)>'
SCRIPT_END = "</script><script>alert(1)</script>"
NASTY = ["\x00", "\x01", "\x07", "\x08", "\x1b", "\x7f", "\t", "\x85", "\u2028", "\u2029", "\ufeff",
         "\u200b", "\u202e", "\ud7ff", "\ue000", "\uffff", "é", "\U0001d54f", "\U0001f600", "中文",
         "\\", '"', "'", ": ", " #", "&", "*", "!", "|", ">", "- ", "? ", "{", "}", "[", "]", "%",
         "@", "`", "---", "...", XSS, SCRIPT_END, "{{ x }}", "{% y %}", "$x$", "<br>", "&amp;"]
#: Explicit YAML tags on values that do not fit them (PyYAML raises plain Python errors).
EXPLICIT_TAGS = [
    "date: !!timestamp 'not a time'",
    "date: !!timestamp 2021-13-45",
    "lastmod: !!timestamp 2021-10-05T99:00:00",
    "summary: !!float abc",
    "tags: !!int abc",
    "title: !!int 0x",
    "draft: !!bool maybe",
]
#: Values the date parser must survive: out of range, impossible, exotic offsets.
DATES = ["2021-10-05", "2021-02-30", "0000-01-01", "0001-01-01", "9999-12-31", "10000-01-01",
         "9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+23:59", "2021-10-05T25:61:61",
         "2021-10-05 1:00:19 -0500", "2021-10-05 10:00 +99", "2999-01-01", "1970-01-01T00:00:00Z",
         "2021-10-05T10:00:00.999999999999Z", "99999999999999999999-01-01", "2021-10-05 -5",
         "2019-03-26 1:00:19 -0500"]
YAML_SNIPPETS = [
    "a: &x [1, 2, 3]\nb: *x\n",
    "base: &b {title: from anchor}\nmerged:\n  <<: *b\n",
    "<<: {title: merged title}\n",
    "title: &t Anchored title\nsummary: *t\n",
    "? [complex, key]\n: value\n",
    "? {a: b}\n: value\n",
    "1: one\n2.5: float key\nnull: null key\ntrue: bool key\n",
    "title: !!binary aGVsbG8=\n",
    "title: !!python/object:os.system echo\n",
    *(snippet + "\n" for snippet in EXPLICIT_TAGS),
    "date: !!timestamp 2001-12-14t21:59:43.10-05:00\n",
    "tags: !!set {a, b}\n",
    "tags: !!omap [a: 1, b: 2]\n",
    "title: |\n  multi\n  line\n",
    "summary: >-\n  folded\n  text\n",
    "title:\ttab\n",
    "\ttitle: tab indent\n",
    "title: 'unclosed\n",
    "title: [\n",
    "title: x\ntitle: y\n",
    "recursive: &r [*r]\n",
    "%YAML 1.1\n",
    "--- \n",
    "...\n",
    "",
]
BODY_SNIPPETS = [
    "# {title}\n", "# Another top heading\n", "Setext\n======\n", "Under\n------\n", "## Two\n",
    "###### Six\n", "####### Seven\n", "```\n# in code\n```\n", "~~~python\n{{ x }}\n~~~\n",
    ":::{note}\n# in note\n:::\n", "```{tags} a, b\n```\n", "```{kb-recent}\n```\n",
    "import X from './x'\n", "export const meta = {}\n", "<TOCInline toc={props.toc} />\n",
    '{{< figure src="x" >}}\n', '{% image "x.png" %}\n', "{{ page.title }}\n", "`{{ code }}`\n",
    "$x^2$ and $5 and $10\n", "$$\nx\n$$\n", "| a | b |\n|---|---|\n| 1 | 2 |\n", "~~gone~~\n",
    "- [ ] task\n", "[^n]\n\n[^n]: note\n", "https://example.com\n", "term\n: definition\n",
    "<div>\n# inside html\n</div>\n", "> # quoted heading\n", "- # listed heading\n",
    "    # indented code\n", "![img](/images/missing.png)\n", "[link](other.md)\n",
    XSS + "\n", SCRIPT_END + "\n", "\x00\n", "\t# tabbed\n", "```\nunclosed fence\n",
    "\u2028\n", "---\n", "***\n", "{title}\n===\n",
]
#: Raw HTML in a body passes through by design: the real builds keep attacks in front matter.
SAFE_BODY_SNIPPETS = [s for s in BODY_SNIPPETS if s.strip() not in {XSS, SCRIPT_END}]
SAFE_NASTY = [s for s in NASTY if s not in {XSS, SCRIPT_END, "<br>"}]


# --------------------------------------------------------------------------- strategies

nasty_text = st.lists(
    st.one_of(st.sampled_from(NASTY), st.text(max_size=12)), max_size=12
).map("".join)
long_text = st.integers(min_value=1_000, max_value=50_000).map(lambda n: "x" * n)
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True), nasty_text, st.sampled_from(DATES),
    st.dates(), st.datetimes(timezones=st.none() | st.timezones()), long_text,
    st.sampled_from([XSS, SCRIPT_END, "", " ", "true", "no", "2021-10-05"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.one_of(st.sampled_from(KEYS), nasty_text), inner, max_size=4),
    max_leaves=12,
)
mappings = st.dictionaries(st.one_of(st.sampled_from(KEYS), nasty_text), values, max_size=10)


@st.composite
def dumped_yaml(draw: st.DrawFn) -> str:
    """Valid YAML of random data, in block or flow style."""
    data = draw(mappings)
    try:
        return yaml.safe_dump(data, allow_unicode=draw(st.booleans()),
                              default_flow_style=draw(st.sampled_from([False, True, None])),
                              width=draw(st.sampled_from([20, 80, 10_000])))
    except yaml.YAMLError:
        return ""


@st.composite
def raw_yaml(draw: st.DrawFn) -> str:
    """Hand-written YAML as writers (and attackers) type it: may well not parse."""
    lines = []
    for _ in range(draw(st.integers(min_value=0, max_value=8))):
        kind = draw(st.integers(min_value=0, max_value=3))
        if kind == 0:
            lines.append(draw(st.sampled_from(YAML_SNIPPETS)).rstrip("\n"))
        elif kind == 1:
            key = draw(st.sampled_from(KEYS))
            lines.append(f"{key}: {draw(nasty_text)}")
        elif kind == 2:
            key = draw(st.sampled_from(KEYS))
            lines.append(f"{key}: {draw(st.sampled_from(DATES))}")
        else:
            lines.append(draw(nasty_text))
    return "\n".join(lines)


@st.composite
def bodies(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.one_of(st.sampled_from(BODY_SNIPPETS), nasty_text), max_size=10))
    return "\n".join(parts)


@st.composite
def article_texts(draw: st.DrawFn) -> str:
    """A whole file: maybe a BOM, a front-matter block (closed, unclosed or none), a body."""
    matter = draw(st.one_of(dumped_yaml(), raw_yaml()))
    body = draw(bodies())
    shape = draw(st.sampled_from(["closed", "closed", "closed", "dots", "unclosed", "none"]))
    newline = draw(st.sampled_from(["\n", "\n", "\r\n", "\r"]))
    bom = draw(st.sampled_from(["", "", "\ufeff"]))
    if shape == "closed":
        text = f"---\n{matter}\n---\n{body}"
    elif shape == "dots":
        text = f"---\n{matter}\n...\n{body}"
    elif shape == "unclosed":
        text = f"---\n{matter}\n{body}"
    else:
        text = body
    return bom + text.replace("\n", newline)


# --------------------------------------------------------------------------- pure functions


def check_article(article: Article, text: str) -> None:
    """What every record must satisfy, whatever the file held."""
    assert isinstance(article.title, str) and article.title.strip()
    assert "\n" not in article.title
    for date in (article.date, article.lastmod):
        assert date is None or (isinstance(date, ArticleDate) and date.instant.tzinfo is not None)
    for field in (article.tags, article.authors, article.images, article.redirects):
        assert isinstance(field, tuple)
        assert all(isinstance(item, str) and item.strip() for item in field), field
    assert isinstance(article.summary, str)
    # Control characters are invalid in XML (feeds, sitemaps) and invisible in HTML.
    for shown in (article.title, article.summary, *article.tags, *article.authors):
        assert not CONTROL_RE.search(shown), shown
    assert isinstance(article.draft, bool)
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in article.meta.items())
    for path in article.redirects:
        assert ".." not in path.split("/") and "://" not in path and not path.startswith("/")
    line_count = len(split_lines(text))
    assert 0 <= article.block_lines <= line_count
    for problem in article.problems:
        assert problem.subtype in SUBTYPES, problem
        assert problem.message.strip()
        # A warning points at a line of the file, or the writer cannot find it.
        assert 1 <= problem.line <= line_count, (problem, line_count)


def top_level_h1(lines: list[str]) -> list[int]:
    """Lines of the top-level ``#`` headings MyST sees (nested ones become rubrics)."""
    tokens = MYST.parse("\n".join(lines))
    return [token.map[0] for token in tokens
            if token.type == "heading_open" and token.tag == "h1" and token.level == 0
            and token.map]


MYST = create_md_parser(MdParserConfig(
    enable_extensions={"dollarmath", "amsmath", "strikethrough", "tasklist", "linkify", "deflist",
                       "colon_fence", "attrs_inline"},
    heading_anchors=3, dmath_allow_space=False, dmath_allow_digits=False), RendererHTML)


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(text=article_texts())
def test_build_article_never_raises(text: str) -> None:
    article = build_article("articles/hostile", "articles/hostile.md", text, SETTINGS)
    check_article(article, text)


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(text=article_texts(), protect=st.booleans())
def test_rewrite_for_myst_gives_one_title(text: str, protect: bool) -> None:
    article = build_article("articles/hostile", "articles/hostile.md", text, SETTINGS)
    lines = split_lines(text)
    out = rewrite_for_myst(list(lines), article.block_lines, article.title, protect)
    assert all(isinstance(line, str) for line in out)
    if article.block_lines:
        # Line numbers of MyST's own warnings keep pointing at the writer's lines.
        assert len(out) == len(lines)
    else:
        assert len(out) == len(lines) + 2
    assert out[0] == "# " + escape_markdown(article.title)
    assert top_level_h1(out) == [0], out


@settings(max_examples=300, deadline=None)
@given(title=st.one_of(nasty_text, st.sampled_from([XSS, SCRIPT_END, "# x", "*a* _b_ `c`"])))
def test_escaped_title_is_one_literal_heading(title: str) -> None:
    if not " ".join(title.split()):
        return
    out = rewrite_for_myst(["---", "title: x", "---", "Body."], 3, title, True)
    html = MYST.render("\n".join(out))
    assert "<img" not in html and "<script" not in html
    assert top_level_h1(out) == [0]


def test_yaml_bomb_rejected_quickly() -> None:
    text = (Path(__file__).parent / "roots/test-dialects-hostile/articles/yaml-bomb.md").read_text()
    start = time.perf_counter()
    article = build_article("articles/yaml-bomb", "articles/yaml-bomb.md", text, SETTINGS)
    assert time.perf_counter() - start < 2.0
    assert [p.subtype for p in article.problems] == ["yaml"]
    assert "bomb" in article.problems[0].message
    assert article.meta == {}


def test_recursive_alias_rejected() -> None:
    text = "---\ntitle: Loop\nloop: &r [*r]\n---\nBody\n"
    article = build_article("articles/loop", "articles/loop.md", text, SETTINGS)
    check_article(article, text)
    assert [p.subtype for p in article.problems] == ["yaml"]


@pytest.mark.parametrize("snippet", EXPLICIT_TAGS)
def test_explicit_yaml_tags_do_not_raise(snippet: str) -> None:
    """``!!timestamp``, ``!!int``, ``!!float``, ``!!bool`` on a value that does not fit."""
    text = f"---\ntitle: Tagged value\n{snippet}\n---\nBody\n"
    article = build_article("articles/tagged", "articles/tagged.md", text, SETTINGS)
    check_article(article, text)
    # The article has no date either: that is its own mistake, with its own warning.
    problems = [p for p in article.problems
                if "has no 'date'" not in p.message and p.subtype != "duplicate_key"]
    assert [(p.line, p.subtype) for p in problems] in (
        [(3, "yaml")], [(3, "date")], [(3, "tags")], [(3, "summary")], [(3, "draft")]
    ), article.problems


def test_explicit_yaml_tag_does_not_stop_the_build(tmp_path: Path) -> None:
    """One file with ``date: !!timestamp 'not a time'`` must not end the whole build."""
    srcdir = copy_root("dialects-small", tmp_path, {
        "articles/tagged.md": "---\ntitle: Tagged date\ndate: !!timestamp 'not a time'\n---\n"
                              "\nBody.\n",
        "articles/fine.md": "---\ntitle: Fine\ndate: 2021-01-01\n---\n\nBody.\n",
    })
    site = build_once(srcdir)
    assert site.app.statuscode == 0
    assert site.has("articles/tagged") and site.has("articles/fine")
    warnings = site.warnings_about("articles/tagged.md")
    assert [(w.line, w.type) for w in warnings] in ([(3, "kb.yaml")], [(3, "kb.date")]), \
        site.warning_text


@pytest.mark.parametrize("breaker", ["\x85", "\u2028", "\u2029"])
def test_unicode_line_separators_keep_warning_lines(breaker: str) -> None:
    """YAML 1.1 counts NEL, LS and PS as line breaks; the file (and markdown-it) does not."""
    text = f"---\ntitle: 'Quoted{breaker}separator'\ndate: nonsense\n---\nBody\n"
    article = build_article("articles/sep", "articles/sep.md", text, SETTINGS)
    assert [(p.line, p.subtype) for p in article.problems] == [(3, "date")]
    assert article.line_of("date") == 3
    text = f"---\ntitle: Plain{breaker}separator\n---\nBody\n"
    article = build_article("articles/sep", "articles/sep.md", text, SETTINGS)
    check_article(article, text)


@pytest.mark.parametrize("matter", [
    "aliases: [null]", "redirect_from: [{old: path}]", "permalink: [1.5, true]",
])
def test_redirect_entries_that_are_not_text_warn_as_redirect(matter: str) -> None:
    """Every redirect problem is ``kb.redirect``, so one ``suppress_warnings`` entry covers it."""
    text = f"---\ntitle: Redirects\ndate: 2021-01-01\n{matter}\n---\nBody\n"
    article = build_article("articles/r", "articles/r.md", text, SETTINGS)
    assert [(p.line, p.subtype) for p in article.problems] == [(4, "redirect")]


# --------------------------------------------------------------------------- real builds

#: Seeds of the generated projects; each is one real build of ~30 articles.
SEEDS = [1, 2, 3]
ARTICLES_PER_BUILD = 30


def random_article(rng: random.Random) -> str:
    """One hostile article, built from the same pools as the strategies."""

    def text(pool: list[str] = NASTY) -> str:
        return "".join(rng.choice(pool) if rng.random() < 0.6 else chr(rng.randrange(32, 0x2FFF))
                       for _ in range(rng.randrange(0, 10)))

    def scalar() -> Any:
        return rng.choice([
            None, True, False, rng.randrange(-(10**20), 10**20), rng.random() * 1e300,
            float("nan"), float("inf"), text(), rng.choice(DATES), XSS, SCRIPT_END, "",
            "x" * rng.randrange(1_000, 20_000),
            dt.datetime(rng.randrange(1, 9999), 1, 1, tzinfo=rng.choice([None, dt.UTC])),
            dt.date(rng.randrange(1, 9999), 12, 31),
        ])

    def value(depth: int = 0) -> Any:
        roll = rng.random()
        if depth > 2 or roll < 0.6:
            return scalar()
        if roll < 0.8:
            return [value(depth + 1) for _ in range(rng.randrange(0, 4))]
        return {rng.choice([*KEYS, text()]): value(depth + 1) for _ in range(rng.randrange(0, 4))}

    if rng.random() < 0.5:
        data = {rng.choice([*KEYS, text()]): value() for _ in range(rng.randrange(0, 10))}
        try:
            matter = yaml.safe_dump(data, allow_unicode=rng.random() < 0.5)
        except yaml.YAMLError:
            matter = ""
    else:
        pieces = []
        for _ in range(rng.randrange(0, 8)):
            roll = rng.random()
            if roll < 0.3:
                pieces.append(rng.choice(YAML_SNIPPETS).rstrip("\n"))
            elif roll < 0.7:
                pieces.append(f"{rng.choice(KEYS)}: {rng.choice([text(), *DATES])}")
            else:
                pieces.append(text())
        matter = "\n".join(pieces)
    body = "\n".join(rng.choice(SAFE_BODY_SNIPPETS) if rng.random() < 0.7 else text(SAFE_NASTY)
                     for _ in range(rng.randrange(0, 10)))
    shape = rng.choice(["closed", "closed", "closed", "unclosed", "none"])
    if shape == "closed":
        return f"---\n{matter}\n---\n{body}"
    if shape == "unclosed":
        return f"---\n{matter}\n{body}"
    return body


def generated_project(dest: Path, seed: int) -> tuple[Path, list[str]]:
    """The hostile root plus ``ARTICLES_PER_BUILD`` generated articles (some ``.mdx``)."""
    rng = random.Random(seed)
    srcdir = copy_root("dialects-hostile", dest)
    for index in range(ARTICLES_PER_BUILD):
        suffix = ".mdx" if rng.random() < 0.2 else ".md"
        dated = f"2020-0{rng.randrange(1, 10)}-1{index % 10}-gen-{index}"
        stem = rng.choice([f"gen-{index:02d}", dated])
        write(srcdir / "articles" / f"{stem}{suffix}", random_article(rng))
    # Two files with one name: one is built, the other is reported.
    write(srcdir / "articles" / "twin.md", random_article(rng))
    write(srcdir / "articles" / "twin.mdx", random_article(rng))
    files = sorted(p.relative_to(srcdir).as_posix() for p in (srcdir / "articles").rglob("*")
                   if p.suffix in {".md", ".mdx"})
    return srcdir, files


#: What an article page shows from front matter (besides ``<head>``).
FRONT_MATTER_PARTS = ("div.body h1, p.kb-byline, p.kb-summary, p.kb-article-tags, div.kb-related, "
                      "div.kb-draft-banner, div.related, nav, footer")
REPORT_RE = re.compile(
    r"knowledge base: (\d+) articles found, (\d+) built, (\d+) skipped as drafts or scheduled, "
    r"(\d+) built with warnings, (\d+) not built")


def scripts_and_handlers(soup: BeautifulSoup) -> list[str]:
    """Markup that would run if a title had leaked into the page unescaped.

    The theme's own ``onclick`` handlers and JSON-LD blocks are fine: an injected
    handler calls ``alert(``, and a JSON block that still parses was not broken open.
    """
    found = [str(tag) for tag in soup.find_all(True)
             if any(attr.startswith("on") and "alert(" in str(value)
                    for attr, value in tag.attrs.items())]
    for script in soup.find_all("script"):
        content = script.get_text()
        if "alert(" not in content:
            continue
        if script.get("type") == "application/ld+json":
            try:
                json.loads(content)
                continue
            except ValueError:
                pass
        found.append(str(script))
    found += [str(img) for img in soup.find_all("img", src="x")]
    return found


@pytest.mark.parametrize("seed", SEEDS)
def test_generated_project_builds_and_reports_every_file(tmp_path: Path, seed: int) -> None:
    srcdir, files = generated_project(tmp_path, seed)
    site = build_once(srcdir)  # raises if the extension raises
    assert site.app.statuscode == 0, site.warning_text
    counts = [list(map(int, m)) for m in REPORT_RE.findall(site.status)]
    assert len(counts) == 1, site.status
    found, built, skipped, _warned, not_built = counts[0]
    assert found == len(files), (found, files)
    assert built + skipped + not_built == found
    articles = get_domain(site.app.env).articles
    skipped_lines = set(re.findall(r"^  skipped \(.*?\): (.+)$", site.status, re.MULTILINE))
    not_built_files = {w.location.replace(str(srcdir) + "/", "") for w in site.warnings
                       if w.type == "kb.not_built"}
    for path in files:
        docname = path.rsplit(".", 1)[0]
        owner = articles.get(docname)
        if owner is not None and owner.source == path and site.has(docname):
            continue
        assert path in skipped_lines or path in not_built_files or any(
            loc.startswith(path) for loc in not_built_files), (path, site.status, site.warning_text)
    for name, data in html_files(site.outdir).items():
        soup = BeautifulSoup(data, "lxml")
        if name.startswith("articles/"):
            # A body's raw HTML passes through by design (and an unclosed front matter is
            # body): on article pages, check what the extension made from front matter.
            parts = [soup.head, *soup.select(FRONT_MATTER_PARTS)]
            soup = BeautifulSoup("".join(str(part) for part in parts if part), "lxml")
        assert scripts_and_handlers(soup) == [], name
    bomb = site.warnings_about("articles/yaml-bomb.md")
    assert [w.type for w in bomb] == ["kb.yaml"], site.warning_text


# --------------------------------------------------------------------------- escaping

XSS_TITLE = 'Title "><img src=x onerror=alert(1)> </script><script>alert(2)</script>'
XSS_SUMMARY = 'Summary "><img src=x onerror=alert(3)> </script><script>alert(4)</script>'
XSS_TAGS = ['Tag "><img src=x onerror=alert(5)>', "Tag </script><script>alert(6)</script>"]
XSS_AUTHOR = 'Author "><img src=x onerror=alert(7)> </script>'
XSS_DOC = "articles/xss"


@pytest.fixture(scope="module", params=["basic", "sphinx_book_theme"])
def xss_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The fixed hostile articles, with the test theme and with the site's theme."""
    srcdir = copy_root("dialects-hostile", tmp_path_factory.mktemp(f"xss-{request.param}"))
    # A site URL turns on the head metadata (Open Graph, JSON-LD) and the feeds.
    return build_once(srcdir, confoverrides={"html_theme": request.param,
                                             "html_baseurl": "https://example.org/kb/"})


def test_no_markup_leaks_anywhere(xss_site: Site) -> None:
    for name, data in html_files(xss_site.outdir).items():
        assert scripts_and_handlers(BeautifulSoup(data, "lxml")) == [], name
        assert b"<img src=x" not in data, name
        assert b"<script>alert" not in data, name


def test_article_page_shows_markup_as_text(xss_site: Site) -> None:
    soup = xss_site.soup(XSS_DOC)
    h1s = [text_of(h) for h in soup.find_all("h1") if not h.find_parent(class_="onlyprint")]
    assert h1s == [XSS_TITLE]
    assert soup.title.get_text().startswith(XSS_TITLE)
    assert text_of(soup.select_one("p.kb-summary")) == XSS_SUMMARY
    assert text_of(soup.select_one("span.kb-authors")) == "By " + XSS_AUTHOR
    assert sorted(text_of(a) for a in soup.select("p.kb-article-tags a.kb-tag")) == XSS_TAGS


def test_meta_description_holds_the_summary(xss_site: Site) -> None:
    metas = xss_site.soup(XSS_DOC).find_all("meta", attrs={"name": "description"})
    assert [meta["content"] for meta in metas] == [XSS_SUMMARY]
    # No meta tag anywhere on the page is broken open by the quote.
    for meta in xss_site.soup(XSS_DOC).find_all("meta"):
        assert set(meta.attrs) <= {"name", "content", "charset", "http-equiv", "property",
                                   "data-content", "lang", "viewport"}, meta


def test_social_metadata_holds_the_text(xss_site: Site) -> None:
    head = xss_site.soup(XSS_DOC).head

    def contents(**attrs: str) -> list[str]:
        return [meta["content"] for meta in head.find_all("meta", attrs=attrs)]

    assert contents(property="og:title") == [XSS_TITLE]
    assert contents(property="og:description") == [XSS_SUMMARY]
    assert sorted(contents(property="article:tag")) == XSS_TAGS
    assert contents(property="article:author") == [XSS_AUTHOR]
    blocks = head.find_all("script", type="application/ld+json")
    assert len(blocks) == 1
    data = json.loads(blocks[0].get_text())
    assert data["headline"] == XSS_TITLE
    assert data["description"] == XSS_SUMMARY


def test_feeds_are_well_formed_and_hold_the_text(xss_site: Site) -> None:
    from xml.etree import ElementTree

    feeds = sorted(xss_site.outdir.rglob("*.xml"))
    assert any(feed.name == "atom.xml" for feed in feeds), feeds
    atom = "{http://www.w3.org/2005/Atom}"
    for feed in feeds:
        tree = ElementTree.parse(feed)  # raises on markup that broke the XML
        if feed.name == "sitemap.xml":
            continue
        titles = [entry.findtext(f"{atom}title") for entry in tree.iter(f"{atom}entry")]
        assert XSS_TITLE in titles, (feed, titles)


def test_listings_and_tag_pages_show_markup_as_text(xss_site: Site) -> None:
    assert XSS_TITLE in all_row_links(xss_site.soup("index"))
    assert XSS_TITLE in archive_row_links(xss_site)
    summaries = [text_of(p) for p in xss_site.soup("index").select("p.kb-row-summary")]
    assert XSS_SUMMARY in summaries
    cloud = [text_of(a) for a in xss_site.soup("index").select("p.kb-tag-cloud a.kb-tag")]
    assert any(text.startswith(XSS_TAGS[0]) for text in cloud), cloud
    for tag in XSS_TAGS:
        badge = next(a for a in xss_site.soup(XSS_DOC).select("a.kb-tag") if text_of(a) == tag)
        target = xss_site.resolve(XSS_DOC, badge["href"])
        assert target.is_file(), badge
        page = "tags/" + target.stem
        heading = [text_of(h) for h in xss_site.soup(page).find_all("h1")
                   if not h.find_parent(class_="onlyprint")]
        assert heading == [tag]
        assert XSS_TITLE in all_row_links(xss_site.soup(page))


def test_neighbour_links_show_markup_as_text(xss_site: Site) -> None:
    """Previous/next (by date) and related-article links name the hostile article as text."""
    target = xss_site.path(XSS_DOC).resolve()
    for page in ("articles/neighbour-older", "articles/neighbour-newer"):
        links = [a for a in xss_site.soup(page).find_all("a", href=True)
                 if xss_site.resolve(page, a["href"]) == target]
        assert links, page
        for link in links:
            assert re.fullmatch(r"(?:next |previous )?" + re.escape(XSS_TITLE), text_of(link)), \
                str(link)
            assert link.find(["img", "script"]) is None


def test_yaml_bomb_warned_in_build(xss_site: Site) -> None:
    warnings = xss_site.warnings_about("articles/yaml-bomb.md")
    assert [w.type for w in warnings] == ["kb.yaml"], xss_site.warning_text
    assert warnings[0].line == 2  # the first line of the front matter
    assert xss_site.has("articles/yaml-bomb")
