"""What a difference does: FTE per person per month, flags resolved and introduced, totals.

Both plans are analysed with `effortplanner.analysis` over one window. This is the one
place the core calls into the analysis layer (the comparison is a core concept, the
computation of loads and flags is not); it imports it on demand.

Flags are matched across the plans by (kind, person, duty, activity), where person and
duty mean the *matched* rows (so "Paola" and "Paola Buitrago" are one person in a
content match, and a renamed duty is the same duty). Several flags with one key (two
over-allocation stretches of one person) pair by identical message first, then in
date order. A matched pair whose severity, size or dates differ is *changed*, with a
direction: worse (more severe or larger) or better.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from effortplanner.analysis.flags import compute_flags
from effortplanner.analysis.load import aggregate_load
from effortplanner.analysis.model import SEVERITIES, Flag
from effortplanner.analysis.text import Names
from effortplanner.analysis.window import MONTH_DAYS, plan_window
from effortplanner.analysis.compare import Comparison, FlagDiff
from effortplanner.analysis.compare_match import Matching
from effortplanner.core.names import normalise
from effortplanner.core.plan import Plan

TOLERANCE = 1e-6  # FTE differences below this are rounding, not change
AMOUNT_TOLERANCE = 0.05  # flag sizes (FTE-months, %) closer than this are "the same size"


def window(base: Plan, other: Plan, as_of: date | None, horizon: date | None) -> tuple[date, date]:
    """The comparison window: explicit dates, else the base plan's, else the other plan's, else defaults."""
    if as_of is None and base.settings.as_of is None:
        as_of = other.settings.as_of
    if horizon is None and base.settings.horizon is None:
        horizon = other.settings.horizon
    return plan_window(base, as_of, horizon)


def effects(base: Plan, other: Plan, matching: Matching, result: Comparison, as_of: date | None,
            horizon: date | None) -> None:
    """Fill result's window, fte_delta, periods, totals and flag lists."""
    result.as_of, result.horizon = window(base, other, as_of, horizon)
    keys_b, keys_o = matching.person_keys()
    result.fte_delta, result.periods = fte_delta(base, other, keys_b, keys_o, result.as_of, result.horizon)
    result.totals = totals(base, other, result.as_of, result.horizon)
    resolved, introduced, changed = flag_changes(base, other, matching, result.as_of, result.horizon)
    result.flags_resolved, result.flags_introduced, result.flags_changed = resolved, introduced, changed


# --- FTE per person per month --------------------------------------------------------------------
def fte_delta(base: Plan, other: Plan, keys_b: dict[str, int], keys_o: dict[str, int], as_of: date,
              horizon: date) -> tuple[pd.DataFrame, list[str]]:
    """Nonzero per-person, per-month differences of committed FTE, and the months of the window.

    Columns: person (name), base_person, other_person (ids or None), group, period ('2016-07'),
    start (first day counted), days (days of the month inside the window), before, after, delta.
    """
    before = aggregate_load(base, "M", "person", as_of, horizon)
    after = aggregate_load(other, "M", "person", as_of, horizon)
    periods = list(dict.fromkeys(before["period"])) if len(before) else list(dict.fromkeys(after["period"]))
    columns = ["person", "base_person", "other_person", "group", "period", "start", "days", "before", "after",
               "delta"]
    if not periods:
        return pd.DataFrame({c: [] for c in columns}), periods

    def keyed(frame: pd.DataFrame, keys: dict[str, int], side: str) -> pd.DataFrame:
        out = frame[["person", "name", "period", "start", "days", "fte"]].copy()
        out["key"] = [keys.get(p, f"{side}:{p}") for p in out["person"]]
        return out

    b, o = keyed(before, keys_b, "b"), keyed(after, keys_o, "o")
    merged = b.merge(o, on=["key", "period"], how="outer", suffixes=("_b", "_o"))
    merged["fte_b"] = merged["fte_b"].fillna(0.0)
    merged["fte_o"] = merged["fte_o"].fillna(0.0)
    merged["delta"] = (merged["fte_o"] - merged["fte_b"]).round(9)
    changed = merged[merged["delta"].abs() > TOLERANCE].copy()
    group_b = dict(zip(base.people.index, base.people["group"]))
    group_o = dict(zip(other.people.index, other.people["group"]))
    order = {p: i for i, p in enumerate(periods)}
    out = pd.DataFrame({
        "person": np.where(changed["name_o"].notna(), changed["name_o"], changed["name_b"]).astype(object),
        "base_person": changed["person_b"].astype(object).where(changed["person_b"].notna(), None),
        "other_person": changed["person_o"].astype(object).where(changed["person_o"].notna(), None),
        "group": [group_o.get(o_, "") if isinstance(o_, str) else group_b.get(b_, "") or ""
                  for b_, o_ in zip(changed["person_b"], changed["person_o"])],
        "period": changed["period"].astype(object),
        "start": changed["start_o"].where(changed["start_o"].notna(), changed["start_b"]),
        "days": changed["days_o"].where(changed["days_o"].notna(), changed["days_b"]).astype(int),
        "before": changed["fte_b"].astype(float),
        "after": changed["fte_o"].astype(float),
        "delta": changed["delta"].astype(float),
    })
    out["_p"] = out["period"].map(order)
    out = out.sort_values(["person", "_p"], key=lambda s: s.str.casefold() if s.dtype == object else s)
    return out.drop(columns="_p").reset_index(drop=True), periods


