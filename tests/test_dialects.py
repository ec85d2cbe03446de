"""Front-matter dialects (issue 5): aliases, dates, Markdown, templates, redirects, the report.

Writers arrive with files from Hugo, Jekyll, Next.js/MDX and Eleventy. One build of
``tests/roots/test-dialects`` holds most cases, one article per case; settings that
change the whole site (aliases, time zone, ``-W``) get small builds of
``tests/roots/test-dialects-small``. Markdown is rendered with the site's own MyST
settings, read from the top-level ``conf.py``.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from helpers import (
    ROOT,
    Site,
    all_row_links,
    archive_row_links,
    archive_year_pages,
    build_once,
    copy_root,
    text_of,
)
from sphinx_kb.build.store import get_domain
from sphinx_kb.core.dates import ArticleDate, date_from_filename, parse_date
from sphinx_kb.core.tags import tag_key, tag_slug

UTC = dt.UTC
NEW_YORK = "America/New_York"

#: ``knowledge base: N articles found, N built, ...`` as the report prints it.
REPORT_RE = re.compile(
    r"knowledge base: (?P<found>\d+) articles found, (?P<built>\d+) built, "
    r"(?P<skipped>\d+) skipped as drafts or scheduled, (?P<warned>\d+) built with warnings, "
    r"(?P<not_built>\d+) not built"
)


def site_settings() -> dict[str, Any]:
    """The MyST settings and suppressed warnings of the real site (top-level ``conf.py``)."""
    conf = ROOT / "conf.py"
    namespace: dict[str, Any] = {"__file__": str(conf), "__name__": "conf"}
    exec(compile(conf.read_text(encoding="utf-8"), str(conf), "exec"), namespace)
    return {key: value for key, value in namespace.items()
            if key.startswith("myst_") or key == "suppress_warnings"}


def report(site: Site) -> dict[str, int]:
    """The counts of the end-of-build report; exactly one report line is printed."""
    matches = list(REPORT_RE.finditer(site.status))
    assert len(matches) == 1, site.status
    return {key: int(value) for key, value in matches[0].groupdict().items()}


def code_texts(site: Site, page: str) -> list[str]:
    """Inline ``<code>`` texts of a page's body, white space as written."""
    body = site.soup(page).select_one("div.body")
    assert body is not None
    return [" ".join(code.get_text().split()) for code in body.find_all("code")]


def tag_page(name: str) -> str:
    """The docname of a tag's page, as the extension names it."""
    return f"tags/{tag_slug(tag_key(name))}"


def summary_of(site: Site, page: str) -> str | None:
    node = site.soup(page).select_one("p.kb-summary")
    return text_of(node) if node is not None else None


def meta_description(site: Site, page: str) -> list[str]:
    return [meta["content"] for meta in
            site.soup(page).find_all("meta", attrs={"name": "description"})]


def badges(site: Site, page: str) -> list[str]:
    return [text_of(a) for a in site.soup(page).select("p.kb-article-tags a.kb-tag")]


def time_attr(site: Site, page: str, css: str) -> str | None:
    node = site.soup(page).select_one(f"p.kb-byline time.{css}")
    return node["datetime"] if node is not None else None


def instant(value: str) -> dt.datetime:
    """A ``datetime`` attribute as an aware instant (a date alone is midnight UTC)."""
    parsed = dt.datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


# --------------------------------------------------------------------------- the dialect site


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    srcdir = copy_root("dialects", tmp_path_factory.mktemp("dialects"))
    return build_once(srcdir, confoverrides=site_settings())


def test_build_succeeds(site: Site) -> None:
    assert "build succeeded" in site.status, site.status
    assert site.app.statuscode == 0
    assert not [w for w in site.warnings if w.level != "WARNING"], site.warning_text


# --------------------------------------------------------------------------- 1. field aliases


def test_description_is_the_summary_before_excerpt(site: Site) -> None:
    page = "articles/alias-description"
    assert summary_of(site, page) == "The description is the summary."
    assert meta_description(site, page) == ["The description is the summary."]
    # Aliases disagreeing among themselves is a dialect, not a conflict.
    assert site.warnings_about("articles/alias-description.md") == [], site.warning_text


