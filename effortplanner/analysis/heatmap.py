"""The load view's data: person × period cells, the duties behind each, and committed vs capacity.

One pure function of the plan (and the window), meant to be computed once per plan
revision (it is what the analysis snapshot carries for the load view): the cells come
from `analysis.load`'s time-weighted averages, so the heatmap, the review workbook's
Load sheet and the flags agree to the digit.

A cell's state: ``over`` (load above capacity), ``low`` (below half of capacity),
``ok``, or ``away`` (no capacity in the period: not yet arrived or already gone).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from effortplanner.analysis.context import Context, build
from effortplanner.analysis.load import _aggregate, _intervals
from effortplanner.core.plan import Plan

FREQUENCIES = {"W": "Week", "M": "Month", "Q": "Quarter", "FY": "Fiscal year"}
DEPARTMENT = "Department"
NO_GROUP = "(no group)"
_EPS = 1e-9


@dataclass(frozen=True)
class Heatmap:
    """Cells in display order: rows grouped by group then name, columns by period."""

    freq: str
    as_of: date
    horizon: date
    people: pd.DataFrame  # index person id; name, group; in display order
    periods: pd.DataFrame  # period (label), start, end (exclusive, clipped to the window)
    cells: pd.DataFrame  # person, name, group, period, start, end, fte, estimated_fte, estimated, capacity, state
    intervals: pd.DataFrame  # analysis.load.assignment_intervals: who holds which duty when

    def grid(self, column: str = "fte") -> pd.DataFrame:
        """One column of the cells as person × period (rows and columns in display order)."""
        wide = self.cells.pivot(index="person", columns="period", values=column)
        return wide.reindex(index=self.people.index, columns=self.periods["period"])

    def duties(self, person: str, period: str) -> pd.DataFrame:
        """The duties behind one cell: assignment, duty, vo, fte, estimated, inherited, owner, start, end."""
        row = self.periods.loc[self.periods["period"] == period]
        if row.empty or person not in self.people.index:
            return self.intervals.iloc[0:0]
        start, end = row["start"].iloc[0], row["end"].iloc[0]
        held = self.intervals
        mask = (held["person"] == person) & (held["start"] < end) & (held["end"] > start)
        return held.loc[mask].sort_values(["fte", "duty"], ascending=[False, True], na_position="last")


def _state(fte: np.ndarray, capacity: np.ndarray) -> np.ndarray:
    cap = np.nan_to_num(capacity, nan=0.0)
    return np.where(cap <= _EPS, "away",
                    np.where(fte > cap + _EPS, "over", np.where(fte < 0.5 * cap - _EPS, "low", "ok")))


def heatmap(plan: Plan, freq: str = "M", as_of: date | None = None, horizon: date | None = None,
            context: Context | None = None) -> Heatmap:
    """Person × period load for the load view (freq: W, M, Q or FY)."""
    freq = freq.upper()
    if freq not in FREQUENCIES:
        raise ValueError(f"freq must be one of {', '.join(FREQUENCIES)}, not {freq!r}")
    ctx = context or build(plan, as_of, horizon)
    load = _aggregate(ctx, freq, "person")
    people = ctx.people[["name", "group"]].copy()
    people["group"] = people["group"].where(people["group"].astype(str).str.strip() != "", NO_GROUP)
    order = sorted(people.index, key=lambda p: (people.at[p, "group"] == NO_GROUP,
                                                str(people.at[p, "group"]).casefold(),
                                                str(people.at[p, "name"]).casefold()))
    people = people.loc[order]
    load["group"] = people["group"].reindex(load["person"]).to_numpy()
    load["state"] = _state(load["fte"].to_numpy(dtype=float), load["capacity"].to_numpy(dtype=float))
    position = pd.Series(np.arange(len(order)), index=pd.Index(order, dtype=object))
    load["_row"] = position.reindex(load["person"]).to_numpy()
    cells = load.sort_values(["_row", "start"], kind="stable").drop(columns="_row").reset_index(drop=True)
    periods = load.drop_duplicates("period")[["period", "start", "end"]].reset_index(drop=True)
    return Heatmap(freq, ctx.as_of, ctx.horizon, people, periods, cells, _intervals(ctx))


def committed_vs_capacity(plan: Plan, as_of: date | None = None, horizon: date | None = None,
                          context: Context | None = None) -> pd.DataFrame:
    """Committed FTE against available FTE by month, for the department and for each group.

    Columns: group (``Department`` for the whole), period, start, fte, estimated_fte, capacity.
    """
    ctx = context or build(plan, as_of, horizon)
    groups = _aggregate(ctx, "M", "group").rename(columns={"group": "key"})
    columns = ["period", "start", "fte", "estimated_fte", "capacity"]
    total = groups.groupby(["period", "start"], as_index=False, sort=False)[["fte", "estimated_fte",
                                                                             "capacity"]].sum()
    total.insert(0, "group", DEPARTMENT)
    parts = groups[["key", *columns]].rename(columns={"key": "group"})
    return pd.concat([total, parts], ignore_index=True)
