"""Words and patterns that recognise how people write dates in staffing sheets.

Kept apart from :mod:`effortplanner.core.dates` so the vocabulary can grow without
burying the rules that turn a recognised period into a ``FuzzyDate``. Everything here
works on text already passed through :func:`normalise`. The patterns are hand-written
regexes over a month table rather than ``dateutil``: dateutil's fuzzy mode fills gaps
with today's year, and a plan must never silently depend on the day it was imported.

A recognised text becomes a :class:`Period`: a function from a year to the
(earliest, latest) range, plus the year the text named (``None`` when it named none, so
the caller decides between a context year and "invalid").
"""

from __future__ import annotations

import calendar
import math
import numbers
import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Callable

from effortplanner.core.fiscal import add_months as _add_months
from effortplanner.core.fiscal import check_fy_start, fiscal_year_bounds, fiscal_year_of  # noqa: F401

MIN_YEAR, MAX_YEAR = 1900, 2199  # years a 4-digit number in a date may name
# A staffing plan speaks of 1950..2199; a number outside that band in a date column is a
# typo or another quantity ("17", "3.4"), not a day in 1900.
PLAUSIBLE_SERIALS = (18264, 109574)
_EXCEL_EPOCH = date(1899, 12, 30)  # serial 61 = 1900-03-01; below 60 Excel is one day off

Span = tuple[date, date]


class Invalid(Exception):
    """A pattern matched but the text cannot be a date (month 13, day 32, year 3016...)."""


@dataclass(frozen=True)
class Settings:
    """Reading conventions of one document."""
    dayfirst: bool = False
    fy_start_month: int = 10
    fy_start_day: int = 1
    # What each normalised text reads as under these conventions, whatever the column's role: a sheet
    # repeats one text in its start, end and contract columns (kept per document, not by value).
    readings: dict[str, object] = field(default_factory=dict, compare=False, hash=False, repr=False)


@dataclass(frozen=True)
class Period:
    """A recognised date text, still waiting for a year if it named none."""
    build: Callable[[int], Span]  # year -> (earliest, latest); raises ValueError if impossible
    year: int | None  # the year the text names; None when it names none
    notes: tuple[str, ...] = ()
    sides: Callable[[int], tuple[Span, Span]] | None = None  # only for "X - Y" ranges


def _fiscal_quarter(fy: int, q: int, st: Settings) -> Span:
    start, _ = fiscal_year_bounds(fy, st.fy_start_month, st.fy_start_day)
    return _add_months(start, 3 * (q - 1)), _add_months(start, 3 * q) - timedelta(days=1)


# --- normalising and the words around a date ----------------------------------------------
_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"}
                        | {c: "'" for c in "\u2018\u2019\u201b`\u00b4"})
_SPACES = re.compile(r"\s+")
EMPTY_WORDS = frozenset({"", "-", "--", "---", "n/a", "na", "n.a.", "n.a", "none", "nan", "nat", "null"})

_HEDGE_RE = re.compile(
    r"\?|~|\b(?:maybe|probably|possibly|perhaps|likely|tbc|tbd|to be (?:confirmed|determined)"
    r"|approx(?:imately)?|around|about|circa|ca|roughly|estimated|est|expected|tentative(?:ly)?"
    r"|provisional(?:ly)?)\b\.?", re.ASCII)
_START = (r"arriv(?:es|ing|ed|al)|start(?:s|ing|ed)?(?:\s+date)?|join(?:s|ing|ed)?|from|since|as\s+of"
          r"|begin(?:s|ning)?|commenc(?:es|ing|ed)|effective|hired|onboard(?:ing|ed)?")
_DEADLINE = r"by|before|no\s+later\s+than|nlt|until|till|til|up\s+to|not\s+after"
_END = (r"leav(?:es|ing|e)|left|(?:contract\s+)?end(?:s|ing|ed)?(?:\s+date)?|finish(?:es|ing|ed)?"
        r"|expir(?:es|ing|ed|y)|depart(?:s|ing|ed|ure)?|through|thru|retir(?:es|ing|ed)")