def test_excerpt_is_the_summary(site: Site) -> None:
    page = "articles/alias-excerpt"
    assert summary_of(site, page) == "The excerpt is the summary."
    assert meta_description(site, page) == ["The excerpt is the summary."]
    row = [li for li in site.soup("index").select("li.kb-row")
           if "Excerpt only" in text_of(li)]
    assert len(row) == 1
    assert text_of(row[0].select_one("p.kb-row-summary")) == "The excerpt is the summary."


def test_topics_categories_keywords_merge_into_tags(site: Site) -> None:
    page = "articles/alias-tags"
    assert sorted(badges(site, page)) == ["Category Two", "Topic One", "keyword three"]
    for tag in ("Topic One", "Category Two", "keyword three"):
        assert "Topics categories keywords" in all_row_links(site.soup(tag_page(tag))), tag
    assert site.warnings_about("articles/alias-tags.md") == [], site.warning_text


def test_tags_and_an_alias_merge_without_conflict(site: Site) -> None:
    page = "articles/alias-tags-with-canonical"
    assert sorted(badges(site, page)) == ["Own Tag", "Topic One"]
    assert site.warnings_about("articles/alias-tags-with-canonical.md") == [], site.warning_text
    # One tag page lists both articles that reached the tag through 'topics'.
    assert sorted(all_row_links(site.soup(tag_page("Topic One")))) == [
        "Tags and topics together", "Topics categories keywords"]


@pytest.mark.parametrize(("page", "expected"), [
    ("articles/alias-updated", "2020-03-01"),
    ("articles/alias-last-modified", "2020-03-02"),
    ("articles/alias-modified", "2020-03-03T10:00:00+00:00"),
])
def test_lastmod_aliases(site: Site, page: str, expected: str) -> None:
    assert time_attr(site, page, "kb-lastmod") == expected
    byline = text_of(site.soup(page).select_one("p.kb-byline"))
    assert "Updated" in byline


def test_author_and_image_aliases(site: Site) -> None:
    page = "articles/alias-author"
    authors = site.soup(page).select_one("p.kb-byline span.kb-authors")
    assert authors is not None and text_of(authors) == "By Jane Writer"
    article = get_domain(site.app.env).articles[page]
    assert article.authors == ("Jane Writer",)
    assert article.images == ("/images/present.png",)
    assert site.warnings_about("articles/alias-author.md") == [], site.warning_text


def test_published_false_is_a_draft(site: Site) -> None:
    assert not site.has("articles/alias-published-false")
    assert "Published false" not in all_row_links(site.soup("index"))
    assert "skipped (draft): articles/alias-published-false.md" in site.status
    # published: true is simply published.
    assert site.has("articles/alias-published-true")
    assert "Published true" in all_row_links(site.soup("index"))
    assert site.soup("articles/alias-published-true").select("div.kb-draft-banner") == []


def test_canonical_summary_wins_with_one_warning(site: Site) -> None:
    page = "articles/conflict-summary"
    assert summary_of(site, page) == "The canonical summary."
    assert meta_description(site, page) == ["The canonical summary."]
    warnings = site.warnings_about("articles/conflict-summary.md")
    assert len(warnings) == 1, site.warning_text
    warning = warnings[0]
    assert warning.type == "kb.alias_conflict", warning.raw
    assert "'summary'" in warning.message and "'description'" in warning.message
    assert warning.line == 5, warning.raw  # the alias' line


def test_canonical_lastmod_wins_with_one_warning(site: Site) -> None:
    page = "articles/conflict-lastmod"
    assert time_attr(site, page, "kb-lastmod") == "2020-02-01"
    warnings = site.warnings_about("articles/conflict-lastmod.md")
    assert [w.type for w in warnings] == ["kb.alias_conflict"], site.warning_text
    assert "'lastmod'" in warnings[0].message and "'updated'" in warnings[0].message


def test_canonical_authors_and_images_win_with_one_warning_each(site: Site) -> None:
    page = "articles/conflict-author"
    authors = site.soup(page).select_one("p.kb-byline span.kb-authors")
    assert text_of(authors) == "By Canonical Person"
    article = get_domain(site.app.env).articles[page]
    assert article.images == ("/images/canonical.png",)
    warnings = site.warnings_about("articles/conflict-author.md")
    assert [(w.type, w.line) for w in warnings] == [
        ("kb.alias_conflict", 5), ("kb.alias_conflict", 6)], site.warning_text
    assert "'authors'" in warnings[0].message and "'author'" in warnings[0].message
    assert "'images'" in warnings[1].message and "'image'" in warnings[1].message


