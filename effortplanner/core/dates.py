"""Fuzzy dates: the human text of a staffing sheet read as a date range with a certainty.

Sheets say "Arrives on April 4th, 2016", "late Spring 2016", "FY17 Q1", "Permanent
position" or hold real dates and Excel serials. A :class:`FuzzyDate` keeps the text,
the range it allows (earliest..latest), the one date the plan works with (chosen by the
column's role), and how sure the text is. Reading never raises and never guesses a year
from today's date: a text without a year needs the document's context year, else it is
invalid and says so.

Pure stdlib; the word lists and patterns live in :mod:`effortplanner.core.date_words`.
"""

from __future__ import annotations

import numbers
import re
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Callable, NamedTuple, TypeVar

from effortplanner.core.date_words import (
    EMPTY_WORDS,
    Invalid,
    Period,
    Settings,
    check_fy_start,
    fiscal_year_bounds,
    fiscal_year_of,
    fixed_day,
    is_open_ended,
    marker_of,
    match_text,
    normalise,
    number_period,
    strip_hedges,
    strip_markers,
)

__all__ = ["CERTAINTIES", "ROLES", "FuzzyDate", "DateParser", "CacheInfo", "parse_date",
           "fiscal_year_bounds", "fiscal_year_of", "years_mentioned"]

CERTAINTIES = ("exact", "approximate", "uncertain", "unknown")  # best to worst
ROLES = ("start", "end", "point")
# The range a plan's dates can take (pandas' nanosecond timestamps reach 1677-09-21..2262-04-11);
# a date outside it is kept as written and marked invalid with a note, never an exception.
EARLIEST_PLAN_DATE, LATEST_PLAN_DATE = date(1678, 1, 1), date(2261, 12, 31)
_MAX_CACHE = 50_000  # distinct (text, role, year) entries before the cache starts over
_T = TypeVar("_T")


@dataclass(frozen=True)
class FuzzyDate:
    """One date cell as read: the text, the range it allows and the date the plan uses."""
    text: str  # the value as written (str(value) for non-text; "" for empty)
    value: date | None  # the date the plan works with; None if none
    earliest: date | None  # range the text allows
    latest: date | None
    certainty: str  # one of CERTAINTIES; "" for an empty cell
    kind: str  # "date" | "open_ended" | "empty" | "invalid"
    marker: str | None  # "start" (arrival words), "end" (leaving words) or None
    note: str = ""  # human explanation of any reading choice or of why it is invalid

    @property
    def is_open_ended(self) -> bool:
        """True for 'permanent'-like texts: no end date by design, not a missing one."""
        return self.kind == "open_ended"

    @property
    def is_valid(self) -> bool:
        """False only for text that could not be read as a date."""
        return self.kind in ("date", "open_ended", "empty")


class CacheInfo(NamedTuple):
    hits: int
    misses: int
    currsize: int


@dataclass(frozen=True)
class _Reading:
    """What a cell says, before a role and a context year turn it into a FuzzyDate."""
    kind: str  # "period" | "open_ended" | "empty" | "invalid"
    period: Period | None = None
    marker: str | None = None
    deadline: bool = False  # "by X": the plan uses the last day of X whatever the role
    hedged: bool = False
    note: str = ""


def _is_missing(value: object) -> bool:
    """NaN, NaT and pd.NA without importing pandas."""
    if type(value).__name__ in ("NAType", "NaTType"):
        return True
    try:
        return bool(value != value)
    except Exception:  # arrays, odd objects: not a missing scalar
        return False


def _text_of(value: object) -> str:
    if isinstance(value, str):
        return value
    if value is None or _is_missing(value):
        return ""
    try:
        return str(value)
    except Exception:
        return f"<{type(value).__name__}>"


def _read_text(s: str, st: Settings) -> _Reading:
    """Read normalised text: empty words, hedges, markers, open-ended words, then a period."""
    if s in EMPTY_WORDS:
        return _Reading("empty")
    s, hedged = strip_hedges(s)
    if not s or s in EMPTY_WORDS:
        return _Reading("empty", note="no date given" if hedged else "")
    s, marker, deadline = strip_markers(s)
    if not s:
        return _Reading("invalid", marker=marker, note="marker word but no date")
    if is_open_ended(s):
        return _Reading("open_ended", marker=marker, hedged=hedged)
    try:
        period = match_text(s, st)
    except Invalid as exc:
        return _Reading("invalid", marker=marker, note=str(exc))
    if period is None:
        return _Reading("invalid", marker=marker, note="not a date")
    if hedged:
        period = replace(period, notes=period.notes + ("marked uncertain",))
    return _Reading("period", period, marker, deadline, hedged)


