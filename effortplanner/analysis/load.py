"""Committed FTE over time: per duty holder, per person as a step function, and per period.

Load counts a duty for whoever holds it (see `succession`): its owner while both are
there, then the named successors. A duty with no FTE is counted at its cadence's
estimate (`plan.settings.cadence_fte`) and marked ``estimated``; with neither, at 0 (and
`compute_flags` says so). Unassigned duties belong to no one's load.

Frames returned here use half-open intervals: ``start`` is the first day, ``end`` the
first day *after* (datetime64). Everything is clipped to [as_of, horizon] and to each
person's availability (start .. contract end).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from effortplanner.core.plan import Plan
from effortplanner.analysis.context import Context, build
from effortplanner.analysis.sweep import integrals, merge_runs, steps
from effortplanner.analysis.window import days_to_datetimes, day_number, periods

BY = ("person", "group", "vo", "activity")
_BLANK = {"group": "(no group)", "vo": "(no VO)", "activity": "(no activity)"}


def assignment_intervals(plan: Plan, as_of: date | None = None, horizon: date | None = None) -> pd.DataFrame:
    """One row per assignment and holder: who carries which duty when, at what FTE.

    Columns: assignment (id), person (the holder's id), owner (the assignment's person),
    inherited (held by a successor), link (0 owner, 1 first successor, ...), start,
    end (exclusive), fte (given or estimated), estimated, vo, activity (id or None),
    group (the holder's), duty. An assignment nobody holds inside the window (ended,
    unassigned, or its owner gone with no successor) has no row.
    """
    return _intervals(build(plan, as_of, horizon))


def _intervals(ctx: Context) -> pd.DataFrame:
    held = ctx.held
    out = held.drop(columns=["start_day", "end_day"]).copy()
    out.insert(5, "start", days_to_datetimes(held["start_day"].to_numpy()))
    out.insert(6, "end", days_to_datetimes(held["end_day"].to_numpy() + 1))
    return out


def _person_steps(ctx: Context, rows: np.ndarray | None = None) -> pd.DataFrame:
    """Merged constant-load stretches per person (day numbers, end exclusive), from the held
    rows at positions `rows` (all when None; give all of a person's rows or none)."""
    held = ctx.held  # every held row has a holder from the roster
    take = slice(None) if rows is None else rows
    codes = ctx.held_code[take]
    fte = held["fte"].to_numpy(dtype=float)[take]
    est = held["estimated"].to_numpy(dtype=bool)[take]
    weights = np.column_stack([fte, np.where(est, 0.0, fte), est.astype(float)])
    s = steps(codes, held["start_day"].to_numpy()[take], held["end_day"].to_numpy()[take] + 1, weights)
    if len(s) == 0:
        return pd.DataFrame({c: [] for c in ("code", "start_day", "end_day", "load", "firm_load", "estimated")})
    est_any = (s.values[:, 2] > 0).astype(float)
    s = type(s)(s.key, s.start, s.end, np.column_stack([s.values[:, 0], s.values[:, 1], est_any]))
    run, firsts = merge_runs(s, np.array([0, 1, 2]))
    lasts = np.append(firsts[1:], len(run)) - 1
    return pd.DataFrame({
        "code": s.key[firsts], "start_day": s.start[firsts], "end_day": s.end[lasts],
        "load": s.values[firsts, 0], "firm_load": s.values[firsts, 1], "estimated": s.values[firsts, 2] > 0,
    })


def person_load(plan: Plan, as_of: date | None = None, horizon: date | None = None) -> pd.DataFrame:
    """Each person's committed FTE as contiguous constant-load intervals.

    Columns: person (id), name, start, end (exclusive), load, firm_load (the part with
    FTEs given, not estimated), capacity (roster; blank = 1.0), estimated (an estimated
    duty contributes), over (load above capacity). Days outside every duty are not listed.
    """
    return _person_load(build(plan, as_of, horizon))


def person_load_in(ctx: Context) -> pd.DataFrame:
    """`person_load` from an already built context (the snapshot shares one)."""
    return _person_load(ctx)


def _person_load(ctx: Context) -> pd.DataFrame:
    st = _person_steps(ctx)
    codes = st["code"].to_numpy(dtype=np.int64)
    capacity = ctx.people["capacity"].to_numpy()[codes]
    load = st["load"].to_numpy(dtype=float)
    return pd.DataFrame({
        "person": ctx.people.index.to_numpy(dtype=object)[codes],
        "name": ctx.people["name"].to_numpy(dtype=object)[codes],
        "start": days_to_datetimes(st["start_day"].to_numpy()),
        "end": days_to_datetimes(st["end_day"].to_numpy()),
        "load": load,
        "firm_load": st["firm_load"].to_numpy(dtype=float),
        "capacity": capacity,
        "estimated": st["estimated"].to_numpy(dtype=bool),
        "over": load > capacity + 1e-9,
    })


def _keys(ctx: Context, by: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(key per held row, all keys in order, display names of the keys)."""
    held = ctx.held
    if by == "person":
        keys = ctx.people.index.to_numpy(dtype=object)
        return held["person"].to_numpy(dtype=object), keys, ctx.people["name"].to_numpy(dtype=object)
    if by == "activity":
        values = held["activity"].where(held["activity"].notna(), _BLANK[by]).to_numpy(dtype=object)
        acts = ctx.plan.activities
        keys = np.array(list(acts.index) + sorted(set(values) - set(acts.index)), dtype=object)
        names = np.array([acts.at[k, "name"] if k in acts.index else k for k in keys], dtype=object)
        return values, keys, names
    column = held[by].astype(object)
    values = column.where(column.astype(str).str.strip() != "", _BLANK[by]).to_numpy(dtype=object)
    if by == "group":
        groups = ctx.people["group"].where(ctx.people["group"] != "", _BLANK[by])
        keys = np.array(sorted(set(values) | set(groups)), dtype=object)
    else:
        keys = np.array(sorted(set(values)), dtype=object)
    return values, keys, keys


def aggregate_load(plan: Plan, freq: str = "M", by: str = "person", as_of: date | None = None,
                   horizon: date | None = None) -> pd.DataFrame:
    """Average committed FTE per period (time-weighted) for each person, group, VO or activity.

    freq: W (ISO weeks), M (months), Q (fiscal quarters), FY (fiscal years). Periods at
    the window's edges are clipped to it (``days`` says how many days count), so a
    person fully loaded from the as-of date shows 1.0 in its first, partial month.
    Columns: <by>, name, period, start, end (exclusive), days, fte, estimated_fte,
    estimated, capacity (available FTE: person and group only, else NaN).
    """
    _check_by(by)
    return _aggregate(build(plan, as_of, horizon), freq, by)


def aggregate_load_in(ctx: Context, freq: str = "M", by: str = "person") -> pd.DataFrame:
    """`aggregate_load` from an already built context (the review export shares the window's)."""
    _check_by(by)
    return _aggregate(ctx, freq, by)


def _check_by(by: str) -> None:
    if by not in BY:
        raise ValueError(f"by must be one of {', '.join(BY)}, not {by!r}")


def _aggregate(ctx: Context, freq: str, by: str) -> pd.DataFrame:
    settings = ctx.plan.settings
    table = periods(freq, ctx.as_of, ctx.horizon, settings.fy_start_month, settings.fy_start_day)
    labels = [label for label, _, _ in table]
    bounds = np.array([max(day_number(s), ctx.first) for _, s, _ in table]
                      + [min(day_number(table[-1][2]), ctx.last + 1)], dtype=np.int64)
    values, keys, names = _keys(ctx, by)
    codes = pd.Index(keys, dtype=object).get_indexer(pd.Index(values, dtype=object))
    held = ctx.held
    fte = held["fte"].to_numpy(dtype=float)
    est = held["estimated"].to_numpy(dtype=bool)
    weights = np.column_stack([fte, np.where(est, fte, 0.0), est.astype(float)])
    area = integrals(codes, held["start_day"].to_numpy(), held["end_day"].to_numpy() + 1, weights, bounds, len(keys))
    days = np.diff(bounds).astype(float)
    n_keys, n_periods = len(keys), len(labels)
    capacity = np.full((n_keys, n_periods), np.nan)
    if by in ("person", "group"):
        people = ctx.people
        avail_s = np.maximum(people["start_day"].to_numpy(), ctx.first)
        avail_e = np.minimum(people["end_day"].to_numpy(), ctx.last) + 1
        if by == "person":
            cap_codes = np.arange(len(people))
        else:
            groups = people["group"].where(people["group"] != "", _BLANK["group"])
            cap_codes = pd.Index(keys, dtype=object).get_indexer(pd.Index(groups, dtype=object))
        cap = integrals(cap_codes, avail_s, avail_e, people["capacity"].to_numpy(), bounds, n_keys)
        capacity = np.round(cap[:, :, 0] / days, 9)
    starts = days_to_datetimes(bounds[:-1])
    ends = days_to_datetimes(bounds[1:])
    return pd.DataFrame({
        by: np.repeat(keys, n_periods),
        "name": np.repeat(names, n_periods),
        "period": np.tile(np.array(labels, dtype=object), n_keys),
        "start": np.tile(starts, n_keys),
        "end": np.tile(ends, n_keys),
        "days": np.tile(days, n_keys).astype(np.int64),
        "fte": np.round(area[:, :, 0] / days, 9).ravel(),
        "estimated_fte": np.round(area[:, :, 1] / days, 9).ravel(),
        "estimated": (area[:, :, 2] > 0).ravel(),
        "capacity": capacity.ravel(),
    })
