"""Changing a plan's settings (as-of, horizon, fiscal year, units, cadence estimates) as one undoable edit.

A settings change is a `SetCells` on the pseudo-table ``settings`` (row ``plan``), so the
undo stack, the scenario change log and the plan file carry it like any cell edit.
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Mapping
from datetime import date

from effortplanner.core.edits import SETTINGS_TABLE, Change, EditError, SetCells
from effortplanner.core.plan import Plan, PlanSettings

EDITABLE = ("as_of", "horizon", "fy_start_month", "fy_start_day", "hours_per_month", "days_per_week", "cadence_fte",
            "distinct_people")
LABELS = {"as_of": "as-of date", "horizon": "horizon", "fy_start_month": "fiscal-year start",
          "fy_start_day": "fiscal-year start", "hours_per_month": "hours per month",
          "days_per_week": "days per week", "cadence_fte": "cadence estimates",
          "distinct_people": "people who are not the same"}
# The bounds of the numeric settings: one rule for an edit and for a plan file read back.
RANGES: dict[str, tuple[float, float]] = {"fy_start_month": (1, 12), "fy_start_day": (1, 31),
                                          "hours_per_month": (1, 744), "days_per_week": (1, 7)}


def _number(name: str, value: object, low: float, high: float) -> float:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise EditError(f"{LABELS[name]} {value!r} is not a number", table=SETTINGS_TABLE) from None
    if math.isnan(number) or not low <= number <= high:
        raise EditError(f"{LABELS[name]} must be between {low:g} and {high:g} (not {value!r})", table=SETTINGS_TABLE)
    return number


def _checked(current: PlanSettings, changes: Mapping[str, object]) -> dict[str, object]:
    out: dict[str, object] = {}
    for name, value in changes.items():
        if name not in EDITABLE:
            raise EditError(f"{name!r} is not a plan setting that can be edited", table=SETTINGS_TABLE)
        if name in ("as_of", "horizon"):
            if value is not None and not isinstance(value, date):
                raise EditError(f"{LABELS[name]} {value!r} is not a date", table=SETTINGS_TABLE)
            out[name] = value
        elif name in ("fy_start_month", "fy_start_day"):
            out[name] = int(_number(name, value, *RANGES[name]))
        elif name in ("hours_per_month", "days_per_week"):
            out[name] = _number(name, value, *RANGES[name])
        elif name == "distinct_people":
            pairs = [[str(x) for x in pair] for pair in value] if isinstance(value, (list, tuple)) else None
            if pairs is None or any(len(pair) != 2 for pair in pairs):
                raise EditError("people who are not the same are given as pairs of ids", table=SETTINGS_TABLE)
            out[name] = pairs
        else:
            table = dict(value) if isinstance(value, Mapping) else None
            if table is None:
                raise EditError("cadence estimates must map each cadence to an FTE", table=SETTINGS_TABLE)
            out[name] = {str(k): _number(name, v, 0, 1.5) for k, v in table.items()}
    as_of = out.get("as_of", current.as_of)
    horizon = out.get("horizon", current.horizon)
    if isinstance(as_of, date) and isinstance(horizon, date) and horizon < as_of:
        raise EditError(f"the horizon {horizon.isoformat()} is before the as-of date {as_of.isoformat()}",
                        table=SETTINGS_TABLE)
    month = int(out.get("fy_start_month", current.fy_start_month))  # type: ignore[call-overload]
    day = int(out.get("fy_start_day", current.fy_start_day))  # type: ignore[call-overload]
    if day > calendar.monthrange(2001, month)[1]:  # a year that is not a leap year: the start must exist every year
        raise EditError(f"the fiscal year cannot start on day {day} of month {month}", table=SETTINGS_TABLE)
    return out


def set_settings(plan: Plan, changes: Mapping[str, object], description: str | None = None) -> Change:
    """One undoable edit of the plan's settings; an empty Change when nothing differs. Raises EditError."""
    after = _checked(plan.settings, changes)
    before = {name: getattr(plan.settings, name) for name in after}
    after = {k: v for k, v in after.items() if before[k] != v}
    if not after:
        return Change("Change plan settings")
    before = {k: (dict(v) if isinstance(v, dict) else [list(p) for p in v] if isinstance(v, list) else v)
              for k, v in before.items() if k in after}
    names = sorted({LABELS[k] for k in after})
    change = Change(description or f"Set {', '.join(names)}", (SetCells(SETTINGS_TABLE, "plan", before, after),))
    from effortplanner.core.edits import apply

    apply(plan, change)
    return change