def test_canonical_and_alias_agreeing_do_not_warn(site: Site) -> None:
    assert summary_of(site, "articles/conflict-same") == "Same words."
    assert site.warnings_about("articles/conflict-same.md") == [], site.warning_text


def test_mdx_files_are_articles(site: Site) -> None:
    page = "articles/component"
    assert site.has(page)
    assert [text_of(h) for h in site.soup(page).select("div.body h1")] == ["An MDX article"]
    assert summary_of(site, page) == "Written for a React blog."
    assert "An MDX article" in all_row_links(site.soup("index"))
    assert all_row_links(site.soup(tag_page("mdx"))) == ["An MDX article"]
    assert "articles/component" in get_domain(site.app.env).articles


# --------------------------------------------------------------------------- 2. dates

#: The articles tagged ``timeline``, newest first, with the instant each one means.
TIMELINE = [
    ("One digit hour", "2021-05-02T06:00:19+00:00"),  # 2021-05-02 1:00:19 -0500
    ("No seconds Zulu", "2021-05-02T02:00:00+00:00"),  # 2021-05-02T02:00Z
    ("Short zone offset", "2021-05-02T00:50:00+00:00"),  # 2021-05-01 19:50 -5
    ("Evening in New York", "2021-05-01T23:45:00+00:00"),  # 2021-05-01 18:45:00 -0500
    ("Past midnight in Paris", "2021-05-01T22:30:00+00:00"),  # 2021-05-02T00:30:00+02:00
    ("Evening naive", "2021-05-01T20:00:00+00:00"),  # '2021-05-01 20:00', site zone UTC
    ("Morning UTC", "2021-05-01T08:00:00+00:00"),  # 2021-05-01T08:00:00Z
    ("Date only", "2021-05-01T00:00:00+00:00"),  # 2021-05-01
    ("Quoted date", "2021-04-30T00:00:00+00:00"),  # '2021-04-30'
    ("Dated by its file name", "2021-04-29T00:00:00+00:00"),  # 2021-04-29-from-file-name.md
    ("Unusable date", None),  # date: next Tuesday
]


def test_listing_ordered_by_full_timestamp(site: Site) -> None:
    assert all_row_links(site.soup(tag_page("timeline"))) == [title for title, _ in TIMELINE]


def test_listed_dates_are_the_instants_written(site: Site) -> None:
    rows = site.soup(tag_page("timeline")).select("ul.kb-listing li.kb-row")
    assert len(rows) == len(TIMELINE)
    for row, (title, expected) in zip(rows, TIMELINE, strict=True):
        assert text_of(row.select_one("a.kb-row-link")) == title
        time = row.select_one("time.kb-date")
        if expected is None:
            assert time is None and "Undated" in text_of(row)
            continue
        assert time is not None, title
        assert instant(time["datetime"]) == dt.datetime.fromisoformat(expected), title


def test_date_only_values_show_the_date_alone(site: Site) -> None:
    assert time_attr(site, "articles/time-date-only", "kb-date") == "2021-05-01"
    assert time_attr(site, "articles/time-quoted", "kb-date") == "2021-04-30"
    # A written offset is kept as written.
    assert time_attr(site, "articles/time-paris", "kb-date") == "2021-05-02T00:30:00+02:00"


def test_date_from_file_name(site: Site) -> None:
    page = "articles/2021-04-29-from-file-name"
    assert time_attr(site, page, "kb-date") == "2021-04-29"
    assert site.warnings_about("articles/2021-04-29-from-file-name.md") == [], site.warning_text


def test_accepted_date_spellings_do_not_warn(site: Site) -> None:
    for path in sorted((site.srcdir / "articles").glob("time-*.md")):
        if path.name == "time-unusable.md":
            continue
        assert site.warnings_about(f"articles/{path.name}") == [], site.warning_text


