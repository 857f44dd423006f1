"""Words for flags: dates, names, duties and sizes the way a department head reads them.

Messages name people and duties by their display names, give dates as ISO days, and
say how sure a date is in words ("around 2017-08-31 ('leaving summer 2017')").
"""

from __future__ import annotations

import math
from datetime import date

import pandas as pd

from effortplanner.core.plan import Plan
from effortplanner.analysis.window import day_date


def iso(day: int | date | None) -> str:
    """A day number or date as 'YYYY-MM-DD' ('' for none)."""
    if day is None:
        return ""
    return (day if isinstance(day, date) else day_date(int(day))).isoformat()


def when(day: int, rank: int, text: str = "") -> str:
    """'on 2016-06-30', 'around 2017-08-31 ('summer 2017')', 'perhaps on 2017-05-31 (...)'."""
    shown = iso(day)
    quoted = f" ({text!r})" if text and text != shown else ""
    if rank <= 0:
        return f"on {shown}"
    if rank == 1:
        return f"around {shown}{quoted}"
    return f"perhaps on {shown}{quoted}"


def leaves(day: int, as_of: int) -> str:
    """'leaves' or 'left', seen from the as-of date."""
    return "leaves" if day >= as_of else "left"


def fte(value: float) -> str:
    """'0.3 FTE'."""
    return f"{value:.2f}".rstrip("0").rstrip(".") + " FTE" if not math.isnan(value) else "? FTE"


def number(value: float) -> str:
    """Up to two decimals, no trailing zeros: 1.7, 0.05, 3."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def months(value: float) -> str:
    """'0.9 FTE-months'."""
    return f"{value:.1f} FTE-month{'s' if round(value, 1) != 1 else ''}"


def percent(load: float, capacity: float) -> str:
    """Load as a share of capacity: '130%'."""
    if capacity <= 0:
        return f"{fte(load)} with no capacity"
    return f"{load / capacity:.0%}"


def _texts(column: pd.Series) -> list[str]:
    """A text column as a list of str ('' for blanks)."""
    values = column.to_numpy(dtype=object, copy=True)
    values[pd.isna(values)] = ""
    return values.tolist()


class Names:
    """Display names of people, duties and activities of one plan, looked up by id."""

    def __init__(self, plan: Plan) -> None:
        people = plan.people
        assignments = plan.assignments
        activities = plan.activities
        self._people = dict(zip(people.index, _texts(people["name"])))
        self._duty = dict(zip(assignments.index, _texts(assignments["duty"])))
        self._vo = dict(zip(assignments.index, _texts(assignments["vo"])))
        self._activity = dict(zip(activities.index, activities["name"].tolist()))
        milestones = plan.milestones
        self._milestone = dict(zip(milestones.index, milestones["name"].tolist()))

    def person(self, pid: object) -> str:
        if pid is None or (isinstance(pid, float) and math.isnan(pid)):
            return ""
        name = self._people.get(pid)
        if name is None:
            return str(pid)
        return name or f"person {pid} (no name)"

    def duty(self, aid: object) -> str:
        """'Production Systems Monitoring (NOvA)': the duty as a list shows it."""
        if aid is None:
            return ""
        name = self._duty.get(aid, "") or "(no duty named)"
        vo = self._vo.get(aid, "")
        return f"{name} ({vo})" if vo else name

    def quoted_duty(self, aid: object) -> str:
        """"'Production Systems Monitoring' (NOvA)": the duty inside a sentence."""
        name = self._duty.get(aid, "")
        vo = self._vo.get(aid, "")
        if not name:
            return f"the {vo} row (no duty given)" if vo else "a row with no duty given"
        return f"'{name}' ({vo})" if vo else f"'{name}'"

    def milestone(self, mid: object) -> str:
        return "" if mid is None else str(self._milestone.get(mid, mid))

    def activity(self, tid: object) -> str:
        return "" if tid is None else str(self._activity.get(tid, tid))


def handover_target(text: str) -> str:
    """'NOvA (experiment)' -> 'the NOvA experiment'; 'each experiment (experiment)' -> 'each experiment'."""
    suffix = " (experiment)"
    if not text.endswith(suffix):
        return text
    base = text[: -len(suffix)].strip()
    return base if base.lower().startswith(("each ", "every ", "all ", "the ")) else f"the {base} experiment"
