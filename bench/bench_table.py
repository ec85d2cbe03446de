"""A bench run's figures, and the table comparing them with the targets of issues 4 and 13."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

GIB = 1024**3
MIB = 1024**2
STEPS = ("no change", "edit body", "change tags", "add article")

# Targets of issue 4, tightened by issue 13 (20,000 articles within Read the Docs' limits).
MAX_PRODUCT_OVER_FLOOR = 0.9
MIN_NAIVE_OVER_PRODUCT = 5.0
MAX_SECONDS_PER_ARTICLE_GROWTH = 1.15
MAX_PAGE_GROWTH = 1.05
MAX_NO_CHANGE_SHARE = 0.05
MAX_STEP_SHARE = 0.08
#: Read the Docs' community builders: 3 GB (PSS of the process tree) and 15 minutes, of
#: which issue 13 leaves 12 minutes for the full build at 20,000 articles.
MAX_PEAK_PSS = 3 * GIB
MAX_FULL_SECONDS = 12 * 60
LIMITS_SIZE = 20000
#: Every listing page at 20,000 articles is at most this many times its size at 500.
MAX_LISTING_GROWTH = 1.5


@dataclass
class Build:
    """Figures of one build."""

    seconds: float
    peak_rss: int
    peak_pss: int
    processes: int
    warnings: int
    returncode: int
    page_bytes: int = 0  # the reference article's HTML page
    median_page_bytes: int = 0  # over all article pages
    site_bytes: int = 0  # output without the .doctrees cache
    site_files: int = 0
    home_bytes: int = 0  # listing pages (bench/listing_sizes.py)
    archive_bytes: int = 0  # the largest archive page
    tag_bytes: int = 0  # the largest tag page
    tags_overview_bytes: int = 0


@dataclass
class Step:
    name: str
    seconds: float
    identical: str | None = None  # "yes" / "no (...)"; None when not verified in this run
    notes: list[str] = field(default_factory=list)


@dataclass
class Results:
    builds: dict[str, list[Build]] = field(default_factory=dict)  # key: "<config>@<N>"
    steps: dict[str, list[Step]] = field(default_factory=dict)  # key: "<step>@<N>"
    articles: dict[str, int] = field(default_factory=dict)  # key: "<config>@<N>" -> built

    def add_build(self, key: str, build: Build) -> None:
        self.builds.setdefault(key, []).append(build)

    def median(self, key: str, attr: str) -> float | None:
        values = [getattr(b, attr) for b in self.builds.get(key, []) if b.returncode == 0]
        return statistics.median(values) if values else None


# ---------------------------------------------------------------------------------------------
# The table


def _fmt_s(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f} s"


def _fmt_bytes(value: float | None, unit: int = 1024, name: str = "KiB") -> str:
    return "n/a" if value is None else f"{value / unit:,.1f} {name}"


def _met(ok: bool | None) -> str:
    return "n/a" if ok is None else ("met" if ok else "**not met**")


def _ratio(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None or b == 0 else a / b


class Table:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str]] = []

    def add(self, figure: str, value: str, target: str = "", met: str = "") -> None:
        self.rows.append((figure, value, target, met))

    def render(self) -> str:
        head = ("figure", "value", "target", "met")
        widths = [max(len(r[i]) for r in [head, *self.rows]) for i in range(4)]
        lines = ["| " + " | ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)) + " |",
                 "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
        for row in self.rows:
            lines.append("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True))
                         + " |")
        return "\n".join(lines)


def _build_rows(table: Table, results: Results, key: str, label: str) -> None:
    builds = [b for b in results.builds.get(key, []) if b.returncode == 0]
    failed = len(results.builds.get(key, [])) - len(builds)
    if not builds:
        table.add(f"{label}: full build", f"FAILED ({failed} runs)")
        return
    n = results.articles.get(key, 0)
    seconds = results.median(key, "seconds")
    assert seconds is not None
    rate = f"{n / seconds:.1f} articles/s" if seconds else ""
    runs = f"{len(builds)} run{'s' if len(builds) > 1 else ''}"
    failures = f", {failed} FAILED" if failed else ""
    table.add(f"{label}: full build ({n} articles)",
              f"{seconds:.1f} s, {rate}, median of {runs}{failures}")
    table.add(f"{label}: peak RSS, process tree sum (PSS)",
              f"{_fmt_bytes(results.median(key, 'peak_rss'), MIB, 'MiB')} "
              f"({_fmt_bytes(results.median(key, 'peak_pss'), MIB, 'MiB')}; "
              f"{max(b.processes for b in builds)} processes)")
    table.add(f"{label}: article page (median page)",
              f"{builds[0].page_bytes:,} B ({builds[0].median_page_bytes:,} B)")
    table.add(f"{label}: output size",
              f"{_fmt_bytes(builds[0].site_bytes, MIB, 'MiB')} in {builds[0].site_files:,} files; "
              f"{builds[0].warnings} warnings")


def _limits_rows(table: Table, results: Results, size: int) -> None:
    """Read the Docs' limits (issue 13) at 20,000 articles; figures only at other sizes."""
    key = f"product@{size}"
    seconds, pss = results.median(key, "seconds"), results.median(key, "peak_pss")
    rss = results.median(key, "peak_rss")
    if seconds is None or pss is None:
        return
    at_limit = size == LIMITS_SIZE
    table.add(f"product full build, N={size}", _fmt_s(seconds),
              f"≤ {MAX_FULL_SECONDS // 60} min at N={LIMITS_SIZE}" if at_limit else "",
              _met(seconds <= MAX_FULL_SECONDS) if at_limit else "")
    table.add(f"product peak PSS (RSS), N={size}",
              f"{_fmt_bytes(pss, MIB, 'MiB')} ({_fmt_bytes(rss, MIB, 'MiB')})",
              f"≤ {MAX_PEAK_PSS // MIB} MiB PSS at N={LIMITS_SIZE}" if at_limit else "",
              _met(pss <= MAX_PEAK_PSS) if at_limit else "")


