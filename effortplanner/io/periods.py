"""Grid columns as periods: a start, an end (exclusive) and the label as written.

Headers come as dates, as text ("Jan-18", "2018-01", "Jan 2018", "Q3 FY18", "FY19"), or as
fiscal month numbers 1..12 under a band naming the fiscal year ("Quarter 2 - FY18"). A
"Processing Month = Dec 27-Jan 23" row, where a sheet has one, gives the real spans.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from effortplanner.core.fiscal import add_months, fiscal_year_bounds
from effortplanner.core.values import as_text

_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                                       "nov", "dec"), start=1)}
_MON = r"(?P<mon>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_MONTH_YEAR = re.compile(rf"^{_MON}[\s\-/'.,]*(?P<y>\d{{4}}|\d{{2}})$", re.I)
_YEAR_MONTH = re.compile(r"^(?P<y>\d{4})[-/.](?P<m>\d{1,2})$")
_ISO_DAY = re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?:[T\s-]\d{1,2}:\d{2}(?::\d{2})?)?$")
_FY_QUARTER = re.compile(r"^(?:q(?P<q>[1-4])\s*(?:fy\s*'?(?P<y>\d{4}|\d{2}))|fy\s*'?(?P<y2>\d{4}|\d{2})\s*q(?P<q2>[1-4]))$",
                         re.I)
_FY = re.compile(r"^fy\s*'?(?P<y>\d{4}|\d{2})$", re.I)
_FY_IN_TEXT = re.compile(r"\bfy\s*'?(?P<y>\d{4}|\d{2})\b", re.I)
_SPAN = re.compile(rf"{_MON}\s*(?P<d1>\d{{1,2}})\s*[-\u2013to]+\s*(?P<mon2>[a-z]{{3}})[a-z]*\.?\s*(?P<d2>\d{{1,2}})", re.I)
_PROCESSING = re.compile(r"processing\s+month|period\s+dates|pay\s+period", re.I)
_AVAILABLE = re.compile(r"(hrs|hours).*avail|avail.*(hrs|hours)", re.I)


@dataclass(frozen=True)
class Period:
    """One grid column's time span; end is the first day after it."""

    start: date
    end: date
    label: str
    fiscal_month: int | None = None  # the 1..12 number a header gave, if any

    @property
    def days(self) -> int:
        return (self.end - self.start).days


def _year(text: str) -> int:
    y = int(text)
    return y if y >= 100 else 2000 + y if y < 70 else 1900 + y


def _month(year: int, month: int, label: str) -> Period:
    start = date(year, month, 1)
    return Period(start, add_months(start, 1), label)


def parse_period(cell: object, fy_start_month: int = 10, fy_start_day: int = 1) -> Period | None:
    """The period a header cell names, or None. A bare date is its day's month for now
    (`periods_of` widens or narrows it once the neighbouring columns are known)."""
    if isinstance(cell, datetime):
        cell = cell.date()
    if isinstance(cell, date):  # a column of a plan falls where pandas can count days (1678-2261)
        return Period(cell, add_months(cell, 1), cell.isoformat()) if 1678 <= cell.year <= 2261 else None
    text = as_text(cell).strip()
    if not text or len(text) > 24:
        return None
    try:
        if m := _MONTH_YEAR.match(text):
            return _month(_year(m.group("y")), _MONTHS[m.group("mon").lower()[:3]], text)
        if m := _YEAR_MONTH.match(text):
            return _month(int(m.group("y")), int(m.group("m")), text)
        if m := _ISO_DAY.match(text):
            day = date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
            return Period(day, add_months(day, 1), text)
        if m := _FY_QUARTER.match(text):
            fy, q = _year(m.group("y") or m.group("y2")), int(m.group("q") or m.group("q2"))
            first, _ = fiscal_year_bounds(fy, fy_start_month, fy_start_day)
            return Period(add_months(first, 3 * (q - 1)), add_months(first, 3 * q), text)
        if m := _FY.match(text):
            first, last = fiscal_year_bounds(_year(m.group("y")), fy_start_month, fy_start_day)
            return Period(first, last + timedelta(days=1), text)
    except ValueError:
        return None  # "2018-13": not a period
    return None


def _fiscal_month(cell: object) -> int | None:
    if isinstance(cell, bool):
        return None
    if isinstance(cell, (int, float)) and float(cell).is_integer() and 1 <= cell <= 12:
        return int(cell)
    text = as_text(cell).strip()
    return int(text) if text.isdigit() and 1 <= int(text) <= 12 else None


def band_years(rows: Sequence[Sequence[object]], header: int, width: int) -> list[int | None]:
    """Per column, the fiscal year a band above the header names ("Quarter 2 - FY18"), filled rightwards."""
    years: list[int | None] = [None] * width
    for r in range(max(0, header - 4), header):
        current: int | None = None
        row = rows[r]
        for c in range(width):
            text = as_text(row[c]) if c < len(row) else ""
            if text:
                m = _FY_IN_TEXT.search(text)
                current = _year(m.group("y")) if m else None
            if current is not None:
                years[c] = current
    return years


