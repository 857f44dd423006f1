"""Dates as a department writes them: exact texts, real date cells and fuzzy texts ("late Spring
2016", "summer 2017?", "FY18"), drawn from a pool of a few hundred so that they repeat the way they
do in real sheets, each with the range it means (the generator's own reading)."""

from __future__ import annotations

import bisect
import calendar
import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

MONTHS = tuple(calendar.month_name[1:])
MONTH_ABBR = tuple(calendar.month_abbr[1:])
SEASONS = {"Spring": (3, 5), "Summer": (6, 8), "Fall": (9, 11), "Autumn": (9, 11)}


def ordinal(day: int) -> str:
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


@dataclass(frozen=True)
class DateEntry:
    """One way of writing a date, and the range it means (the generator's own reading)."""

    value: object  # str as written, or a datetime for a real date cell
    earliest: date
    latest: date


def date_pool(rng: random.Random, start_year: int, years: int) -> list[DateEntry]:
    """A few hundred ways of writing dates over the period: exact, real, fuzzy."""
    pool: list[DateEntry] = []
    last_year = start_year + years - 1
    for year in range(start_year, last_year + 1):
        for month in range(1, 13):
            days = sorted(rng.sample(range(1, calendar.monthrange(year, month)[1] + 1), 2))
            for day, style in zip(days, rng.sample(range(5), 2)):
                d = date(year, month, day)
                text = (
                    f"{MONTHS[month - 1]}, {ordinal(day)} {year}",  # "July, 21st 2017"
                    f"{MONTHS[month - 1]} {ordinal(day)}, {year}",  # "July 31st, 2016"
                    d.isoformat(),  # "2016-07-31"
                    f"{MONTH_ABBR[month - 1]} {day}, {year}",  # "Sep 30, 2017"
                    f"{MONTHS[month - 1]} {day}, {year}",  # "September 30, 2017"
                )[style]
                pool.append(DateEntry(text, d, d))
            # a real date cell: the first or the last day of the month
            real = date(year, month, 1) if rng.random() < 0.5 else month_end(year, month)
            pool.append(DateEntry(datetime(real.year, real.month, real.day), real, real))
            pool.append(DateEntry(f"by {MONTHS[month - 1]} {year}", month_end(year, month), month_end(year, month)))
        for season, (m0, m1) in SEASONS.items():
            first, last = date(year, m0, 1), month_end(year, m1)
            for qualifier, (a, b) in (("early", (m0, m0)), ("mid", (m0 + 1, m0 + 1)), ("late", (m1, m1))):
                pool.append(DateEntry(f"{qualifier} {season} {year}", date(year, a, 1), month_end(year, b)))
            pool.append(DateEntry(f"{season.lower()} {year}?", first, last))
            pool.append(DateEntry(f"{season} {year}", first, last))
        for q in range(1, 5):
            pool.append(DateEntry(f"Q{q} {year}", date(year, 3 * q - 2, 1), month_end(year, 3 * q)))
        pool.append(DateEntry(f"early {year}", date(year, 1, 1), date(year, 4, 30)))
        pool.append(DateEntry(f"end of {year}", date(year, 9, 1), date(year, 12, 31)))
        fy = year + 1  # FY(year+1) starts in October of `year`
        pool.append(DateEntry(f"FY{fy % 100:02d}", date(year, 10, 1), date(fy, 9, 30)))
    return pool


def zipf_weights(n: int, s: float = 0.6) -> list[float]:
    return [1.0 / (k + 1) ** s for k in range(n)]


class DatePicker:
    """Draws written dates from the pool inside a window, popular texts more often."""

    def __init__(self, rng: random.Random, pool: list[DateEntry]) -> None:
        self.rng = rng
        shuffled = list(pool)
        rng.shuffle(shuffled)  # popularity independent of the date
        weights = zipf_weights(len(shuffled))
        order = sorted(range(len(shuffled)), key=lambda i: (shuffled[i].earliest, shuffled[i].latest))
        self.entries = [shuffled[i] for i in order]
        self.earliest = [e.earliest for e in self.entries]
        self.cumulative = [0.0]
        for i in order:
            self.cumulative.append(self.cumulative[-1] + weights[i])

    def pick(self, low: date, high: date) -> DateEntry | None:
        """An entry whose range starts in [low, high] and ends by `high`; None if there is none."""
        lo = bisect.bisect_left(self.earliest, low)
        hi = bisect.bisect_right(self.earliest, high)
        for _ in range(8):
            if lo >= hi:
                return None
            r = self.cumulative[lo] + self.rng.random() * (self.cumulative[hi] - self.cumulative[lo])
            index = min(max(bisect.bisect_right(self.cumulative, r) - 1, lo), hi - 1)
            entry = self.entries[index]
            if entry.latest <= high:
                return entry
        return None

    def exact(self, low: date, high: date) -> DateEntry:
        """A single-day entry (a text such as "July 31st, 2016" or a real date)."""
        for _ in range(1000):
            entry = self.pick(low, high)
            if entry is not None and entry.earliest == entry.latest and \
                    not (isinstance(entry.value, str) and entry.value.startswith("by ")):
                return entry
        raise ValueError(f"no exact date in the pool between {low} and {high}")


def duty_dates(rng: random.Random, picker: DatePicker, window: tuple[date, date],
                period_end: date) -> tuple[DateEntry | None, DateEntry | None]:
    """Start and end of one duty inside the holder's window; blank means "ongoing".

    A leaver's duty mostly ends by the contract end, but some run past it (or are left
    open): those are the contract-end gaps the department must close.
    """
    low, high = window
    start = picker.pick(low, high - timedelta(days=60)) if rng.random() < 0.7 else None
    after = (start.latest if start else low) + timedelta(days=31)
    leaves = high < period_end
    roll = rng.random()
    if roll < (0.25 if leaves else 0.35):
        return start, None
    limit = period_end if (not leaves or roll > 0.85) else high
    return start, picker.pick(after, limit)


def cell_text(value: object) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    return str(value)