_EMPTY_BRACKETS_RE = re.compile(r"\(\s*\)|\[\s*\]")
_MARKER_RE = re.compile(rf"^(?:(?P<start>{_START})|(?P<deadline>{_DEADLINE})|(?P<end>{_END}))\b(?!\s*of\b)"
                        r"\s*:?\s*(?:(?:on|in|at|the|during)\b\s*)*", re.ASCII)
_OPEN_RE = re.compile(
    r"^(?:a\s+)?(?:permanent(?:ly)?(?:\s+(?:position|post|staff|contract|employee|role|hire|appointment))?"
    r"|open[\s-]?ended|indefinite(?:ly)?|no\s+end(?:\s+date)?|(?:permanent\s+)?staff(?:\s+(?:member|position))?"
    r"|ongoing|(?:until\s+)?further\s+notice)$", re.ASCII)


def normalise(text: str) -> str:
    """Lower case, ASCII dashes and quotes, single spaces: the form patterns and the cache see."""
    if text.isascii():  # NFKC keeps ASCII as it is; of the marks below only the backtick is ASCII
        text = text.replace("`", "'").lower()
    else:
        text = unicodedata.normalize("NFKC", text).translate(_DASHES).lower()
    return _SPACES.sub(" ", text).strip()


def strip_hedges(s: str) -> tuple[str, bool]:
    """Remove '?', 'maybe', 'approx'... and say whether there were any."""
    out, n = _HEDGE_RE.subn(" ", s)
    out = _EMPTY_BRACKETS_RE.sub(" ", out)
    return _SPACES.sub(" ", out).strip(" ,;:"), n > 0


def strip_markers(s: str) -> tuple[str, str | None, bool]:
    """Remove leading arrival/leaving words: (rest, "start"/"end"/None, is a deadline)."""
    marker, deadline = None, False
    while (m := _MARKER_RE.match(s)) and m.end() > 0:
        kind = "start" if m.group("start") else "end"
        marker = marker or kind
        deadline = deadline or bool(m.group("deadline"))
        s = s[m.end():].strip(" ,;:")
    return s, marker, deadline


def is_open_ended(s: str) -> bool:
    """'Permanent position', 'open-ended', 'staff'...: no end date by design."""
    return bool(_OPEN_RE.match(s.removeprefix("the ").strip()))


def marker_of(text: str) -> str | None:
    """The arrival/leaving marker of a raw cell text (used to split spans)."""
    s, _ = strip_hedges(normalise(text))
    return strip_markers(s)[1]


# --- periods -----------------------------------------------------------------------------
def _year(tok: str | None) -> int | None:
    """A year from '2016', '16' or "'16": 00-69 are 2000s, 70-99 are 1900s."""
    if tok is None:
        return None
    tok = tok.lstrip("'")
    n = int(tok)
    if len(tok) == 2:
        return n + (2000 if n < 70 else 1900)
    if not MIN_YEAR <= n <= MAX_YEAR:
        raise Invalid(f"year {n} out of range ({MIN_YEAR}-{MAX_YEAR})")
    return n


def day_period(month: int, day: int, year: int | None, notes: tuple[str, ...] = ()) -> Period:
    """One calendar day; Feb 29 is checked only once the year is known."""
    if not 1 <= month <= 12:
        raise Invalid("month out of range")
    if not 1 <= day <= calendar.monthrange(2000, month)[1]:
        raise Invalid("day out of range for the month")
    return Period(lambda y: (date(y, month, day),) * 2, year, notes)


def fixed_day(d: date, note: str = "") -> Period:
    return Period(lambda y: (d, d), d.year, (note,) if note else ())


def _month(month: int, year: int | None) -> Period:
    return Period(lambda y: (date(y, month, 1), date(y, month, calendar.monthrange(y, month)[1])), year)


def _whole_year(year: int | None, note: str = "") -> Period:
    return Period(lambda y: (date(y, 1, 1), date(y, 12, 31)), year, (note,) if note else ())


_SEASON_MONTHS = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}


def _season(name: str, year: int | None, year2: int | None = None) -> Period:
    """Northern meteorological seasons; winter Y runs Dec Y .. Feb Y+1."""
    first = _SEASON_MONTHS[name]
    notes: tuple[str, ...] = ()
    if year2 is not None:
        if name != "winter" or year is None or year2 != year + 1:
            raise Invalid("only winter spans two years, and they must be consecutive")
    elif name == "winter":
        notes = ("winter is ambiguous: read as December of the year named to February of the next",)

    def build(y: int) -> Span:
        start = date(y, first, 1)
        return start, _add_months(start, 3) - timedelta(days=1)
    return Period(build, year, notes)


