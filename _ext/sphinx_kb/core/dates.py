"""Dates as real sources write them, turned into comparable instants."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .text import shorten

_DATE_RE = re.compile(
    r"""^\s*(?P<y>\d{4})[-/](?P<m>\d{1,2})[-/](?P<d>\d{1,2})
    (?:[T\s]+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,](?P<f>\d+))?)?
       \s*(?P<tz>Z|UTC|GMT|[+-]\d{1,2}(?::?\d{2})?)?)?\s*$""",
    re.VERBOSE | re.IGNORECASE,
)
_FILENAME_DATE_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})-")


@dataclass(frozen=True, order=True)
class ArticleDate:
    """A front-matter date: the instant for ordering, and how to show it."""

    instant: dt.datetime
    has_time: bool

    @property
    def iso(self) -> str:
        """Value of the ``datetime`` attribute: the date alone unless a time was given."""
        if self.has_time:
            return self.instant.isoformat()
        return self.instant.date().isoformat()


def site_timezone(name: str) -> dt.tzinfo:
    try:
        return ZoneInfo(name) if name and name.upper() != "UTC" else dt.UTC
    except (ZoneInfoNotFoundError, ValueError):
        return dt.UTC


def parse_date(value: object, tz: dt.tzinfo) -> ArticleDate:
    """Parse a front-matter value; raise ``ValueError`` with a reason a writer can act on."""
    if isinstance(value, dt.datetime):
        instant = value if value.tzinfo else value.replace(tzinfo=tz)
        return ArticleDate(instant, True)
    if isinstance(value, dt.date):
        return ArticleDate(dt.datetime(value.year, value.month, value.day, tzinfo=tz), False)
    if not isinstance(value, str):
        raise ValueError(f"expected a date like 2021-10-05, got {type(value).__name__} {value!r}")
    match = _DATE_RE.match(value)
    if not match:
        raise ValueError(f"'{_short(value)}' is not a date; write YYYY-MM-DD, "
                         "optionally with a time such as 2021-10-05T14:30:00+02:00")
    parts = match.groupdict()
    try:
        day = dt.date(int(parts["y"]), int(parts["m"]), int(parts["d"]))
        if parts["H"] is None:
            return ArticleDate(dt.datetime(day.year, day.month, day.day, tzinfo=tz), False)
        fraction = (parts["f"] or "0")[:6].ljust(6, "0")
        clock = dt.time(int(parts["H"]), int(parts["M"]), int(parts["S"] or 0), int(fraction))
        zone = _zone(parts["tz"], tz)
    except ValueError as exc:
        raise ValueError(f"'{_short(value)}' is not a real date or time ({exc})") from None
    return ArticleDate(dt.datetime.combine(day, clock, tzinfo=zone), True)


def date_from_filename(filename: str, tz: dt.tzinfo) -> ArticleDate | None:
    """Jekyll-style ``YYYY-MM-DD-slug.md``: the date the file name carries."""
    match = _FILENAME_DATE_RE.match(filename)
    if not match:
        return None
    try:
        return parse_date(match.group(1), tz)
    except ValueError:
        return None


def _zone(text: str | None, default: dt.tzinfo) -> dt.tzinfo:
    if not text:
        return default
    if text.upper() in {"Z", "UTC", "GMT"}:
        return dt.UTC
    sign = -1 if text[0] == "-" else 1
    hours_text, _, minutes_text = text[1:].partition(":")
    if not minutes_text and len(hours_text) > 2:  # -0500
        hours_text, minutes_text = hours_text[:-2], hours_text[-2:]
    hours, minutes = int(hours_text), int(minutes_text or 0)
    if hours > 23 or minutes > 59:
        raise ValueError(f"time zone offset '{text}' is out of range")
    return dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))


def _short(value: str) -> str:
    return shorten(value.replace("\n", " "), 60)