# --- totals by group, VO and activity ------------------------------------------------------------------
def totals(base: Plan, other: Plan, as_of: date, horizon: date) -> pd.DataFrame:
    """Average committed FTE over the window by group, VO and activity, before and after."""
    rows = []
    for by in ("group", "vo", "activity"):
        sums = []
        for plan in (base, other):
            frame = aggregate_load(plan, "M", by, as_of, horizon)
            days = float(frame.groupby("period", sort=False)["days"].first().sum()) if len(frame) else 0.0
            area = (frame["fte"] * frame["days"]).groupby(frame["name"].astype(str)).sum()
            sums.append((area, days))
        (area_b, days), (area_o, _) = sums
        for key in sorted(set(area_b.index) | set(area_o.index), key=str.casefold):
            fb, fo = float(area_b.get(key, 0.0)), float(area_o.get(key, 0.0))
            avg_b = fb / days if days else 0.0
            avg_o = fo / days if days else 0.0
            rows.append({"dimension": by, "key": key, "before": round(avg_b, 6), "after": round(avg_o, 6),
                         "delta": round(avg_o - avg_b, 6), "delta_fte_months": round((fo - fb) / MONTH_DAYS, 6)})
    return pd.DataFrame(rows, columns=["dimension", "key", "before", "after", "delta", "delta_fte_months"])


# --- flags ------------------------------------------------------------------------------------------------
def _flag_key(flag: Flag, people: dict[str, Any], duties: dict[str, Any], plan: Plan) -> tuple[Hashable, ...]:
    person = None if flag.person is None else people.get(flag.person, ("only", flag.person))
    duty = None if flag.duty is None else duties.get(flag.duty, ("only", flag.duty))
    if flag.kind == "missing_data" and flag.person is not None and flag.related:
        duty = "per person"  # one flag per person listing their duties: names one duty only when there is one
    activity = None if flag.activity is None else normalise(plan.display_name("activities", flag.activity))
    return (flag.kind, person, duty, activity)


def _diff(status: str, flag: Flag, names: Names, before: Flag | None = None, after: Flag | None = None,
          direction: str = "") -> FlagDiff:
    return FlagDiff(status, flag.kind, flag.severity, names.person(flag.person) if flag.person else "",
                    names.duty(flag.duty) if flag.duty else "", flag.start, flag.end, flag.amount, flag.message,
                    before, after, direction)


def _direction(a: Flag, b: Flag) -> str | None:
    """'worse', 'better', '' (other dates or words only), or None when nothing that matters differs."""
    sa, sb = SEVERITIES.index(a.severity), SEVERITIES.index(b.severity)
    if sb != sa:
        return "worse" if sb < sa else "better"
    amount_a, amount_b = abs(a.amount or 0.0), abs(b.amount or 0.0)
    if abs(amount_b - amount_a) > AMOUNT_TOLERANCE:
        return "worse" if amount_b > amount_a else "better"
    if (a.start, a.end) != (b.start, b.end):
        return ""
    return None


def flag_changes(base: Plan, other: Plan, matching: Matching, as_of: date,
                 horizon: date) -> tuple[list[FlagDiff], list[FlagDiff], list[FlagDiff]]:
    """(resolved, introduced, changed) flags from `base` to `other`."""
    flags_b = compute_flags(base, as_of, horizon)
    flags_o = compute_flags(other, as_of, horizon)
    names_b, names_o = Names(base), Names(other)
    people_b, people_o = matching.person_keys()
    duties_b, duties_o = matching.assignment_keys()
    groups_b: dict[Hashable, list[Flag]] = defaultdict(list)
    groups_o: dict[Hashable, list[Flag]] = defaultdict(list)
    for f in flags_b:
        groups_b[_flag_key(f, people_b, duties_b, base)].append(f)
    for f in flags_o:
        groups_o[_flag_key(f, people_o, duties_o, other)].append(f)
    resolved: list[FlagDiff] = []
    introduced: list[FlagDiff] = []
    changed: list[FlagDiff] = []
    for key in list(groups_b) + [k for k in groups_o if k not in groups_b]:
        left = sorted(groups_b.get(key, []), key=lambda f: (f.start or date.min, f.message))
        right = sorted(groups_o.get(key, []), key=lambda f: (f.start or date.min, f.message))
        pairs = []
        for a in list(left):  # identical messages first
            twin = next((b for b in right if b.message == a.message), None)
            if twin is not None:
                pairs.append((a, twin))
                left.remove(a)
                right.remove(twin)
        pairs += list(zip(left, right))
        resolved += [_diff("resolved", f, names_b, before=f) for f in left[len(right):]]
        introduced += [_diff("introduced", f, names_o, after=f) for f in right[len(left):]]
        for a, b in pairs:
            direction = _direction(a, b)
            if direction is not None:
                changed.append(_diff("changed", b, names_o, a, b, direction))
    return resolved, introduced, changed
