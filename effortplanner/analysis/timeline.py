"""What the timeline shows, read from a plan: bars, inherited duties, contract ends, load rows.

Pure functions (no Qt): the window's timeline paints what `timeline_rows` returns (the
types in `analysis.timeline_model`), via `analysis.snapshot`. Positions are *x* = days since the
axis's first day (floats), so the view can scale time with one transform. Every end is exclusive
here (the first day not covered), as in the analysis frames; the plan's inclusive end dates get
+1 day on the way in.

Who holds a duty after its owner leaves comes from the analysis context's `held`
segments, so the timeline and the flags never disagree about a hand-over.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from effortplanner.analysis.frames import duties, roster
from effortplanner.analysis.timeline_model import (NO_GROUP, UNASSIGNED, Bars, Ghost, Milestone, Person, TimelineData,
                                                   month_start, next_month, pack_lanes)
from effortplanner.analysis.window import (HI, LO, AnalysisWindow, analysis_window, day_date, day_number,
                                           day_numbers)
from effortplanner.core.plan import Plan

SPAN_LIMIT = 3650  # days before as-of / after the horizon the axis may reach for outlying dates


def _days(series: pd.Series) -> np.ndarray:
    return day_numbers(series, LO).astype(np.float64)


# --- the steps of `timeline_rows` -----------------------------------------------------------------
@dataclass
class _Spans:
    """Every assignment's drawn span in day numbers (before the axis origin is known)."""

    start: np.ndarray
    end: np.ndarray
    ongoing: np.ndarray
    x0: np.ndarray
    x1: np.ndarray
    fade_in: np.ndarray
    fade_out: np.ndarray


def assignment_spans(plan: Plan, owner_start: np.ndarray, a0: int, h1: int) -> _Spans:
    """Where each bar starts and ends, and where a fuzzy start or end fades (day numbers).

    A duty without a start begins at the later of the as-of date and its owner's start;
    an ongoing duty is drawn to the horizon (60 days when it starts after it)."""
    table = plan.assignments
    start = _days(table["start"])
    start = np.where(start == LO, np.maximum(a0, owner_start), start)
    s_lo, s_hi = _days(table["start_earliest"]), _days(table["start_latest"])
    s_lo = np.where(s_lo == LO, start, np.minimum(s_lo, start))
    s_hi = np.where(s_hi == LO, start, np.maximum(s_hi + 1, start))
    end = _days(table["end"]) + 1
    ongoing = end == LO + 1
    e_lo, e_hi = _days(table["end_earliest"]), _days(table["end_latest"]) + 1
    fallback_end = np.where(start < h1, h1, start + 60)
    end_drawn = np.where(ongoing, fallback_end, end)
    e_lo = np.where((e_lo == LO) | ongoing, end_drawn, np.minimum(e_lo, end_drawn))
    e_hi = np.where((e_hi == LO + 1) | ongoing, end_drawn, np.maximum(e_hi, end_drawn))
    x0 = np.minimum(s_lo, start)
    x1 = np.maximum(np.maximum(e_hi, end_drawn), x0 + 1)
    fade_in = np.clip(s_hi, x0, x1)
    fade_len = np.clip(0.25 * (x1 - x0), 20, 90)
    fade_out = np.where(ongoing, np.maximum(x1 - fade_len, x0), np.clip(e_lo, x0, x1))
    return _Spans(start, end, ongoing, x0, x1, fade_in, fade_out)


def axis_bounds(plan: Plan, spans: _Spans, p_start: np.ndarray, p_end: np.ndarray, a0: int,
                h1: int) -> tuple[date, int]:
    """The axis: whole months around as-of .. horizon, widened to outlying dates within SPAN_LIMIT.
    Returns its first day and its length in days."""
    dated = [spans.x0, spans.x1, p_start[p_start > LO], p_end[p_end < HI] + 1]
    m_days = _days(plan.milestones["date"])
    dated.append(m_days[m_days > LO])
    lo = min([float(a0)] + [float(np.min(d)) for d in dated if len(d)])
    hi = max([float(h1)] + [float(np.max(d)) for d in dated if len(d)])
    lo, hi = max(lo, a0 - SPAN_LIMIT), min(hi, h1 + SPAN_LIMIT)
    first = month_start(day_date(int(lo) - 1))
    last = next_month(day_date(int(hi) + 14))
    return first, day_number(last) - day_number(first)