def third_of(earliest: date, latest: date, third: int) -> Span:
    """Third 0/1/2 ("early"/"mid"/"late") of a range.

    A range of whole months that divides by three (season, quarter, year, fiscal year)
    splits by months, so late spring is May and early 2017 is Jan-Apr. Anything else
    (a month, an odd range) splits by days with boundaries rounded to the nearest day:
    July -> 1-10, 11-21, 22-31. A range shorter than three days is left alone.
    """
    after = latest + timedelta(days=1)
    months = (after.year - earliest.year) * 12 + after.month - earliest.month
    if earliest.day == 1 and after.day == 1 and months % 3 == 0:
        k = months // 3
        return _add_months(earliest, k * third), _add_months(earliest, k * (third + 1)) - timedelta(days=1)
    n = (latest - earliest).days + 1
    if n < 3:
        return earliest, latest
    lo, hi = (2 * third * n + 3) // 6, (2 * (third + 1) * n + 3) // 6 - 1
    return earliest + timedelta(days=lo), earliest + timedelta(days=hi)


def number_period(x: object, allow_serial: bool = True, cell: bool = False) -> Period:
    """A number cell or numeric text: a year (1900-2199), yyyymmdd, or an Excel serial date.

    Whole numbers 1900..2199 are read as years (a plan never dates work in 1905; *cell*
    says so in a note); a fraction is a time of day on a serial date and is dropped.
    """
    if isinstance(x, numbers.Integral):
        whole, integral = int(x), True
    else:
        f = float(x)  # type: ignore[arg-type]
        if not math.isfinite(f):
            raise Invalid("not a finite number")
        whole = math.floor(f)
        integral = whole == f
    if integral and MIN_YEAR <= whole <= MAX_YEAR:
        return _whole_year(whole, f"number {whole} read as a year" if cell else "")
    if integral and 19000101 <= whole <= 21991231:
        try:
            return fixed_day(date(whole // 10000, whole // 100 % 100, whole % 100), f"read {whole} as yyyymmdd")
        except ValueError as exc:
            raise Invalid(f"{whole} is not a valid yyyymmdd date") from exc
    if allow_serial and PLAUSIBLE_SERIALS[0] <= whole <= PLAUSIBLE_SERIALS[1]:
        day = _EXCEL_EPOCH + timedelta(days=whole)
        return fixed_day(day, f"Excel serial {whole}")
    raise Invalid(f"number {x} is not a year, nor an Excel date between 1950 and 2199")


# --- text patterns -----------------------------------------------------------------------
_MON = (r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
        r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_SEASON = r"(?P<season>spring|summer|fall|autumn|winter)"
_YY = r"(?P<y>\d{4}|'?\d{2})"
_FYY = r"(?P<fy>fy)?[\s'-]*(?P<y>\d{4}|\d{2})"
_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                                       "nov", "dec"), start=1)}
_QUARTER_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": 4}


def _mon(m: re.Match[str]) -> int:
    return _MONTHS[m.group("mon")[:3]]


def _numeric_dm(m: re.Match[str], st: Settings) -> Period:
    """'3/4/2016': month-first unless dayfirst (or dots); the note says which reading won."""
    a, b, raw = int(m.group("a")), int(m.group("b")), m.group(0)
    year = _year(m.groupdict().get("y"))
    prefer_dayfirst = st.dayfirst or m.groupdict().get("s") == "."
    if a > 12 and b > 12:
        raise Invalid("month out of range")
    if a > 12 or b > 12:
        order = "day-first" if a > 12 else "month-first"
        note = f"{order} reading {raw}"
    elif a == b:
        order, note = "day-first", ""
    else:
        order = "day-first" if prefer_dayfirst else "month-first"
        note = f"ambiguous {raw}: {order} reading used"
    month, day = (b, a) if order == "day-first" else (a, b)
    return day_period(month, day, year, (note,) if note else ())


