"""The window a plan is analysed in: from its as-of date to its horizon, and periods in it.

Analysis works on whole days held as int64 day numbers (days since 1970-01-01) so the
sweeps are plain numpy. Conventions used throughout `effortplanner.analysis`:

- ``as_of`` and ``horizon`` are both *inclusive* days.
- Frames returned by the public functions use half-open ``[start, end)`` intervals
  (``end`` is the first day *not* covered) because that is what sums and sweeps need.
- Flags use *inclusive* ``start``/``end`` dates, because that is how people read them
  ("from 2016-06-01 to 2016-08-31").
- An FTE-month is one FTE for 30.4375 days (the mean Gregorian month).
"""

from __future__ import annotations

from effortplanner.core.plan import Plan

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd

MONTH_DAYS = 30.4375  # mean Gregorian month: FTE-months = FTE x days / MONTH_DAYS
LO = -(10**9)  # "since always" as a day number
HI = 10**9  # "for ever" as a day number
_EPOCH = date(1970, 1, 1)


def default_as_of() -> date:
    """Today: a plan speaks from the day it is looked at unless it says otherwise."""
    return date.today()


def fiscal_year_start(day: date, fy_start_month: int = 10, fy_start_day: int = 1) -> date:
    """First day of the fiscal year that contains `day`."""
    start = date(day.year, fy_start_month, fy_start_day)
    return start if day >= start else date(day.year - 1, fy_start_month, fy_start_day)


def fiscal_year_label(day: date, fy_start_month: int = 10, fy_start_day: int = 1) -> str:
    """'FY17' for any day of the fiscal year that ends in 2017 (the US federal convention)."""
    start = fiscal_year_start(day, fy_start_month, fy_start_day)
    end = date(start.year + 1, fy_start_month, fy_start_day) - timedelta(days=1)
    return f"FY{end.year % 100:02d}"


def default_horizon(as_of: date, fy_start_month: int = 10, fy_start_day: int = 1) -> date:
    """Last day of the fiscal year *after* the one containing `as_of`.

    A department head plans the rest of this year and all of next: from 2016-03-30
    (FY16) the horizon is 2017-09-30, the end of FY17.
    """
    start = fiscal_year_start(as_of, fy_start_month, fy_start_day)
    return date(start.year + 2, fy_start_month, fy_start_day) - timedelta(days=1)


