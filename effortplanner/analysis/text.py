"""Words for flags: dates, names, duties and sizes the way a department head reads them.

Messages name people and duties by their display names, give dates as ISO days, and
say how sure a date is in words ("around 2017-08-31 ('leaving summer 2017')").
"""

from __future__ import annotations

import math
from datetime import date
from functools import cached_property

import numpy as np
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


def quoted(name: str, vo: str) -> str:
    """"'Production Systems Monitoring' (NOvA)": a duty inside a sentence, from its name and VO texts."""
    if not name:
        return f"the {vo} row (no duty given)" if vo else "a row with no duty given"
    return f"'{name}' ({vo})" if vo else f"'{name}'"


def quoted_duties(duties: pd.DataFrame, where: np.ndarray) -> list[str]:
    """The duties at positions `where` of a `frames.duties` table, as a sentence names them."""
    duty, vo = duties["duty"].to_numpy(dtype=object)[where], duties["vo"].to_numpy(dtype=object)[where]
    return [quoted(d, v) for d, v in zip(duty.tolist(), vo.tolist())]


class Names:
    """Display names of people, duties and activities of one plan, looked up by id.

    Each table's lookup is made on first use: most flag kinds name people only, and a
    department's duty list is ten times its roster.
    """

    def __init__(self, plan: Plan) -> None:
        self._plan = plan

    @cached_property
    def _people(self) -> dict[object, str]:
        people = self._plan.people
        return dict(zip(people.index.tolist(), _texts(people["name"])))

    @cached_property
    def _duties(self) -> dict[object, tuple[str, str]]:
        assignments = self._plan.assignments
        return dict(zip(assignments.index.tolist(), zip(_texts(assignments["duty"]), _texts(assignments["vo"]))))

    @cached_property
    def _activity(self) -> dict[object, object]:
        activities = self._plan.activities
        return dict(zip(activities.index.tolist(), activities["name"].tolist()))

    @cached_property
    def _milestone(self) -> dict[object, object]:
        milestones = self._plan.milestones
        return dict(zip(milestones.index.tolist(), milestones["name"].tolist()))

    def person(self, pid: object) -> str:
        name = self._people.get(pid)
        if name and isinstance(pid, str):  # the common case, first: messages name thousands of people
            return name
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
        return self._duty_text(self._duties.get(aid, ("", "")))

    def duties(self, aids: list[object]) -> list[str]:
        """`duty` of each id, looking up only the ids asked for (not a lookup of every row)."""
        assignments = self._plan.assignments
        if "_duties" not in self.__dict__ and assignments.index.is_unique:
            wanted = list({a for a in aids if a is not None})
            at = assignments.index.get_indexer(pd.Index(wanted, dtype=object))
            found = at >= 0
            hits = [w for w, ok in zip(wanted, found.tolist()) if ok]
            texts = (_texts(assignments[c].iloc[at[found]]) for c in ("duty", "vo"))
            known = dict(zip(hits, zip(*texts)))
            return [self._duty_text(known.get(a, ("", ""))) if a is not None else "" for a in aids]
        return [self.duty(a) for a in aids]

    @staticmethod
    def _duty_text(name_vo: tuple[str, str]) -> str:
        name, vo = name_vo
        name = name or "(no duty named)"
        return f"{name} ({vo})" if vo else name

    def quoted_duty(self, aid: object) -> str:
        """"'Production Systems Monitoring' (NOvA)": the duty inside a sentence."""
        return quoted(*self._duties.get(aid, ("", "")))

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