def person_rows(plan: Plan, ros: pd.DataFrame, origin: int) -> dict[str | None, Person]:
    """One row per person with availability (start, contract end, their fuzzy ranges) on the axis."""
    people_t = plan.people
    p_start, p_end = ros["start_day"].to_numpy(), ros["end_day"].to_numpy()
    rows: dict[str | None, Person] = {}
    s_lo_p, s_hi_p = _days(people_t["start_earliest"]), _days(people_t["start_latest"])
    c_lo, c_hi = _days(people_t["contract_end_earliest"]), _days(people_t["contract_end_latest"])
    names, roles, groups = ros["name"].to_numpy(), ros["role"].to_numpy(), ros["group"].to_numpy()
    s_texts, e_texts, kinds = ros["start_text"].to_numpy(), ros["end_text"].to_numpy(), ros["end_kind"].to_numpy()
    e_cert = people_t["contract_end_certainty"].to_numpy(dtype=object)
    for i, pid in enumerate(ros.index):
        person = Person(pid, str(names[i]) or str(pid), str(roles[i]), str(groups[i]) or NO_GROUP,
                        start_text=str(s_texts[i]), end_text=str(e_texts[i]), open_ended=kinds[i] == "open",
                        end_certainty=str(e_cert[i] or ""))
        if p_start[i] > LO:
            person.start = float(p_start[i] - origin)
            if s_lo_p[i] > LO and s_hi_p[i] > s_lo_p[i]:
                person.start_range = (float(s_lo_p[i] - origin), float(s_hi_p[i] + 1 - origin))
        if p_end[i] < HI:
            person.end = float(p_end[i] + 1 - origin)
            if c_lo[i] > LO and c_hi[i] > c_lo[i]:
                person.end_range = (float(c_lo[i] - origin), float(c_hi[i] + 1 - origin))
        rows[pid] = person
    return rows


Covered = dict[int, list[tuple[float, float, str]]]


def inherited_rows(held: pd.DataFrame | None, rows: dict[str | None, Person], index: dict[str, int],
                   duty_text: list[str], vo: list[str], rel: "_Rel") -> Covered:
    """Ghost bars for the duties each person inherits (one per leaver and stretch), added to
    their rows; returns, per bar, the stretches a successor covers: (x0, x1, holder name)."""
    covered: Covered = {}
    if held is None or not len(held):
        return covered
    inh = held[held["inherited"].to_numpy(dtype=bool)]
    hs = rel(inh["start_day"].to_numpy(dtype=float))
    he = rel(inh["end_day"].to_numpy(dtype=float) + 1)
    groups: dict[tuple[object, object, float, float], list[str]] = {}
    for aid, holder, own, s, e in zip(inh["assignment"], inh["person"], inh["owner"], hs, he):
        covered.setdefault(index[aid], []).append((s, e, rows[holder].name if holder in rows else str(holder)))
        if holder in rows:
            groups.setdefault((holder, own, s, e), []).append(aid)
    for (holder, own, s, e), aids in groups.items():
        who = rows[own].name.split()[0] if own in rows else str(own)
        first_duty = duty_text[index[aids[0]]] or vo[index[aids[0]]] or "duty"
        label = f"{who}'s {first_duty}" if len(aids) == 1 else f"{who}'s {len(aids)} duties: {first_duty}, …"
        rows[str(holder)].ghosts.append(Ghost(tuple(aids), rows[str(own)].name if own in rows else str(own),
                                         float(s), float(e), label="⇢ " + label))
    return covered


def overflow_spans(persons: list[str | None], rows: dict[str | None, Person], bx0: np.ndarray, bx1: np.ndarray,
                   covered: Covered) -> dict[int, list[tuple[float, float, str]]]:
    """The part of each bar past its owner's contract end, split by who covers it ('' = nobody)."""
    overflow: dict[int, list[tuple[float, float, str]]] = {}
    for i, pid in enumerate(persons):
        person = rows[pid]
        if pid is None or person.end is None or bx1[i] <= person.end:
            continue
        pieces: list[tuple[float, float, str]] = []
        cursor = max(person.end, float(bx0[i]))
        for s, e, who in sorted(covered.get(i, [])):
            s, e = max(s, cursor), min(e, float(bx1[i]))
            if e <= s:
                continue
            if s > cursor:
                pieces.append((cursor, s, ""))
            pieces.append((s, e, who))
            cursor = e
        if cursor < bx1[i]:
            pieces.append((cursor, float(bx1[i]), ""))
        overflow[i] = pieces
    return overflow


def assign_lanes(rows: dict[str | None, Person], bx0: np.ndarray, bx1: np.ndarray) -> np.ndarray:
    """Lane of every bar (bars and ghost bars of one row never overlap); sets each row's lane count."""
    lane = np.zeros(len(bx0), dtype=np.int64)
    for person in rows.values():
        spans = [(float(bx0[i]), float(bx1[i])) for i in person.bars] + [(g.x0, g.x1) for g in person.ghosts]
        lanes = pack_lanes(spans)
        for k, i in enumerate(person.bars):
            lane[i] = lanes[k]
        for k, ghost in enumerate(person.ghosts):
            ghost.lane = lanes[len(person.bars) + k]
        person.lanes = max(lanes, default=-1) + 1
    return lane


def load_rows(load: pd.DataFrame | None, rows: dict[str | None, Person], rel: "_Rel") -> None:
    """Each row's load strip: (x0, x1, load, capacity) steps and the peak load / capacity."""
    if load is None or not len(load):
        return
    ls = rel(day_numbers(load["start"], LO).astype(float))
    le = rel(day_numbers(load["end"], LO).astype(float))
    for pid, s, e, value, cap in zip(load["person"], ls, le, load["load"].to_numpy(float),
                                     load["capacity"].to_numpy(float)):
        if pid in rows and value > 1e-9:
            person = rows[pid]
            person.load.append((float(s), float(e), float(value), float(cap)))
            person.peak = max(person.peak, value / cap if cap > 0 else 9.99)