def _read(value: object, st: Settings) -> _Reading:
    if isinstance(value, str):
        text = normalise(value)
        hit = st.readings.get(text)
        if hit is None:
            if len(st.readings) >= _MAX_CACHE:
                st.readings.clear()
            hit = st.readings[text] = _read_text(text, st)
        return hit  # type: ignore[return-value]
    if value is None or _is_missing(value):
        return _Reading("empty")
    if isinstance(value, bool):
        return _Reading("invalid", note="a yes/no value, not a date")
    if isinstance(value, datetime):
        return _Reading("period", fixed_day(value.date()))
    if isinstance(value, date):
        return _Reading("period", fixed_day(value))
    if isinstance(value, (numbers.Real, Decimal)):
        try:
            return _Reading("period", number_period(value, cell=True))
        except (Invalid, ValueError, OverflowError) as exc:
            return _Reading("invalid", note=str(exc))
    return _Reading("invalid", note=f"not a date ({type(value).__name__})")


def _invalid(text: str, note: str, marker: str | None = None) -> FuzzyDate:
    return FuzzyDate(text, None, None, None, "unknown", "invalid", marker, note)


def _why(exc: Exception) -> str:
    msg = str(exc)
    if "day is out of range" in msg:
        return "day out of range for the month"
    if "month must be" in msg:
        return "month out of range"
    if "year" in msg and "out of range" in msg:
        return "year out of range"
    return msg or "impossible date"


def _to_fuzzy(text: str, r: _Reading, role: str, context_year: int | None, side: int | None = None) -> FuzzyDate:
    """Turn a reading into a FuzzyDate for a role; *side* 0/1 picks one end of a range."""
    if r.kind == "empty":
        return FuzzyDate(text, None, None, None, "", "empty", None, r.note)
    if r.kind == "open_ended":
        return FuzzyDate(text, None, None, None, "uncertain" if r.hedged else "exact", "open_ended", r.marker,
                         "marked uncertain" if r.hedged else "")
    if r.kind != "period" or r.period is None:
        return _invalid(text, r.note or "not a date", r.marker)
    p, notes, year = r.period, list(r.period.notes), r.period.year
    if year is None:
        if context_year is None:
            return _invalid(text, "no year given and no context year", r.marker)
        year = context_year
        notes.append(f"year {year} taken from context")
    try:
        earliest, latest = p.build(year) if side is None or p.sides is None else p.sides(year)[side]
    except (ValueError, OverflowError) as exc:
        return _invalid(text, _why(exc), r.marker)
    if earliest < EARLIEST_PLAN_DATE or latest > LATEST_PLAN_DATE:
        return _invalid(text, f"outside the dates a plan can hold ({EARLIEST_PLAN_DATE.year}-"
                              f"{LATEST_PLAN_DATE.year}); kept as written", r.marker)
    certainty = "exact" if earliest == latest and p.year is not None else "approximate"
    if r.hedged:
        certainty = "uncertain"
    if r.deadline and side != 0:
        value = latest
    elif role == "start":
        value = earliest
    elif role == "end":
        value = latest
    else:
        value = earliest + (latest - earliest) // 2
    return FuzzyDate(text, value, earliest, latest, certainty, "date", r.marker, "; ".join(n for n in notes if n))


def _parse_uncached(value: object, role: str, settings: Settings, context_year: int | None) -> FuzzyDate:
    """The real work behind DateParser.parse; module-level so tests can count calls."""
    return _to_fuzzy(_text_of(value), _read(value, settings), role, context_year)


def _clean_context_year(y: object) -> int | None:
    if y is None or isinstance(y, bool):
        return None
    try:
        n = int(y)  # type: ignore[call-overload]
    except (TypeError, ValueError, OverflowError):
        return None
    return n if 1 <= n <= 9998 else None


def _no_end() -> FuzzyDate:
    return FuzzyDate("", None, None, None, "unknown", "empty", None, "no end date given")


_SPLIT_RE = re.compile(r"(\s*[;,]\s*|\s+and\s+)", re.IGNORECASE)


def _split_marked(text: str) -> list[tuple[str, str]] | None:
    """Split 'arriving X, leaving Y' into marked parts; None unless every part has a marker.

    A piece without a marker joins the previous one, so 'arriving April 4th, 2016' stays
    whole and 'July, 21st 2017' is never split.
    """
    pieces = _SPLIT_RE.split(text)
    parts: list[list[str]] = []
    for i in range(0, len(pieces), 2):
        marker = marker_of(pieces[i])
        if parts and marker is None:
            parts[-1][0] += pieces[i - 1] + pieces[i]
        else:
            parts.append([pieces[i], marker or ""])
    if len(parts) < 2 or not all(m for _, m in parts):
        return None
    return [(t.strip(), m) for t, m in parts]


