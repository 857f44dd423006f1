"""Activities whose required effort is not met by the duties linked to them.

Rules:
- An activity requires ``fte_required`` FTE and ``interns_required`` interns/associates
  over its own dates (blank = the whole window), clipped to [as_of, horizon].
- Supply is the FTE of the duties linked to it (``assignments.activity``), counted for
  whoever holds them (owner, then successors) while they are there. Unassigned duties
  supply nothing.
- Head count: distinct people holding a linked duty whose role says intern or
  associate, or who are placeholders (a hire still to make counts: it is planned).
- One flag per contiguous stretch where supply falls short. For FTE, ``amount`` is the
  missing FTE-months; for head count, the largest number of people missing.
  Severity *warning*; certainty "approximate" when a linked FTE is estimated.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from effortplanner.analysis.context import Context
from effortplanner.analysis.model import Flag
from effortplanner.analysis.flag_table import made_as_objects
from effortplanner.analysis.sweep import Steps, merge_runs, steps
from effortplanner.analysis.text import Names, fte, iso, months, number
from effortplanner.analysis.window import HI, LO, MONTH_DAYS, day_date, day_numbers

EPS = 1e-9


def _demand(ctx: Context, column: str) -> pd.DataFrame:
    acts = ctx.plan.activities
    required = pd.to_numeric(acts[column], errors="coerce").to_numpy(dtype=float)
    start = np.maximum(day_numbers(acts["start"], LO), ctx.first)
    end = np.minimum(day_numbers(acts["end"], HI), ctx.last) + 1
    keep = ~np.isnan(required) & (required > 0) & (end > start)
    return pd.DataFrame({"code": np.flatnonzero(keep), "start": start[keep], "end": end[keep],
                         "required": required[keep]})


def _shortfalls(demand: pd.DataFrame, code: np.ndarray, start: np.ndarray, end: np.ndarray,
                supply: np.ndarray, extra: np.ndarray) -> pd.DataFrame:
    """Runs where demand exceeds supply: code, start, end (exclusive), peak short, short x days, extra."""
    n = len(demand)
    keys = np.concatenate([demand["code"].to_numpy(), code])
    s = np.concatenate([demand["start"].to_numpy(), start])
    e = np.concatenate([demand["end"].to_numpy(), end])
    weights = np.zeros((n + len(code), 3))
    weights[:n, 0] = demand["required"].to_numpy()
    weights[n:, 1] = supply
    weights[n:, 2] = extra
    st = steps(keys, s, e, weights)
    short = st.values[:, 0] - st.values[:, 1]
    mask = (st.values[:, 0] > EPS) & (short > EPS)
    if not mask.any():
        return pd.DataFrame()
    sub = st.take(mask)
    run, firsts = merge_runs(sub)
    gap = short[mask]
    frame = pd.DataFrame({"run": run, "code": sub.key, "start": sub.start, "end": sub.end, "short": gap,
                          "area": gap * (sub.end - sub.start), "supply": sub.values[:, 1],
                          "required": sub.values[:, 0], "extra": sub.values[:, 2]})
    g = frame.groupby("run", sort=True)
    return pd.DataFrame({"code": g["code"].first(), "start": g["start"].min(), "end": g["end"].max(),
                         "peak": g["short"].max(), "area": g["area"].sum(), "required": g["required"].max(),
                         "least": g["supply"].min(), "extra": g["extra"].max()})


def _linked(ctx: Context) -> tuple[pd.DataFrame, np.ndarray]:
    held = ctx.held[ctx.held["activity"].notna() & ctx.held["person"].notna()]
    acts = ctx.plan.activities
    codes = acts.index.get_indexer(pd.Index(held["activity"], dtype=object))
    keep = codes >= 0
    return held[keep], codes[keep]


@made_as_objects
def demand_flags(ctx: Context, names: Names) -> list[Flag]:
    acts = ctx.plan.activities
    if acts.empty:
        return []
    ids = acts.index.to_numpy(dtype=object)
    held, codes = _linked(ctx)
    flags: list[Flag] = []
    runs = _shortfalls(_demand(ctx, "fte_required"), codes, held["start_day"].to_numpy(),
                       held["end_day"].to_numpy() + 1, held["fte"].to_numpy(dtype=float),
                       held["estimated"].to_numpy(dtype=float))
    for code, s, e, peak, area, required, least, estimated in runs.itertuples(index=False):
        tid = ids[int(code)]
        gives = "nothing" if least <= EPS else f"as little as {fte(least)}"
        note = " (linked FTEs partly estimated)" if estimated > 0 else ""
        message = (f"'{names.activity(tid)}' needs {fte(required)}; its duties give {gives} from {iso(s)} to "
                   f"{iso(e - 1)}: {months(area / MONTH_DAYS)} short{note}")
        flags.append(Flag("unfilled_demand", "warning", None, None, day_date(s), day_date(e - 1),
                          round(area / MONTH_DAYS, 2), message, "approximate" if estimated > 0 else "exact",
                          activity=tid, estimated=bool(estimated > 0)))
    flags.extend(_headcount_flags(ctx, names, held, codes, ids))
    return flags


def _headcount_flags(ctx: Context, names: Names, held: pd.DataFrame, codes: np.ndarray,
                     ids: np.ndarray) -> list[Flag]:
    demand = _demand(ctx, "interns_required")
    if demand.empty:
        return []
    junior = ctx.people["junior"].reindex(pd.Index(held["person"], dtype=object)).fillna(False).to_numpy(dtype=bool)
    held, codes = held[junior], codes[junior]
    # Distinct people: union each (activity, person)'s stretches first, then count them.
    persons = ctx.people.index.get_indexer(pd.Index(held["person"], dtype=object)).astype(np.int64)
    pair = codes.astype(np.int64) * (len(ctx.people) + 1) + persons
    st = steps(pair, held["start_day"].to_numpy(), held["end_day"].to_numpy() + 1, np.ones(len(pair)))
    st = st.take(st.values[:, 0] > 0)
    run, firsts = merge_runs(Steps(st.key, st.start, st.end, np.zeros((len(st), 1))))
    lasts = np.append(firsts[1:], len(run)) - 1 if len(firsts) else firsts
    key = st.key[firsts] // (len(ctx.people) + 1)
    runs = _shortfalls(demand, key, st.start[firsts], st.end[lasts], np.ones(len(firsts)), np.zeros(len(firsts)))
    flags = []
    for code, s, e, peak, _area, required, least, _extra in runs.itertuples(index=False):
        tid = ids[int(code)]
        has = "none is" if least <= EPS else f"only {number(least)} {'is' if round(least) == 1 else 'are'}"
        message = (f"'{names.activity(tid)}' needs {number(required)} intern{'s' if required != 1 else ''}/"
                   f"associate{'s' if required != 1 else ''}; {has} on its duties from {iso(s)} to {iso(e - 1)}")
        flags.append(Flag("unfilled_demand", "warning", None, None, day_date(s), day_date(e - 1),
                          float(round(peak, 2)), message, "exact", activity=tid))
    return flags