def _listing_rows(table: Table, results: Results, size: int, small: int) -> None:
    builds = [b for b in results.builds.get(f"product@{size}", []) if b.returncode == 0]
    base = [b for b in results.builds.get(f"product@{small}", []) if b.returncode == 0]
    if not builds:
        return
    for label, attr in (("home", "home_bytes"), ("largest archive page", "archive_bytes"),
                        ("largest tag page", "tag_bytes"),
                        ("tags overview", "tags_overview_bytes")):
        value = getattr(builds[0], attr)
        growth = _ratio(value, getattr(base[0], attr)) if base and size != small else None
        table.add(f"product {label}, N={size}",
                  f"{value:,} B" + ("" if growth is None else f" = {growth:.2f} x N={small}"),
                  f"≤ {MAX_LISTING_GROWTH} x N={small}" if growth is not None else "",
                  _met(growth <= MAX_LISTING_GROWTH) if growth is not None else "")


def _peer_rows(table: Table, results: Results, size: int) -> None:
    product = results.median(f"product@{size}", "seconds")
    floor = results.median(f"floor@{size}", "seconds")
    for peer in ("mkdocs", "hugo"):
        seconds = results.median(f"{peer}@{size}", "seconds")
        if seconds is None:
            continue
        ratio, floor_ratio = _ratio(product, seconds), _ratio(floor, seconds)
        table.add(f"product ÷ {peer}, full build, N={size}",
                  "n/a" if ratio is None else f"{ratio:.1f}"
                  + ("" if floor_ratio is None else f" (floor ÷ {peer}: {floor_ratio:.1f})"))


def make_table(results: Results, sizes: list[int], naive_sizes: list[int]) -> Table:
    table = Table()
    big, small = max(sizes), min(sizes)
    for size in sizes:
        for kind in ("product", "floor", "naive", "mkdocs", "hugo"):
            if f"{kind}@{size}" in results.builds:
                _build_rows(table, results, f"{kind}@{size}", f"{kind} N={size}")
        product = results.median(f"product@{size}", "seconds")
        floor = results.median(f"floor@{size}", "seconds")
        ratio = _ratio(product, floor)
        if ratio is not None:
            is_target = size == 2000
            table.add(f"product ÷ floor, full build, N={size}", f"{ratio:.2f}",
                      f"≤ {MAX_PRODUCT_OVER_FLOOR} at N=2000" if is_target else "",
                      _met(ratio <= MAX_PRODUCT_OVER_FLOOR) if is_target else "")
        _peer_rows(table, results, size)
        naive = results.median(f"naive@{size}", "seconds")
        ratio = _ratio(naive, product)
        if ratio is not None:
            is_target = size == max(naive_sizes)
            table.add(f"naive ÷ product, full build, N={size}", f"{ratio:.1f}",
                      f"≥ {MIN_NAIVE_OVER_PRODUCT:g}" if is_target else "",
                      _met(ratio >= MIN_NAIVE_OVER_PRODUCT) if is_target else "")
        _limits_rows(table, results, size)
        _listing_rows(table, results, size, small)
        for name in STEPS:
            steps = results.steps.get(f"{name}@{size}", [])
            times = [s.seconds for s in steps if s.seconds == s.seconds]
            if not steps:
                continue
            seconds = statistics.median(times) if times else None
            share = _ratio(seconds, product)
            checks = [s.identical for s in steps if s.identical is not None]
            identical = checks[0] if checks else "not checked"
            limit = MAX_NO_CHANGE_SHARE if name == "no change" else MAX_STEP_SHARE
            value = (f"{_fmt_s(seconds)} = {share:.1%} of full; identical: {identical}"
                     if share is not None else f"{_fmt_s(seconds)}; identical: {identical}")
            ok = None if share is None else share <= limit and identical == "yes"
            met = _met(ok)
            if share is not None and share <= limit and not checks:
                met = "time met; output not compared"
            table.add(f"rebuild after {name}, N={size}", value,
                      f"≤ {limit:.0%}, identical", met)
    if len(sizes) > 1:
        per_article = {
            s: _ratio(results.median(f"product@{s}", "seconds"), float(s)) for s in (small, big)}
        growth = _ratio(per_article[big], per_article[small])
        table.add(f"product s/article, N={big} ÷ N={small}",
                  "n/a" if growth is None else f"{growth:.2f}",
                  f"≤ {MAX_SECONDS_PER_ARTICLE_GROWTH}",
                  _met(None if growth is None else growth <= MAX_SECONDS_PER_ARTICLE_GROWTH))
        pages = {s: results.builds.get(f"product@{s}") for s in (small, big)}
        if pages[small] and pages[big]:
            page_growth = _ratio(pages[big][0].page_bytes, pages[small][0].page_bytes)
            table.add(f"product article page bytes, N={big} ÷ N={small}",
                      "n/a" if page_growth is None else f"{page_growth:.3f}",
                      f"≤ {MAX_PAGE_GROWTH}",
                      _met(None if page_growth is None else page_growth <= MAX_PAGE_GROWTH))
    else:
        table.add("product s/article and page-size growth", "n/a (needs two --sizes)",
                  f"≤ {MAX_SECONDS_PER_ARTICLE_GROWTH} / ≤ {MAX_PAGE_GROWTH}", "n/a")
    if "product@18f" in results.builds:
        _build_rows(table, results, "product@18f", "product 18F posts")
    return table