def test_unusable_date_warns_with_file_and_line(site: Site) -> None:
    warnings = site.warnings_about("articles/time-unusable.md")
    assert len(warnings) == 1, site.warning_text
    warning = warnings[0]
    assert warning.type == "kb.date"
    assert warning.line == 4
    assert "next Tuesday" in warning.message
    assert warning.raw.startswith(f"{site.srcdir / 'articles' / 'time-unusable.md'}:4: ")
    # Still built, with its summary, and listed last as undated.
    assert site.has("articles/time-unusable")
    assert summary_of(site, "articles/time-unusable") == "Still built."
    assert site.soup("articles/time-unusable").select("p.kb-byline time") == []
    assert all_row_links(site.soup("index"))[-1] == "Unusable date"
    years = site.soup("archive").select("a.kb-archive-year-link")
    assert text_of(years[-1]) == "Undated"
    assert all_row_links(site.soup(archive_year_pages(site)[-1])) == ["Unusable date"]


@pytest.mark.parametrize(("value", "expected", "has_time"), [
    ("2021-10-05", "2021-10-05T00:00:00+00:00", False),
    (" 2021-10-05 ", "2021-10-05T00:00:00+00:00", False),
    ("2021/10/05", "2021-10-05T00:00:00+00:00", False),
    ("2021-10-05T14:30", "2021-10-05T14:30:00+00:00", True),
    ("2021-10-05 14:30", "2021-10-05T14:30:00+00:00", True),
    ("2021-10-05T14:30:07", "2021-10-05T14:30:07+00:00", True),
    ("2021-10-05T14:30:07Z", "2021-10-05T14:30:07+00:00", True),
    ("2021-10-05T14:30Z", "2021-10-05T14:30:00+00:00", True),
    ("2021-10-05T14:30:07.250Z", "2021-10-05T14:30:07.250000+00:00", True),
    ("2021-10-05T14:30:00+02:00", "2021-10-05T12:30:00+00:00", True),
    ("2014-03-12T10:11:00-04:00", "2014-03-12T14:11:00+00:00", True),
    ("2021-10-05 14:30:00 -0500", "2021-10-05T19:30:00+00:00", True),
    ("2021-10-05 14:30:00 +0530", "2021-10-05T09:00:00+00:00", True),
    ("2021-10-05 14:30:00 -5", "2021-10-05T19:30:00+00:00", True),
    ("2021-10-05 14:30 -05", "2021-10-05T19:30:00+00:00", True),
    ("2019-03-26 1:00:19 -0500", "2019-03-26T06:00:19+00:00", True),
    ("2019-03-26 9:05 UTC", "2019-03-26T09:05:00+00:00", True),
])
def test_parse_date_spellings(value: str, expected: str, has_time: bool) -> None:
    parsed = parse_date(value, UTC)
    assert parsed.instant == dt.datetime.fromisoformat(expected)
    assert parsed.instant.tzinfo is not None
    assert parsed.has_time is has_time