def _quarter(m: re.Match[str], st: Settings) -> Period:
    q_tok, year = m.group("q"), _year(m.group("y"))
    q = _QUARTER_WORDS.get(q_tok) or int(q_tok)
    if m.group("fy"):
        return Period(lambda y: _fiscal_quarter(y, q, st), year, (f"fiscal quarter Q{q}",))
    return Period(lambda y: (date(y, 3 * q - 2, 1), _add_months(date(y, 3 * q - 2, 1), 3) - timedelta(days=1)),
                  year)


def _fiscal_year(m: re.Match[str], st: Settings) -> Period:
    year, year2 = _year(m.group("y")), _year(m.group("y2"))
    if year2 is not None:
        if year2 != year + 1:  # type: ignore[operator]
            raise Invalid("a split fiscal year must name consecutive years")
        year = year2
    return Period(lambda y: fiscal_year_bounds(y, st.fy_start_month, st.fy_start_day), year)


def _p(rx: str) -> re.Pattern[str]:
    return re.compile(rx, re.ASCII)


_PATTERNS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str], Settings], Period]], ...] = (
    (_p(r"^(?P<y>\d{4})(?P<s>[-/.])(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2})$"),
     lambda m, st: day_period(int(m.group("m")), int(m.group("d")), _year(m.group("y")))),
    (_p(r"^(?P<a>\d{1,2})(?P<s>[-/.])(?P<b>\d{1,2})(?P=s)(?P<y>\d{4}|\d{2})$"), _numeric_dm),
    (_p(r"^(?P<m>\d{1,2})[-/.](?P<y>\d{4})$"), lambda m, st: _numeric_month(m)),
    (_p(r"^(?P<y>\d{4})[-/.](?P<m>\d{1,2})$"), lambda m, st: _numeric_month(m)),
    (_p(r"^(?P<a>\d{1,2})/(?P<b>\d{1,2})$"), _numeric_dm),
    (_p(rf"^(?P<d>\d{{1,2}})[\s/-]*{_MON}(?:[\s/-]*{_YY})?$"),
     lambda m, st: day_period(_mon(m), int(m.group("d")), _year(m.group("y")))),
    (_p(rf"^{_MON}\s*(?P<d>\d{{1,2}})(?:[\s/-]+{_YY})?$"),
     lambda m, st: day_period(_mon(m), int(m.group("d")), _year(m.group("y")))),
    (_p(rf"^{_MON}(?:[\s/-]*(?P<y>\d{{4}})|\s*(?:[-/]\s*'?|')\s*(?P<yy>\d{{2}}))?$"),
     lambda m, st: _month(_mon(m), _year(m.group("y") or m.group("yy")))),
    (_p(rf"^(?P<y>\d{{4}})[\s/-]*{_MON}(?:[\s/-]*(?P<d>\d{{1,2}}))?$"),
     lambda m, st: (day_period(_mon(m), int(m.group("d")), _year(m.group("y"))) if m.group("d")
                    else _month(_mon(m), _year(m.group("y"))))),
    (_p(rf"^{_SEASON}(?:[\s/-]*{_YY}(?:\s*[/-]\s*(?P<y2>\d{{4}}|\d{{2}}))?)?$"),
     lambda m, st: _season(m.group("season"), _year(m.group("y")), _year(m.group("y2")))),
    (_p(rf"^(?P<y>\d{{4}})\s*{_SEASON}$"), lambda m, st: _season(m.group("season"), _year(m.group("y")))),
    (_p(r"^q(?P<q>[1-4])(?:[\s/'-]*(?P<fy>fy)?[\s/'-]*(?P<y>\d{4}|\d{2}))?$"), _quarter),
    (_p(rf"^{_FYY}[\s/-]*q(?P<q>[1-4])$"), _quarter),
    (_p(rf"^(?P<q>[1-4])q[\s/'-]*{_FYY}$"), _quarter),
    (_p(rf"^(?P<q>[1-4]|first|second|third|fourth|last)\s+(?:quarter|qtr)(?:\s+{_FYY})?$"), _quarter),
    (_p(r"^fy[\s'-]*(?P<y>\d{4}|\d{2})(?:\s*[/-]\s*(?P<y2>\d{4}|\d{2}))?$"), _fiscal_year),
)