class _Rel:
    """Day numbers to axis x, clipped to a band around the axis."""

    def __init__(self, origin: int, n_days: int) -> None:
        self.origin, self.n_days = origin, n_days

    def __call__(self, a: np.ndarray) -> np.ndarray:
        return np.clip(a - self.origin, -SPAN_LIMIT, self.n_days + SPAN_LIMIT)


def timeline_rows(plan: Plan, held: pd.DataFrame | None = None, load: pd.DataFrame | None = None,
                  window: AnalysisWindow | None = None) -> TimelineData:
    """Everything the timeline draws for one plan state, in `window` (the analysis's; when not given,
    the plan's window as of today: `analysis_window`).

    `held` is the analysis context's holder segments (day numbers, end inclusive) and
    `load` the person load (`load.person_load`); without them no hand-overs or load show."""
    window = window or analysis_window(plan)
    as_of, horizon = window.as_of, window.horizon
    a0, h1 = day_number(as_of), day_number(horizon) + 1
    ros, duty = roster(plan), duties(plan)
    p_start, p_end = ros["start_day"].to_numpy(), ros["end_day"].to_numpy()
    owner = duty["person"].to_numpy(dtype=object)
    opos = ros.index.get_indexer(pd.Index(owner, dtype=object)).astype(np.int64)
    owner_start = np.where(opos >= 0, p_start[np.maximum(opos, 0)], LO) if len(opos) else np.zeros(0)
    spans = assignment_spans(plan, owner_start, a0, h1)
    first, n_days = axis_bounds(plan, spans, p_start, p_end, a0, h1)
    origin = day_number(first)
    rel = _Rel(origin, n_days)

    rows = person_rows(plan, ros, origin)
    ids = [str(i) for i in plan.assignments.index.tolist()]
    persons: list[str | None] = [o if o in rows else None for o in owner]
    if any(p is None for p in persons):
        rows[None] = Person(None, "Unassigned duties", group=UNASSIGNED)
    for i, pid in enumerate(persons):
        rows[pid].bars.append(i)

    fte = pd.to_numeric(plan.assignments["fte"], errors="coerce").to_numpy(dtype=float)
    missing = duty["fte_missing"].to_numpy(dtype=bool)
    shown_fte = np.where(np.isnan(fte), np.where(missing, np.nan, duty["fte"].to_numpy(dtype=float)), fte)
    vo = [str(v) for v in duty["vo"]]
    duty_text = [str(d) for d in duty["duty"]]
    index = {aid: i for i, aid in enumerate(ids)}
    covered = inherited_rows(held, rows, index, duty_text, vo, rel)
    bx0, bx1 = rel(spans.x0), rel(spans.x1)
    overflow = overflow_spans(persons, rows, bx0, bx1, covered)
    lane = assign_lanes(rows, bx0, bx1)
    load_rows(load, rows, rel)

    percent = [" (FTE ?)" if m else f" {f * 100:.0f}%" for f, m in zip(shown_fte.tolist(), missing.tolist())]
    labels = [(d or (f"{v} — no duty given" if v else "no duty given")) + pc
              for d, v, pc in zip(duty_text, vo, percent)]
    bars = Bars(ids, persons, bx0, bx1, rel(spans.start), np.where(spans.ongoing, np.nan, rel(spans.end)),
                rel(spans.fade_in), rel(spans.fade_out), spans.ongoing, duty["estimated"].to_numpy(dtype=bool), lane,
                vo, duty_text, shown_fte, labels, overflow)
    milestones = milestone_rows(plan, rows, origin)
    counts = pd.Series(vo).value_counts() if vo else pd.Series(dtype=int)
    vos = sorted((v for v in counts.index if v), key=str.casefold) + ([""] if "" in counts.index else [])
    settings = plan.settings
    return TimelineData(as_of, horizon, first, n_days, settings.fy_start_month, settings.fy_start_day, rows, bars,
                        milestones, vos, index)


def milestone_rows(plan: Plan, rows: dict[str | None, Person], origin: int) -> list[Milestone]:
    """Dated milestones on the axis with their fuzzy range [lo, hi) and owner's name, in date order."""
    table = plan.milestones
    value, lo, hi = _days(table["date"]), _days(table["date_earliest"]), _days(table["date_latest"])
    out = []
    for i, mid in enumerate(table.index):
        if value[i] == LO:
            continue
        low = lo[i] if lo[i] > LO else value[i]
        high = hi[i] + 1 if hi[i] > LO else value[i] + 1
        owner = table.at[mid, "owner"]
        known = owner is not None and owner in rows
        out.append(Milestone(str(mid), str(table.at[mid, "name"]), float(value[i] - origin), float(low - origin),
                             float(high - origin), str(table.at[mid, "date_text"] or ""),
                             rows[owner].name if known else "", str(owner) if known else None))
    out.sort(key=lambda m: (m.x, m.mid))
    return out