def test_parse_date_values_yaml_may_give() -> None:
    assert parse_date(dt.date(2021, 10, 5), UTC) == ArticleDate(
        dt.datetime(2021, 10, 5, tzinfo=UTC), False)
    naive = parse_date(dt.datetime(2021, 10, 5, 14, 30), UTC)
    assert naive.instant == dt.datetime(2021, 10, 5, 14, 30, tzinfo=UTC) and naive.has_time
    aware = dt.datetime(2021, 10, 5, 14, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert parse_date(aware, UTC).instant == aware


def test_parse_date_naive_values_use_the_site_zone() -> None:
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(NEW_YORK)
    evening = parse_date("2021-06-01 20:00", zone)
    assert evening.instant == dt.datetime(2021, 6, 2, 0, 0, tzinfo=UTC)
    assert evening.iso == "2021-06-01T20:00:00-04:00"
    winter = parse_date("2021-01-15", zone)
    assert winter.instant == dt.datetime(2021, 1, 15, 5, 0, tzinfo=UTC)
    assert winter.iso == "2021-01-15"
    # A written offset wins over the site zone.
    assert parse_date("2021-06-01T20:00:00Z", zone).instant == dt.datetime(
        2021, 6, 1, 20, 0, tzinfo=UTC)


@pytest.mark.parametrize("value", [
    "2021-13-45", "2021-02-30", "next Tuesday", "", "   ", "05/10/2021", "2021-10-05T25:00",
    "2021-10-05T14:60", "2021-10-05 14:30 +24:00", "2021-10-05 14:30 +0575", "21-10-05",
    "2021-10-05T14:30:00+02:00 extra", 20211005, 3.5, True, None, ["2021-10-05"],
    {"date": "2021-10-05"}, "0000-01-01",
])
def test_parse_date_rejects_with_a_reason(value: object) -> None:
    with pytest.raises(ValueError) as caught:
        parse_date(value, UTC)
    assert str(caught.value).strip()


@pytest.mark.parametrize(("filename", "expected"), [
    ("2016-05-19-content-debt.md", dt.date(2016, 5, 19)),
    ("2014-03-12-coming-soon.mdx", dt.date(2014, 3, 12)),
    ("content-debt.md", None),
    ("2016-05-19.md", None),
    ("2016-13-19-impossible.md", None),
    ("16-05-19-short-year.md", None),
])
def test_date_from_filename(filename: str, expected: dt.date | None) -> None:
    result = date_from_filename(filename, UTC)
    if expected is None:
        assert result is None
        return
    assert result is not None
    assert result.instant.date() == expected and not result.has_time
    assert result.instant.tzinfo is not None


# --------------------------------------------------------------------------- 3. Markdown


def test_dollar_math(site: Site) -> None:
    body = site.soup("articles/markdown").select_one("div.body")
    maths = body.select("span.math")
    assert [m.get_text() for m in maths] == [r"\(x^2\)"]
    # Money is not math.
    paragraph = maths[0].find_parent("p")
    assert "Prices: $5 and $10 are money, not math." in text_of(paragraph)


def test_gfm_features(site: Site) -> None:
    body = site.soup("articles/markdown").select_one("div.body")
    assert [text_of(th) for th in body.select("table th")] == ["Col A", "Col B"]
    assert [text_of(td) for td in body.select("table td")] == ["a1", "b1"]
    struck = body.select("s, del")
    assert [text_of(s) for s in struck] == ["struck out"]
    boxes = body.select("li.task-list-item input[type=checkbox]")
    assert len(boxes) == 2
    assert [box.has_attr("checked") for box in boxes] == [False, True]
    link = body.select_one('a[href="https://example.com/bare"]')
    assert link is not None and text_of(link) == "https://example.com/bare"


def test_footnotes(site: Site) -> None:
    soup = site.soup("articles/markdown")
    reference = soup.select_one("a.footnote-reference")
    assert reference is not None
    target = soup.find(id=reference["href"].lstrip("#"))
    assert target is not None and "The footnote text." in text_of(target)


def test_definition_list_and_raw_html(site: Site) -> None:
    body = site.soup("articles/markdown").select_one("div.body")
    assert [text_of(dt_) for dt_ in body.select("dl dt")] == ["Term"]
    assert [text_of(dd) for dd in body.select("dl dd")] == ["Definition of the term."]
    box = body.select_one("div.raw-box")
    assert box is not None and box.select_one("em") is not None
    assert text_of(box) == "Raw HTML passes"


def test_heading_anchor_links(site: Site) -> None:
    soup = site.soup("articles/markdown")
    section = soup.find(id="a-heading-with-anchor")
    assert section is not None
    assert text_of(section.find("h2")) == "A heading with anchor"
    link = soup.find("a", string="the heading")
    assert link is not None and link["href"] == "#a-heading-with-anchor"


def test_markdown_features_build_without_warnings(site: Site) -> None:
    """Every feature above is on in the site's settings: using one must not warn (or fail -W)."""
    assert site.warnings_about("articles/markdown.md") == [], site.warning_text


TEMPLATE_FRAGMENTS = [
    "import Chart from './chart'",
    '{% image "x.png" %}',
    "{{ page.title }}",
    '{{< figure src="x" >}}',
    "<TOCInline toc={props.toc} />",
]


def test_template_syntax_shown_as_literal_code(site: Site) -> None:
    codes = code_texts(site, "articles/templates")
    for fragment in TEMPLATE_FRAGMENTS:
        assert codes.count(fragment) == 1, (fragment, codes)
    soup = site.soup("articles/templates")
    assert soup.find("tocinline") is None
    assert soup.find("figure") is None
    assert "Chart" not in [tag.name for tag in soup.find_all(True)]


def test_template_syntax_one_warning_with_count(site: Site) -> None:
    warnings = site.warnings_about("articles/templates.md")
    assert len(warnings) == 1, site.warning_text
    warning = warnings[0]
    assert warning.type == "kb.template_syntax"
    assert re.match(r"^5 template", warning.message), warning.message
    assert warning.line == 6  # the first fragment: the import line


def test_template_syntax_in_code_left_alone(site: Site) -> None:
    codes = code_texts(site, "articles/templates")
    # Inline code is not wrapped a second time.
    assert codes.count("{{ inline.code }}") == 1, codes
    assert not any("`" in code for code in codes), codes
    block = site.soup("articles/templates").select_one("div.highlight pre").get_text()
    assert block.splitlines() == [
        "{{ fenced.code }}", "<TOCInline toc={props.toc} />", '{% image "fenced.png" %}']


def test_template_syntax_only_in_code_is_not_counted(site: Site) -> None:
    page = "articles/templates-in-code-only"
    assert site.warnings_about("articles/templates-in-code-only.md") == [], site.warning_text
    assert code_texts(site, page) == ["{{ page.title }}", '{% image "x.png" %}']
    blocks = [pre.get_text() for pre in site.soup(page).select("div.highlight pre")]
    assert blocks == ['{{< figure src="x" >}}\n<TOCInline toc={props.toc} />\n',
                      "import Chart from './chart'\n"]


def test_template_syntax_in_raw_html_block_is_code(site: Site) -> None:
    """Jekyll posts put ``{% image %}`` inside ``<figure>``: Markdown is off there."""
    page = "articles/templates-in-html"
    figure = site.soup(page).select_one("div.body figure")
    assert figure is not None
    assert figure.select_one("figcaption") is not None
    codes = [" ".join(code.get_text().split()) for code in figure.find_all("code")]
    assert codes == ['{% image "assets/x.jpg" "alt text" %}'], str(figure)
    assert "`" not in figure.get_text(), str(figure)
    warnings = site.warnings_about("articles/templates-in-html.md")
    assert [w.type for w in warnings] == ["kb.template_syntax"], site.warning_text
    assert warnings[0].message.startswith("1 template"), warnings[0].message


# --------------------------------------------------------------------------- 4. links, assets


REDIRECTS = {
    "old/jekyll-path/index.html": "redirect_from: /old/jekyll-path/",
    "2015/05/21/old-name.html": "redirect_from: /2015/05/21/old-name.html",
    "hugo/old-alias/index.html": "aliases: [/hugo/old-alias]",
    "perma/link/index.html": "permalink: /perma/link/",
}


@pytest.mark.parametrize("old", sorted(REDIRECTS))
def test_redirect_page_points_at_the_article(site: Site, old: str) -> None:
    page = site.outdir / old
    assert page.is_file(), REDIRECTS[old]
    soup = site.soup(old)
    refresh = soup.find("meta", attrs={"http-equiv": "refresh"})
    assert refresh is not None
    match = re.fullmatch(r"0; url=(.+)", refresh["content"])
    assert match is not None, refresh["content"]
    article = site.path("articles/redirects").resolve()
    assert (page.parent / match.group(1)).resolve() == article
    canonical = soup.find("link", rel="canonical")
    assert (page.parent / canonical["href"]).resolve() == article
    assert "Moved here" in soup.get_text()


def test_redirects_do_not_warn(site: Site) -> None:
    assert site.warnings_about("articles/redirects.md") == [], site.warning_text


def test_bad_redirect_paths_warn_and_write_nothing(site: Site) -> None:
    warnings = site.warnings_about("articles/bad-redirects.md")
    assert [w.type for w in warnings] == ["kb.redirect", "kb.redirect"], site.warning_text
    messages = " ".join(w.message for w in warnings)
    assert "../escape" in messages and "http://example.com/elsewhere" in messages
    assert not (site.outdir.parent / "escape").exists()
    assert not (site.outdir / "escape").exists()
    assert not list(site.outdir.rglob("elsewhere*"))
    assert site.has("articles/bad-redirects")


def test_redirect_onto_an_existing_page_warns_at_the_article(site: Site) -> None:
    """``redirect_from: /archive.html`` keeps the archive; the warning names the article."""
    assert [text_of(h) for h in site.soup("archive").select("div.body h1")] == ["Archive"]
    warnings = [w for w in site.warnings if "archive.html" in w.message]
    assert len(warnings) == 1, site.warning_text
    assert warnings[0].type == "kb.redirect"
    assert warnings[0].about("articles/taken-redirect.md"), warnings[0].raw


def test_slug_differing_from_file_name_warns(site: Site) -> None:
    warnings = site.warnings_about("articles/slug-differs.md")
    assert len(warnings) == 1, site.warning_text
    assert warnings[0].type == "kb.slug"
    assert warnings[0].line == 4
    assert "another-name" in warnings[0].message
    assert site.has("articles/slug-differs")
    assert site.warnings_about("articles/slug-same.md") == [], site.warning_text


def test_missing_site_absolute_images_warn_once_each(site: Site) -> None:
    warnings = site.warnings_about("articles/images.md")
    assert len(warnings) == 2, site.warning_text
    assert "missing-one.png" in warnings[0].message
    assert "missing-two.png" in warnings[1].message
    assert site.has("articles/images")
    # The image that exists is copied and shown.
    present = site.soup("articles/images").select_one('img[alt="present"]')
    assert present is not None
    assert site.resolve("articles/images", present["src"]).is_file()


# --------------------------------------------------------------------------- 5. report


def test_report_accounts_for_every_article(site: Site) -> None:
    files = [p for p in (site.srcdir / "articles").iterdir() if p.suffix in {".md", ".mdx"}]
    counts = report(site)
    assert counts["found"] == len(files)
    assert counts["built"] + counts["skipped"] + counts["not_built"] == counts["found"]
    assert counts["skipped"] == 1 and counts["not_built"] == 0
    named = set(re.findall(r"^  built with \d+ warnings?: (\S+)$", site.status, re.MULTILINE))
    assert named == {f"articles/{name}" for name in WARNED_AT_READ}
    assert counts["warned"] == len(WARNED_AT_READ)


#: Articles of the dialect site whose front matter or body the extension warns about.
WARNED_AT_READ = {"bad-redirects.md", "conflict-author.md", "conflict-lastmod.md",
                  "conflict-summary.md", "slug-differs.md", "templates.md", "templates-in-html.md",
                  "time-unusable.md"}


@pytest.fixture
def small(tmp_path: Path) -> Any:
    """Copy the small root with the given articles and build it."""

    def make(files: dict[str, str], **kwargs: Any) -> Site:
        srcdir = copy_root("dialects-small", tmp_path, files)
        return build_once(srcdir, **kwargs)

    return make


def article(title: str, date: str = "2020-01-01", extra: str = "", body: str = "Body.") -> str:
    return f"---\ntitle: {title}\ndate: {date}\n{extra}---\n\n{body}\n"


REPORT_FILES = {
    "articles/good.md": article("Good"),
    "articles/draft.md": article("A draft", extra="draft: true\n"),
    "articles/future.md": article("Scheduled", date="2999-01-01"),
    "articles/warned.md": article("Warned", date="someday"),
    "articles/clash.md": article("Clash from md", body="Body of the md file."),
    "articles/clash.mdx": article("Clash from mdx", body="Body of the mdx file."),
}


@pytest.fixture(scope="module")
def report_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return build_once(copy_root("dialects-small", tmp_path_factory.mktemp("report"), REPORT_FILES))


def test_report_line_and_names(report_site: Site) -> None:
    site = report_site
    assert report(site) == {"found": 6, "built": 3, "skipped": 2, "warned": 1, "not_built": 1}
    assert "skipped (draft): articles/draft.md" in site.status
    assert "skipped (scheduled for 2999-01-01): articles/future.md" in site.status
    assert "built with 1 warning: articles/warned.md" in site.status
    assert not site.has("articles/draft") and not site.has("articles/future")


def test_name_clash_reported_with_file_and_reason(report_site: Site) -> None:
    site = report_site
    not_built = [w for w in site.warnings if w.type == "kb.not_built"]
    assert len(not_built) == 1, site.warning_text
    warning = not_built[0]
    assert "same name" in warning.message
    # The warning names the real file that was left out, not a made-up path.
    assert warning.location.endswith(("articles/clash.md", "articles/clash.mdx")), warning.raw
    assert Path(warning.location).name in {"clash.md", "clash.mdx"}


def test_name_clash_page_is_one_file(report_site: Site) -> None:
    """The page built for a clash takes its title and its body from the same file."""
    site = report_site
    soup = site.soup("articles/clash")
    title = [text_of(h) for h in soup.select("div.body h1")]
    body = text_of(soup.select_one("div.body"))
    if "Body of the md file." in body:
        assert title == ["Clash from md"], (title, body)
    else:
        assert "Body of the mdx file." in body
        assert title == ["Clash from mdx"], (title, body)
    left_out = next(w for w in site.warnings if w.type == "kb.not_built")
    built_suffix = ".md" if "Body of the md file." in body else ".mdx"
    assert not left_out.location.endswith("clash" + built_suffix), left_out.raw


def test_strict_build_fails_on_a_warning(small: Any) -> None:
    site = small({"articles/good.md": article("Good"),
                            "articles/warned.md": article("Warned", date="someday")},
                 warningiserror=True)
    assert site.app.statuscode == 1
    assert "build finished with problems" in site.status
    assert [w.type for w in site.warnings] == ["kb.date"], site.warning_text


def test_normal_build_with_a_warning_succeeds(small: Any) -> None:
    site = small({"articles/good.md": article("Good"),
                            "articles/warned.md": article("Warned", date="someday")})
    assert site.app.statuscode == 0
    assert "build succeeded, 1 warning" in site.status
    assert site.has("articles/warned")


def test_strict_build_of_clean_dialects_succeeds(small: Any) -> None:
    files = {
        "articles/jekyll.md": "---\ntitle: Jekyll\ndate: 2019-03-26 1:00:19 -0500\n"
                              "excerpt: An excerpt.\ncategories: [a]\nauthor: Someone\n---\n\nx\n",
        "articles/hugo.md": "---\ntitle: Hugo\ndate: 2020-01-01T10:00:00+02:00\n"
                            "description: A description.\nkeywords: [b]\naliases: [/old/]\n"
                            "---\n\nx\n",
        "articles/2020-02-02-next.mdx": "---\ntitle: Next\nsummary: A summary.\n"
                                        "tags: ['a']\nimages: []\n---\n\nx\n",
    }
    site = small(files, warningiserror=True)
    assert site.warnings == [], site.warning_text
    assert site.app.statuscode == 0
    assert report(site) == {"found": 3, "built": 3, "skipped": 0, "warned": 0, "not_built": 0}


# --------------------------------------------------------------------------- settings


def test_field_aliases_setting(small: Any) -> None:
    files = {
        "articles/abstract.md": article("Abstract", extra="abstract: From the abstract.\n"
                                                          "topics: [kept]\n"),
    }
    site = small(files, confoverrides={"kb_field_aliases": {"summary": ["abstract"]}})
    assert summary_of(site, "articles/abstract") == "From the abstract."
    assert meta_description(site, "articles/abstract") == ["From the abstract."]
    # Aliases of other fields keep their defaults.
    assert badges(site, "articles/abstract") == ["kept"]
    assert site.warnings == [], site.warning_text


TZ_FILES = {
    "articles/naive.md": article("Naive evening", date="'2021-06-01 20:00'"),
    "articles/aware.md": article("Aware late evening", date="2021-06-01T23:00:00Z"),
    "articles/day.md": article("Day after", date="2021-06-03"),
}


@pytest.mark.parametrize(("zone", "expected"), [
    (NEW_YORK, ["Day after", "Naive evening", "Aware late evening"]),
    ("UTC", ["Day after", "Aware late evening", "Naive evening"]),
])
def test_naive_dates_compared_in_site_timezone(small: Any, zone: str,
                                               expected: list[str]) -> None:
    site = small(TZ_FILES, confoverrides={"kb_timezone": zone})
    assert all_row_links(site.soup("index")) == expected
    assert archive_row_links(site) == expected
    naive = time_attr(site, "articles/naive", "kb-date")
    offset = "-04:00" if zone == NEW_YORK else "+00:00"
    assert naive == f"2021-06-01T20:00:00{offset}"
    assert site.warnings == [], site.warning_text
