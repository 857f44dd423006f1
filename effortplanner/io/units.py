"""Units of effort in a grid cell and their conversion to FTE.

A grid holds FTE fractions, percent, hours or person-days. The unit is decided once per
sheet (from header words, then the value range), never per cell, and every conversion
is written out in words so a user can check it ("read as hours per month; 152 h = 1.0 FTE").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

FTE, PERCENT, HOURS, PERSON_DAYS = "fte", "percent", "hours", "person_days"
UNITS = (FTE, PERCENT, HOURS, PERSON_DAYS)
UNIT_LABELS = {FTE: "FTE fraction", PERCENT: "percent", HOURS: "hours", PERSON_DAYS: "person-days"}

_WORDS = (
    (HOURS, re.compile(r"\b(hours?|hrs?|man[- ]?hours|labor hours)\b", re.I)),
    (PERSON_DAYS, re.compile(r"\b(person[- ]?days?|man[- ]?days?|pd|days)\b", re.I)),
    (PERCENT, re.compile(r"(%|\bpercent\b|\bpct\b|_pct\b)", re.I)),
    (FTE, re.compile(r"\b(fte|fraction)\b", re.I)),
)


def unit_from_words(texts: Iterable[str]) -> str | None:
    """The unit header or title words name, if exactly one is named."""
    found: list[str] = []
    for text in texts:
        for unit, pattern in _WORDS:
            if pattern.search(text) and unit not in found:
                found.append(unit)
    return found[0] if len(found) == 1 else None


def unit_from_values(values: Sequence[float], weekly: bool) -> str:
    """The unit a column of numbers must be in: fractions stay below 1.5, days below a week."""
    top = max((v for v in values if v == v), default=0.0)
    if top <= 1.5:
        return FTE
    if weekly and top <= 7:
        return PERSON_DAYS
    if weekly:
        return HOURS
    if top > 100:
        return HOURS
    # 20, 50, 75: shares of time; 37.5, 152, 61: hours.
    return PERCENT if all(v % 5 == 0 for v in values if v) else HOURS


@dataclass(frozen=True)
class Conversion:
    """How one period's number becomes FTE: value / per_fte."""

    unit: str
    per_fte: float  # how many units make 1.0 FTE in this period
    basis: str  # where per_fte comes from: "available-hours row", "plan setting", ""

    def fte(self, value: float) -> float:
        return value / self.per_fte if self.per_fte else 0.0


def conversion(unit: str, weekly: bool, days: int, hours_per_month: float, days_per_week: float,
               available_hours: float | None = None) -> Conversion:
    """The conversion for one period of `days` days in `unit`."""
    if unit == FTE:
        return Conversion(unit, 1.0, "")
    if unit == PERCENT:
        return Conversion(unit, 100.0, "")
    if unit == HOURS:
        if available_hours:
            return Conversion(unit, float(available_hours), "available-hours row")
        if weekly:
            return Conversion(unit, hours_per_month * 12 / 52 * days / 7, "plan setting")
        return Conversion(unit, hours_per_month * (12 * days / 365.25 if not 28 <= days <= 31 else 1.0),
                          "plan setting")
    if unit == PERSON_DAYS:
        return Conversion(unit, days_per_week * days / 7 if weekly else days_per_week * 52 / 12 * days / 30.4,
                          "plan setting")
    raise ValueError(f"unknown unit {unit!r}")


def describe(unit: str, weekly: bool, conversions: Sequence[Conversion]) -> str:
    """'read as hours per month; 152 h = 1.0 FTE' (or the range when periods differ)."""
    period = "week" if weekly else "month"
    if unit == FTE:
        return "read as FTE fractions (1.0 = full time)"
    if unit == PERCENT:
        return "read as percent of full time (100 = 1.0 FTE)"
    symbol = "h" if unit == HOURS else "person-days"
    per = sorted({round(c.per_fte, 2) for c in conversions})
    if not per:
        return f"read as {UNIT_LABELS[unit]} per {period}"
    amount = f"{per[0]:g} {symbol}" if len(per) == 1 else f"{per[0]:g}-{per[-1]:g} {symbol} (per period)"
    basis = {c.basis for c in conversions if c.basis}
    source = f" ({', '.join(sorted(basis))})" if basis else ""
    return f"read as {UNIT_LABELS[unit]} per {period}; {amount} = 1.0 FTE{source}"