class DateParser:
    """Parses cell values into FuzzyDate; caches each distinct (text, role) once.

    Sheets repeat a few hundred distinct texts over thousands of rows, so results are
    cached per (normalised text or value, role, context year). ``context_year`` may be
    changed at any time: it is part of the cache key, so no stale result is returned.
    """

    def __init__(self, *, dayfirst: bool = False, fy_start_month: int = 10, fy_start_day: int = 1,
                 context_year: int | None = None) -> None:
        check_fy_start(fy_start_month, fy_start_day)  # ValueError for e.g. Feb 30
        self._settings = Settings(bool(dayfirst), fy_start_month, fy_start_day)
        self.context_year: int | None = context_year
        self._cache: dict[object, object] = {}  # FuzzyDate, or (start, end) for spans
        self._hits = self._misses = 0

    @property
    def dayfirst(self) -> bool:
        """Read 3/4/2016 as 3 April. Fixed at creation, like the fiscal start."""
        return self._settings.dayfirst

    @property
    def fy_start_month(self) -> int:
        return self._settings.fy_start_month

    @property
    def fy_start_day(self) -> int:
        return self._settings.fy_start_day

    def cache_info(self) -> CacheInfo:
        """Hits and misses of parse/parse_span: a miss is one real parse."""
        return CacheInfo(self._hits, self._misses, len(self._cache))

    def cache_clear(self) -> None:
        self._cache.clear()
        self._hits = self._misses = 0

    def _key(self, value: object, role: str, year: int | None) -> object | None:
        if isinstance(value, str):  # spans keep their raw text: their parts quote it
            return ("s", value if role == "span" else normalise(value), role, year)
        if value is None or _is_missing(value):  # every NaN is a different object
            return ("missing", role)
        try:
            hash(value)
        except Exception:
            return None
        return (type(value), value, role, year)

    def _cached(self, value: object, role: str, compute: Callable[[object, int | None], _T]) -> _T:
        year = _clean_context_year(self.context_year)
        try:
            key = self._key(value, role, year)
            hit = self._cache.get(key) if key is not None else None
        except Exception:  # an object whose __eq__ misbehaves
            key = hit = None
        if hit is not None:
            self._hits += 1
        else:
            self._misses += 1
            hit = compute(value, year)
            if key is not None:
                if len(self._cache) >= _MAX_CACHE:
                    self._cache.clear()
                self._cache[key] = hit
        return hit  # type: ignore[return-value]

    def parse(self, value: object, role: str = "point") -> FuzzyDate:
        """Read one cell for a column whose role is 'start', 'end' or 'point'. Never raises on values."""
        if role not in ROLES:
            raise ValueError(f"role must be one of {ROLES}, not {role!r}")

        def compute(v: object, year: int | None) -> FuzzyDate:
            try:
                return _parse_uncached(v, role, self._settings, year)
            except Exception as exc:  # a bug must not stop an import; show it on the cell
                return _invalid(_text_of(v), f"internal error reading date: {exc!r}")

        result = self._cached(value, role, compute)
        text = _text_of(value)  # a hit may come from a differently spaced or cased text
        return result if result.text == text else replace(result, text=text)

    def parse_span(self, value: object) -> tuple[FuzzyDate | None, FuzzyDate]:
        """Read a contract cell that may give a start, an end, or both: (start or None, end).

        'Arrives on April 4th, 2016' -> (that start, an empty end with certainty unknown);
        'arriving April 4th 2016, leaving spring 2017?' -> both; 'July 31st, 2016' -> (None, end);
        'Jul 2016 - Jun 2017' -> both ends of the range.
        """
        def compute(v: object, year: int | None) -> tuple[FuzzyDate | None, FuzzyDate]:
            try:
                return self._span(v, year)
            except Exception as exc:
                return None, _invalid(_text_of(v), f"internal error reading date: {exc!r}")

        return self._cached(value, "span", compute)

    def _span(self, value: object, year: int | None) -> tuple[FuzzyDate | None, FuzzyDate]:
        if not isinstance(value, str):
            return None, self.parse(value, "end")
        parts = _split_marked(value)
        if parts is not None:
            starts = [self.parse(t, "start") for t, m in parts if m == "start"]
            ends = [self.parse(t, "end") for t, m in parts if m == "end"]
            return (starts[0] if starts else None), (ends[-1] if ends else _no_end())
        whole = self.parse(value, "end")
        if whole.kind == "date":
            reading = _read(value, self._settings)
            if reading.period is not None and reading.period.sides is not None:
                start = _to_fuzzy(value, reading, "start", year, side=0)
                end = _to_fuzzy(value, reading, "end", year, side=1)
                return replace(start, marker="start"), replace(end, marker="end")
        if whole.marker == "start":
            return self.parse(value, "start"), _no_end()
        return None, whole


def parse_date(value: object, role: str = "point", **kwargs: object) -> FuzzyDate:
    """Read one value with a throw-away parser (kwargs as for DateParser)."""
    return DateParser(**kwargs).parse(value, role)  # type: ignore[arg-type]
