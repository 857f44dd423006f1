"""Turning what a user typed (or a cell held) into a typed value, or a reason why not.

Shared by the importer and the edit API so that a value accepted in one place is
accepted in the other, with the same words when it is refused.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from functools import lru_cache

from effortplanner.core.schema import CADENCES, Column


class ValueError_(ValueError):
    """A value that does not fit its column; the message is for the user."""


_NUMBER = re.compile(r"^\s*([+-]?\d+(?:[.,]\d+)?|[+-]?[.,]\d+)\s*(%|fte|ftes)?\s*$", re.I)
_TRUE = {"yes", "y", "true", "1", "x", "placeholder", "estimate", "estimated", "est", "✓"}
_FALSE = {"no", "n", "false", "0", "", "-"}


def is_blank(value: object) -> bool:
    """None, NaN, NaT and whitespace-only text all mean "nothing written here"."""
    if type(value) is str:
        return not value or value.isspace()
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, str):
        return not value.strip()
    try:
        import pandas as pd

        return bool(pd.isna(value)) if not isinstance(value, (list, dict, tuple)) else False
    except (TypeError, ValueError):
        return False


@lru_cache(maxsize=8192)
def _single_line(text: str) -> str:
    return " ".join(text.split())


def as_text(value: object) -> str:
    """Cell value as the text a user would read; integers stay integers."""
    if type(value) is str:
        return _single_line(value) if len(value) < 512 else " ".join(value.split())
    if is_blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return " ".join(str(value).split())


def parse_fraction(value: object, *, column: str = "FTE", per_person: bool = True) -> tuple[float, str]:
    """A fraction of a person's time from 0.3, "0.3", "30%", "30" or "0,3".

    Returns (value, note). For one person's time (`per_person`), a bare number above
    1.5 and up to 100 is read as a percentage, and the note says so; an activity's or
    a total's FTE may be any size (see FTE_RULE). The importer and the window's editors
    both read FTE through this one function. Raises ValueError_ with a reason otherwise.
    """
    if isinstance(value, bool):
        raise ValueError_(f"{column} must be a number, not {value!r}")
    if isinstance(value, (int, float)):
        number, percent = float(value), False
        text = as_text(value) if abs(number) < 1e15 else f"{number:g}"  # 1e308 is not shown as 309 digits
    else:
        text = as_text(value)
        match = _NUMBER.match(text)
        if not match:
            raise ValueError_(f"{column} {text!r} is not a number")
        number = float(match.group(1).replace(",", "."))
        percent = (match.group(2) or "") == "%"
    if math.isnan(number) or math.isinf(number):
        raise ValueError_(f"{column} {text!r} is not a number")
    if number < 0:
        raise ValueError_(f"{column} cannot be negative ({text})")
    note = ""
    if percent:
        number /= 100.0
    elif per_person and 1.5 < number <= 100:
        note = f"{column} {text} read as {number:g}%"
        number /= 100.0
    elif per_person and number > 100:
        raise ValueError_(f"{column} {text} is more than any one person's time")
    return round(number, 6), note


FTE_RULE = ("An FTE is a fraction of one person's time: 0.5, .5 and 0,5 are half-time; 50%, 50 % and a bare "
            "number above 1.5 (such as 50) are percent; 1.5 or less is a fraction.")


def fte_text(value: object) -> str:
    """An FTE as the window, the workbooks and the compare view show it: percent ("50%", "12.5%"), "" when none."""
    if is_blank(value) or isinstance(value, bool):
        return ""
    try:
        percent = round(float(value) * 100.0, 1)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return as_text(value)
    return f"{percent:g}%"


def fte_fraction_text(value: object) -> str:
    """The same FTE as a fraction of one person's time ("0.5 FTE"), for tooltips beside `fte_text`."""
    if is_blank(value) or isinstance(value, bool):
        return ""
    try:
        return f"{round(float(value), 4):g} FTE"  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return ""


def parse_bool(value: object, *, column: str = "value") -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and not is_blank(value):
        return bool(value)
    text = as_text(value).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError_(f"{column} {as_text(value)!r} is neither yes nor no")


def parse_cadence(value: object) -> str:
    """One of CADENCES from free text; "" when blank. Raises ValueError_ otherwise."""
    text = as_text(value).lower().replace("-", " ").strip()
    if not text:
        return ""
    from effortplanner.core.duty_text import cadence_in

    found = cadence_in(text)
    if found:
        return found
    raise ValueError_(f"cadence {as_text(value)!r} is not one of: {', '.join(CADENCES)}")


def coerce_scalar(column: Column, value: object) -> tuple[object, str]:
    """Typed value for a non-date, non-reference column, and a note (may be "")."""
    label = column.label
    if column.type == "str":
        if column.name == "notes" and isinstance(value, str):
            return value.strip(), ""  # notes keep their line breaks
        return as_text(value), ""  # one line, single spaces: as every importer reads it
    if column.type == "float":
        if is_blank(value):
            if column.required:
                raise ValueError_(f"{label} is required")
            return math.nan, ""
        number, note = parse_fraction(value, column=label, per_person=column.maximum is not None)
        if column.maximum is not None and number > column.maximum:
            raise ValueError_(f"{label} {number:g} is above the maximum of {column.maximum:g}")
        return number, note
    if column.type == "bool":
        return parse_bool(value, column=label), ""
    if column.type == "choice":
        if column.choices == tuple(CADENCES):
            return parse_cadence(value), ""
        text = as_text(value)
        if text and text not in column.choices:
            raise ValueError_(f"{label} {text!r} is not one of: {', '.join(column.choices)}")
        return text, ""
    raise TypeError(f"coerce_scalar does not handle {column.type} columns")
