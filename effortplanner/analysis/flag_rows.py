"""The flags as the rows of texts the Flags panel lists.

Made beside the flags, in the analysis job (a snapshot part, see `analysis.snapshot`): at
50,000 assignments the ~5,000 rows (names looked up, dates written out) took ~40 ms, which on
the GUI thread was the longest block of opening a plan.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pandas as pd

from effortplanner.analysis.flag_table import flag_column
from effortplanner.analysis.model import Flag
from effortplanner.core.plan import Plan

FlagRow = tuple[str, str, str, str, str, str, str]  # severity, kind, person, duty, from, until, message


def flag_rows(plan: Plan, flags: Sequence[Flag]) -> list[FlagRow]:
    """One row per flag, in the flags' order; a person or duty the plan no longer has shows its id
    (a person) or nothing (a duty)."""
    severity, kind, pids, aids, start, end, message = (
        flag_column(flags, name) for name in ("severity", "kind", "person", "duty", "start", "end", "message"))
    # One vectorised lookup each, of only the ids the flags name (not a dict of all 50,000 rows).
    duty = _lookup(plan.assignments["duty"], {a for a in aids if a})
    person = _lookup(plan.people["name"], {p for p in pids if p})
    return [(s, k.replace("_", " "), str(person.get(p, p)) if p else "", str(duty.get(a, "")) if a else "",
             _iso(s0), _iso(e0), m) for s, k, p, a, s0, e0, m in zip(severity, kind, pids, aids, start, end, message)]


def _lookup(column: pd.Series, ids: set[str]) -> dict[str, object]:
    """id -> value for the given ids that the column has."""
    if not column.index.is_unique:  # a damaged plan: the slower lookup that copes with it
        keys = column.index.intersection(list(ids))
        return dict(zip(keys.tolist(), column.reindex(keys).tolist()))
    wanted = list(ids)
    found = column.index.get_indexer(wanted)
    values = column.to_numpy(dtype=object)
    return {key: values[at] for key, at in zip(wanted, found.tolist()) if at >= 0}


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""
