"""Plan values written the way the sheet writes them: dates in its style, FTE in its unit, words for successors.

A date column that says "July 31st, 2016" gets "August 15th, 2016"; one of real dates
gets a date; a season stays a season ("late Summer 2016", capitalised as the column
does); an uncertain date keeps its "?". A successor and handover become the sentence
the importer reads back ("Michele first, then transfer to the experiment").
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime

import pandas as pd

from effortplanner.core.duty_text import parse_disposition
from effortplanner.core.names import is_short_form, normalise
from effortplanner.core.plan import Plan

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_SUFFIX = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd", 31: "st"}
# Day-date styles seen in department sheets, most specific first: (pattern, format).
_STYLES = (
    (re.compile(r"^[A-Za-z]+,\s*\d{1,2}(?:st|nd|rd|th)\s+\d{4}$"), "{month}, {day}{suffix} {year}"),
    (re.compile(r"^[A-Za-z]+\s+\d{1,2}(?:st|nd|rd|th),\s*\d{4}$"), "{month} {day}{suffix}, {year}"),
    (re.compile(r"^[A-Za-z]+\s+\d{1,2}(?:st|nd|rd|th)\s+\d{4}$"), "{month} {day}{suffix} {year}"),
    (re.compile(r"^[A-Za-z]+\s+\d{1,2},\s*\d{4}$"), "{month} {day}, {year}"),
    (re.compile(r"^\d{4}-\d{2}-\d{2}$"), "{iso}"),
)
DEFAULT_STYLE = "{month} {day}{suffix}, {year}"
_ISO = re.compile(r"^\s*\d{4}-\d{1,2}-\d{1,2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?\s*$")
_SEASON_WORD = re.compile(r"\b(spring|summer|fall|autumn|winter)\b", re.I)
_EXPERIMENT = re.compile(r"\(experiment\)\s*$")


def blank(value: object) -> bool:
    """None, NaN, NaT or empty text."""
    if value is None or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def text(value: object) -> str:
    return "" if blank(value) else str(value)


def style_of(written: str) -> str | None:
    """The day-date style a text is written in ("{month} {day}{suffix}, {year}"), if it is one we know."""
    return next((fmt for pattern, fmt in _STYLES if pattern.match(written.strip())), None)


class DateStyle:
    """How one column writes dates, learnt from its cells."""

    def __init__(self, cells: Iterable[object]) -> None:
        cells = [c for c in cells if not blank(c)]
        self.real_dates = sum(isinstance(c, (date, datetime)) for c in cells) > len(cells) / 2 if cells else False
        words = [c for c in cells if isinstance(c, str)]
        formats = Counter(f for f in map(style_of, words) if f)
        self.day_format = formats.most_common(1)[0][0] if formats else DEFAULT_STYLE
        seasons = [m.group(1) for c in words for m in _SEASON_WORD.finditer(c)]
        # None: the column has no seasons to copy, so the words stay as the user wrote them.
        self.capital_seasons = None if not seasons else sum(s[0].isupper() for s in seasons) * 2 >= len(seasons)

    def day(self, when: date, like: object = None) -> str:
        """A day in the column's most common style, or in the style of the cell it replaces."""
        fmt = style_of(like) if isinstance(like, str) else None
        return (fmt or self.day_format).format(month=_MONTHS[when.month - 1], day=when.day,
                                      suffix=_SUFFIX.get(when.day, "th"), year=when.year, iso=when.isoformat())

    def words(self, written: str) -> str:
        """Season words capitalised the way the column does."""
        if self.capital_seasons is None:
            return written
        fix = (lambda m: m.group(1).capitalize()) if self.capital_seasons else (lambda m: m.group(1).lower())
        return _SEASON_WORD.sub(fix, written)


def date_cell(style: DateStyle, value: object, written: str, certainty: str, original: object = None) -> object:
    """The cell for a date: a real date where the column holds them and the date is exact, else words."""
    written = written.strip()
    when = None if blank(value) else pd.Timestamp(value).date()
    if when is None:
        return written or None  # "Permanent position", or nothing
    if certainty == "exact" and (isinstance(original, (date, datetime)) or style.real_dates):
        return datetime(when.year, when.month, when.day)
    if certainty == "exact" or not written or _ISO.match(written):
        words = style.day(when, original)
    else:
        words = style.words(written)
    if certainty == "uncertain" and "?" not in words:
        words += "?"
    return words


def fraction_cell(value: object, original: object) -> object:
    """An FTE as the cell held it: a number (its format shows percent), or text like "30%"."""
    if blank(value):
        return None
    number = float(value)  # type: ignore[arg-type]
    if isinstance(original, str) and "%" in original:
        return f"{round(number * 100, 2):g}%"
    if isinstance(original, (int, float)) and not isinstance(original, bool) and original > 1.5:
        return round(number * 100, 4)  # a column of whole percents
    return round(number, 6)


def duty_text(duty: str, cadence: str, volume: str) -> str:
    """"raw2root keep-up (daily) about 2K jobs": the duty's text with its cadence tag and volume."""
    parts = [duty.strip()]
    if cadence:
        parts.append(f"({cadence})")
    if volume:
        parts.append(volume)
    return " ".join(p for p in parts if p)


def first_names(plan: Plan) -> Counter[str]:
    """How many people share each first name (so a first name alone is known to be unambiguous)."""
    return Counter(normalise(str(n)).split(" ")[0] for n in plan.people["name"])


def short_name(plan: Plan, person: object, written: dict[str, str] | None = None,
               firsts: Counter[str] | None = None) -> str:
    """How a sheet names a person in words: as it writes them, else the first name when no one shares it."""
    if blank(person) or person not in plan.people.index:
        return ""
    if written and person in written:
        return written[person]
    full = str(plan.people.at[person, "name"])
    first = full.split(" ")[0]
    firsts = firsts if firsts is not None else first_names(plan)
    if first != full and firsts[normalise(first)] == 1 and is_short_form(first, full):
        return first
    return full


def disposition_words(plan: Plan, successor: object, handover: str, written_before: str,
                      names: dict[str, str] | None = None, firsts: Counter[str] | None = None) -> str:
    """Successor and handover as the sentence a head writes and the importer reads back."""
    who = short_name(plan, successor, names, firsts)
    note = " ".join(f"({n.strip()})" for n in re.findall(r"\(([^)]*)\)", written_before or "") if n.strip())
    if handover and _EXPERIMENT.search(handover):
        target = "the experiment"
    else:
        target = handover.strip()
    if who and target:
        words = f"{who} first, then transfer to {target}"
    elif who:
        words = f"Transfer to {who}"
    elif target:
        words = f"Transfer to {target}"
    elif written_before and parse_disposition(written_before).ends:
        return written_before
    else:
        words = ""
    return f"{words} {note}".strip() if words else ""


def was(original: object, notes: str = "") -> str:
    """A changed cell's comment: its old value, then the change-log notes."""
    if blank(original):
        shown = "(empty)"
    elif isinstance(original, datetime):
        shown = original.date().isoformat()
    else:
        shown = str(original)
    return "\n".join(p for p in (f"Was: {shown}", notes) if p)