@dataclass(frozen=True)
class PeriodHeader:
    """Where a sheet's period columns are: the header row, column -> period, and whether weekly."""

    row: int
    columns: dict[int, Period]
    weekly: bool
    notes: tuple[str, ...] = ()


def periods_of(rows: Sequence[Sequence[object]], header: int, fy_start_month: int = 10,
               fy_start_day: int = 1) -> PeriodHeader | None:
    """The period columns of one candidate header row (at least three), or None."""
    cells = rows[header]
    width = max(len(r) for r in rows[max(0, header - 4):header + 1])
    found: dict[int, Period] = {}
    for c, cell in enumerate(cells):
        period = parse_period(cell, fy_start_month, fy_start_day)
        if period is not None:
            found[c] = period
    notes: list[str] = []
    if len(found) < 3:
        numbered = {c: n for c, cell in enumerate(cells) if (n := _fiscal_month(cell)) is not None}
        years = band_years(rows, header, width)
        if len(numbered) >= 3 and any(years[c] for c in numbered):
            for c, n in numbered.items():
                fy = years[c]
                if fy is None:
                    continue
                first, _ = fiscal_year_bounds(fy, fy_start_month, fy_start_day)
                start = add_months(first, n - 1)
                found[c] = Period(start, add_months(start, 1), f"FY{fy % 100:02d} month {n}", fiscal_month=n)
            notes.append("fiscal months numbered 1-12 under fiscal-year bands "
                         f"(month 1 = {date(2000, fy_start_month, 1):%B})")
    filled = sum(1 for c in cells if as_text(c))
    starts = [p.start for _, p in sorted(found.items())]
    if len(found) < 3 or 2 * len(found) < filled or any(b <= a for a, b in zip(starts, starts[1:])):
        return None  # a data row with a few dates in it, not a row of periods
    weekly = _fit_dated_spans(found)
    return PeriodHeader(header, dict(sorted(found.items())), weekly, tuple(notes))


def _fit_dated_spans(found: dict[int, Period]) -> bool:
    """Dated columns a week apart are weeks; other dated columns run to the next one. True if weekly."""
    dated = sorted((c, p) for c, p in found.items() if p.label[:4].isdigit() and len(p.label) >= 10)
    if len(dated) < 3:
        return False
    gaps = [(b.start - a.start).days for (_, a), (_, b) in zip(dated, dated[1:])]
    if all(g == 7 for g in gaps):
        for c, p in dated:
            found[c] = replace(p, end=p.start + timedelta(days=7))
        return True
    if all(p.start.day == 1 for _, p in dated):
        return False
    for (c, p), (_, q) in zip(dated, dated[1:]):
        found[c] = replace(p, end=q.start)
    typical = sorted(gaps)[len(gaps) // 2]
    last_c, last = dated[-1]
    found[last_c] = replace(last, end=last.start + timedelta(days=typical))
    return False


def label_cell(row: Sequence[object]) -> str:
    """The first text of a row: its label ("Wkg Hrs Available =", "Processing Month")."""
    return next((as_text(c) for c in row if as_text(c) and not isinstance(c, (int, float))), "")


def is_available_hours(row: Sequence[object]) -> bool:
    return bool(_AVAILABLE.search(label_cell(row)))


def processing_spans(rows: Sequence[Sequence[object]], header: PeriodHeader) -> tuple[int | None, PeriodHeader]:
    """Apply a "Processing Month = Dec 27-Jan 23" row near the header: (its row, the header with real spans)."""
    for r in range(max(0, header.row - 4), min(len(rows), header.row + 4)):
        row = rows[r]
        spans = {c: m for c in header.columns if c < len(row) and (m := _SPAN.search(as_text(row[c])))}
        if len(spans) < max(2, len(header.columns) // 2) or not (_PROCESSING.search(label_cell(row)) or
                                                                   len(spans) == len(header.columns)):
            continue
        columns = dict(header.columns)
        for c, m in spans.items():
            labelled = columns[c]
            try:
                span = _span(m, labelled)
            except (KeyError, ValueError):
                continue
            columns[c] = replace(labelled, start=span[0], end=span[1])
        note = f"real spans from the {label_cell(row)!r} row (row {r + 1}); years from the column labels"
        return r, replace(header, columns=columns, notes=header.notes + (note,))
    return None, header


def _span(m: re.Match[str], labelled: Period) -> tuple[date, date]:
    """'Dec 27-Jan 23' under Jan-18: 2017-12-27 .. 2018-01-23 (end exclusive: 2018-01-24)."""
    m1, m2 = _MONTHS[m.group("mon").lower()[:3]], _MONTHS[m.group("mon2").lower()[:3]]
    middle = labelled.start + timedelta(days=max(labelled.days, 1) // 2)
    candidates = [date(middle.year + k, m2, int(m.group("d2"))) for k in (-1, 0, 1)]
    end = min(candidates, key=lambda d: abs((d - middle).days))
    start = date(end.year if m1 <= m2 else end.year - 1, m1, int(m.group("d1")))
    return start, end + timedelta(days=1)