def _numeric_month(m: re.Match[str]) -> Period:
    month = int(m.group("m"))
    if not 1 <= month <= 12:
        raise Invalid("month out of range")
    return _month(month, _year(m.group("y")))


_NUMBER_RE = _p(r"^\d{1,12}(?:\.\d{0,12})?$")
_QUALIFIER_RE = _p(r"^(?:(?P<early>early|beginning\s+of|start\s+of)|(?P<mid>middle\s+of|mid)"
                   r"|(?P<late>late|end\s+of))\b[\s-]*")
_FILLER_RE = _p(r"\b(?:the|of|on|in|at|during|monday|tuesday|wednesday|thursday|friday|saturday|sunday"
                r"|mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)\b")
_ORDINAL_RE = _p(r"(?<=\d)(?:st|nd|rd|th)\b")
_ABBREVIATION_DOT_RE = re.compile(r"(?<=[a-z])\.")
_BRACKETS_RE = re.compile(r"[()\[\]]")
_RANGE_SEP_RE = _p(r"\s*(?:-|\bto\b|\bthrough\b|\bthru\b|\buntil\b|\btill\b)\s*|\s+and\s+")


def clean(s: str) -> str:
    """Drop what never changes the meaning: commas, ordinals, 'the', 'of', weekdays, brackets."""
    s = _ORDINAL_RE.sub("", s.replace(",", " "))
    s = _ABBREVIATION_DOT_RE.sub(" ", s)
    s = _FILLER_RE.sub(" ", _BRACKETS_RE.sub(" ", s))
    return _SPACES.sub(" ", s).strip(" .:;-")


def match_single(s: str, st: Settings, allow_serial: bool = True) -> Period | None:
    """One date or period (with an optional early/mid/late), or None if no pattern fits."""
    s = s.removeprefix("the ").strip()
    third = None
    if q := _QUALIFIER_RE.match(s):
        third = 0 if q.group("early") else 1 if q.group("mid") else 2
        s = s[q.end():]
    s = clean(s)
    period = None
    if _NUMBER_RE.match(s):
        period = number_period(int(s) if s.isdigit() else float(s), allow_serial)
    else:
        for rx, handler in _PATTERNS:
            if m := rx.match(s):
                period = handler(m, st)
                break
    if period is None or third is None:
        return period
    inner = period.build
    word = ("early", "mid", "late")[third]
    return replace(period, build=lambda y: third_of(*inner(y), third),
                   notes=period.notes + (f"'{word}' taken as the {('first', 'middle', 'last')[third]} third",))


def _range(left: Period, right: Period) -> Period:
    """'Jun - Aug 2016': a missing year is borrowed from the other side (context goes to the start)."""
    def sides(y: int) -> tuple[Span, Span]:
        ly = left.year if left.year is not None else (right.year if right.year is not None else y)
        ry = right.year if right.year is not None else ly
        lft, r = left.build(ly), right.build(ry)
        if lft[0] > r[1] and left.year is None and right.year is not None:
            lft = left.build(ly - 1)  # "Nov - Feb 2017": November 2016
        elif lft[0] > r[1] and right.year is None:
            r = right.build(ry + 1)  # "July 2016 to March": March 2017
        if lft[0] > r[1]:
            raise ValueError("the range ends before it starts")
        return lft, r

    year = right.year if right.year is not None else left.year
    return Period(lambda y: (sides(y)[0][0], sides(y)[1][1]), year, left.notes + right.notes, sides)


def match_text(s: str, st: Settings) -> Period | None:
    """A single date/period, else a range 'X - Y' / 'X to Y' / 'between X and Y', else None."""
    period = match_single(s, st)
    if period is not None:
        return period
    between = s.startswith("between ")
    body = s[8:] if between else s
    for sep in _RANGE_SEP_RE.finditer(body):
        if sep.group().strip() == "and" and not between:
            continue
        left, right = body[:sep.start()].strip(), body[sep.end():].strip()
        if not left or not right:
            continue
        try:
            a, b = match_single(left, st, False), match_single(right, st, False)
        except Invalid:
            continue
        if a is not None and b is not None:
            return _range(a, b)
    return None