def as_date(value: object) -> date | None:
    """A `date` from a date, datetime, Timestamp or ISO text; None for blanks."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return date.fromisoformat(value.strip()) if value.strip() else None
    if isinstance(value, np.datetime64):
        return None if np.isnat(value) else pd.Timestamp(value).date()
    raise TypeError(f"not a date: {value!r}")


def plan_window(plan: Plan, as_of: date | None = None, horizon: date | None = None,
                today: date | None = None) -> tuple[date, date]:
    """(as_of, horizon) for an analysis: explicit arguments, else the plan's settings, else defaults
    (the as-of date `today`, read from the clock when not given).

    Raises ValueError when the horizon comes before the as-of date, which would make
    every question about "the future" empty without saying why.
    """
    settings = getattr(plan, "settings", None)
    fy_month = getattr(settings, "fy_start_month", 10)
    fy_day = getattr(settings, "fy_start_day", 1)
    start = as_date(as_of) or as_date(getattr(settings, "as_of", None)) or today or default_as_of()
    end = as_date(horizon) or as_date(getattr(settings, "horizon", None)) or default_horizon(start, fy_month, fy_day)
    if end < start:
        raise ValueError(f"the horizon {end.isoformat()} is before the as-of date {start.isoformat()}")
    return start, end


@dataclass(frozen=True)
class AnalysisWindow:
    """The window one analysis of a plan runs in, decided once: its key, its context and its
    timeline all read this one (a plan without an as-of date reads the clock once, so an analysis
    that straddles midnight is not built for one day under another day's name)."""

    as_of: date
    horizon: date  # the as-of date again when there is no window (see `error`)
    error: str = ""  # why the plan's dates give no window (a horizon before the as-of date), if so

    @property
    def span(self) -> str:
        """The window as a cache key names it: '2016-10-01..2018-09-30', or the reason there is none."""
        return self.error or f"{self.as_of.isoformat()}..{self.horizon.isoformat()}"


def analysis_window(plan: Plan, today: date | None = None) -> AnalysisWindow:
    """The plan's analysis window (`plan_window` from its settings) as of `today` (the clock when not
    given); a plan whose horizon comes before its as-of date gets an empty window at its as-of date
    and the reason, so that it can still be shown."""
    today = today or default_as_of()
    try:
        as_of, horizon = plan_window(plan, today=today)
    except ValueError as exc:  # horizon before as-of: show the plan, not an analysis of it
        start = as_date(getattr(getattr(plan, "settings", None), "as_of", None)) or today
        return AnalysisWindow(start, start, str(exc))
    return AnalysisWindow(as_of, horizon)


# --- day numbers ----------------------------------------------------------------------------
def day_number(value: date) -> int:
    return (value - _EPOCH).days


def day_date(number: int) -> date:
    return _EPOCH + timedelta(days=int(number))


def day_numbers(values: pd.Series | np.ndarray, missing: int) -> np.ndarray:
    """int64 day numbers of a datetime column; `missing` where it is NaT."""
    # A Series' own array: np.asarray asks the Series for numpy's array attributes, and pandas answers
    # each by looking the name up in the row index (building its hash table on a first analysis).
    arr = values.to_numpy() if isinstance(values, pd.Series) else np.asarray(values)
    if arr.dtype.kind != "M":
        arr = pd.to_datetime(pd.Series(arr, dtype=object), errors="coerce").to_numpy()
    days = arr.astype("datetime64[D]")
    out = days.astype(np.int64)
    out[np.isnat(days)] = missing
    return out


def days_to_datetimes(numbers: np.ndarray) -> np.ndarray:
    """datetime64[ns] array from day numbers (for frames users read)."""
    return np.asarray(numbers, dtype=np.int64).astype("datetime64[D]").astype("datetime64[ns]")


# --- periods --------------------------------------------------------------------------------
FREQS = ("W", "M", "Q", "FY")


def _add_months(day: date, months: int) -> date:
    year, month = divmod(day.month - 1 + months, 12)
    return date(day.year + year, month + 1, 1)


def periods(freq: str, as_of: date, horizon: date, fy_start_month: int = 10,
            fy_start_day: int = 1) -> list[tuple[str, date, date]]:
    """(label, first day, first day of the next period) for each period touching the window.

    W: ISO weeks from Monday ('2016-W13'); M: calendar months ('2016-04'); Q: quarters
    of the fiscal year ('FY16 Q3', three months from the fiscal start); FY: fiscal years
    ('FY17'). The first and last periods are not clipped here.
    """
    freq = freq.upper()
    out: list[tuple[str, date, date]] = []
    if freq == "W":
        day = as_of - timedelta(days=as_of.weekday())
        while day <= horizon:
            iso = day.isocalendar()
            out.append((f"{iso[0]}-W{iso[1]:02d}", day, day + timedelta(days=7)))
            day += timedelta(days=7)
    elif freq == "M":
        day = date(as_of.year, as_of.month, 1)
        while day <= horizon:
            nxt = _add_months(day, 1)
            out.append((f"{day.year}-{day.month:02d}", day, nxt))
            day = nxt
    elif freq in ("Q", "FY"):
        fy = fiscal_year_start(as_of, fy_start_month, fy_start_day)
        step = 3 if freq == "Q" else 12
        day, index = fy, 0
        while day <= horizon:
            nxt = _shift(fy, (index + 1) * step, fy_start_day)
            label = fiscal_year_label(day, fy_start_month, fy_start_day)
            if freq == "Q":
                label += f" Q{index % 4 + 1}"
            if nxt > as_of:
                out.append((label, day, nxt))
            day, index = nxt, index + 1
    else:
        raise ValueError(f"freq must be one of {', '.join(FREQS)}, not {freq!r}")
    return out


def _shift(fy_start: date, months: int, day_of_month: int) -> date:
    first = _add_months(fy_start, months)
    try:
        return first.replace(day=day_of_month)
    except ValueError:  # a fiscal start on the 31st in a 30-day month: use the next 1st
        return _add_months(first, 1)
