"""People committed above their capacity: one flag per contiguous stretch, sized in FTE-months.

Rules:
- Load is what a person holds (own duties and, once a predecessor leaves, inherited
  ones) inside their availability and the window; capacity is the roster's (blank = 1.0).
- A stretch is contiguous days with load above capacity; ``amount`` is the excess in
  FTE-months (sum of (load - capacity) x days / 30.4375); the message gives the peak
  as a percentage of capacity.
- Severity *error* when the load is more than 10% above capacity even counting only the
  FTEs actually given; *warning* otherwise, which includes a stretch that is over only
  because of estimated FTEs (the message says so and certainty is "approximate").
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from effortplanner.analysis.context import Context
from effortplanner.analysis.load import _person_steps
from effortplanner.analysis.flag_table import Columns, flag_columns
from effortplanner.analysis.text import Names, fte, months, percent
from effortplanner.analysis.window import MONTH_DAYS

TOLERANCE = 0.10  # share of capacity above which an over-allocation is an error
EPS = 1e-9


def _inherited(ctx: Context, codes: np.ndarray) -> dict[str, list[tuple[int, int, str]]]:
    """person -> (start, end exclusive, previous owner) of the duties they take over, for the
    people at roster positions `codes`."""
    wanted = np.zeros(len(ctx.people), dtype=bool)
    wanted[codes] = True
    held = ctx.held
    rows = np.flatnonzero(held["inherited"].to_numpy(dtype=bool) & wanted[ctx.held_code])
    out: dict[str, list[tuple[int, int, str]]] = {}
    for pid, s, e, owner in zip(held["person"].to_numpy(dtype=object)[rows].tolist(),
                                held["start_day"].to_numpy(dtype=np.int64)[rows].tolist(),
                                held["end_day"].to_numpy(dtype=np.int64)[rows].tolist(),
                                held["owner"].to_numpy(dtype=object)[rows].tolist()):
        out.setdefault(pid, []).append((s, e + 1, owner))
    return out


def _may_be_over(ctx: Context) -> np.ndarray:
    """Held rows of the people whose duties, all at once, would exceed their capacity: no one
    else can be over at any time (a third of the rows of a department, or fewer)."""
    fte = np.maximum(ctx.held["fte"].to_numpy(dtype=float), 0.0)
    most = np.bincount(ctx.held_code, weights=fte, minlength=len(ctx.people))
    return np.flatnonzero((most > ctx.people["capacity"].to_numpy(dtype=float) + EPS)[ctx.held_code])


def over_allocation_flags(ctx: Context, names: Names, steps: pd.DataFrame | None = None) -> Columns:
    st = _person_steps(ctx, _may_be_over(ctx)) if steps is None else steps
    if st.empty:
        return flag_columns(0)
    codes = st["code"].to_numpy(dtype=np.int64)
    capacity = ctx.people["capacity"].to_numpy()[codes]
    load = st["load"].to_numpy(dtype=float)
    over = load > capacity + EPS
    if not over.any():
        return flag_columns(0)
    cap = capacity[over]
    code = codes[over]
    start = st["start_day"].to_numpy(dtype=np.int64)[over]
    end = st["end_day"].to_numpy(dtype=np.int64)[over]
    load = load[over]
    new = np.ones(len(code), dtype=bool)
    new[1:] = (code[1:] != code[:-1]) | (start[1:] != end[:-1])
    firsts = np.flatnonzero(new)
    lasts = np.append(firsts[1:], len(code)) - 1
    excess = np.add.reduceat((load - cap) * (end - start) / MONTH_DAYS, firsts)
    peak = np.maximum.reduceat(load, firsts)
    estimated = np.logical_or.reduceat(st["estimated"].to_numpy(dtype=bool)[over], firsts)
    firm = st["firm_load"].to_numpy(dtype=float)[over] > cap * (1 + TOLERANCE) + EPS
    firm_over = np.logical_or.reduceat(firm, firsts)
    run_code, run_start, run_end = code[firsts], start[firsts], end[lasts]
    ids = ctx.people.index.to_numpy(dtype=object)
    caps = ctx.people["capacity"].to_numpy(dtype=float)[run_code]
    inherited = _inherited(ctx, run_code)
    s_day, l_day = run_start.astype("datetime64[D]"), (run_end - 1).astype("datetime64[D]")
    people = ids[run_code].tolist()
    severity = np.where(firm_over, "error", "warning").tolist()
    est = estimated.tolist()
    messages = []
    for pid, c, s, e, top, over_months, guess, s_iso, l_iso in zip(
            people, caps.tolist(), run_start.tolist(), run_end.tolist(), peak.tolist(), excess.tolist(), est,
            np.datetime_as_string(s_day).tolist(), np.datetime_as_string(l_day).tolist()):
        share = f" of {fte(c)} ({fte(top)})" if c != 1.0 and c > 0 else ""
        extra = []
        taken = inherited.get(pid)
        if taken:
            from_whom = sorted({names.person(o) for a, b, o in taken if a < e and b > s})
            if from_whom:
                extra.append(f"includes duties taken over from {', '.join(from_whom)}")
        if guess:
            extra.append("load partly estimated from duty cadences")
        messages.append("; ".join([f"{names.person(pid)} at {percent(top, c)}{share} from {s_iso} to {l_iso}, "
                                   f"{months(over_months)} over"] + extra))
    return flag_columns(len(people), kind="over_allocation", severity=severity, person=people, duty=None,
                        start=s_day.tolist(), end=l_day.tolist(), amount=[round(x, 2) for x in excess.tolist()],
                        message=messages, certainty=np.where(estimated, "approximate", "exact").tolist(),
                        estimated=est)
