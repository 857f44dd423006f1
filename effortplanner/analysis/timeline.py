"""What the timeline shows, read from a plan: bars, inherited duties, contract ends, load rows.

Pure functions (no Qt): the window's timeline paints what `timeline_rows` returns, via
`analysis.snapshot`. Positions are *x* = days since the axis's first day (floats), so the
view can scale time with one transform. Every end is exclusive here (the first day not
covered), as in the analysis frames; the plan's inclusive end dates get +1 day on the way in.

Who holds a duty after its owner leaves comes from the analysis context's `held`
segments, so the timeline and the flags never disagree about a hand-over.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from effortplanner.analysis.frames import duties, roster
from effortplanner.analysis.window import HI, LO, day_date, day_number, day_numbers, plan_window
from effortplanner.core.plan import Plan

UNASSIGNED = "(unassigned)"
NO_GROUP = "(no group)"
SPAN_LIMIT = 3650  # days before as-of / after the horizon the axis may reach for outlying dates


@dataclass
class Ghost:
    """Duties a person inherits from a leaver, as one bar per (owner, stretch)."""

    aids: tuple[str, ...]
    owner: str  # name of the leaver
    x0: float
    x1: float
    lane: int = 0
    label: str = ""


@dataclass
class Person:
    """One row: a person (or the unassigned duties) with availability, duties and load."""

    pid: str | None
    name: str
    role: str = ""
    group: str = NO_GROUP
    start: float | None = None  # first day there (x); None: was there before the axis
    start_range: tuple[float, float] | None = None  # fuzzy start: [earliest, latest + 1)
    start_text: str = ""
    end: float | None = None  # first day *after* the contract (x); None: no end
    end_range: tuple[float, float] | None = None
    end_text: str = ""
    end_certainty: str = ""
    open_ended: bool = False  # "Permanent position"
    bars: list[int] = field(default_factory=list)  # indices into TimelineData.bars
    ghosts: list[Ghost] = field(default_factory=list)
    lanes: int = 1
    load: list[tuple[float, float, float, float]] = field(default_factory=list)  # x0, x1, load, capacity
    peak: float = 0.0  # highest load / capacity


@dataclass
class Bars:
    """One entry per assignment, as columns (index i is the i-th assignment of the plan)."""

    ids: list[str]
    person: list[str | None]
    x0: np.ndarray  # left edge drawn (earliest start)
    x1: np.ndarray  # right edge drawn (exclusive; horizon for an ongoing duty)
    start: np.ndarray  # the start the plan uses
    end: np.ndarray  # the end the plan uses (exclusive); NaN when ongoing
    fade_in: np.ndarray  # x where a fuzzy start is fully certain (== x0 when exact)
    fade_out: np.ndarray  # x where a fuzzy end or an ongoing duty starts fading (== x1 when neither)
    ongoing: np.ndarray
    estimated: np.ndarray
    lane: np.ndarray
    vo: list[str]
    duty: list[str]
    fte: np.ndarray
    label: list[str]
    overflow: dict[int, list[tuple[float, float, str]]]  # past the owner's contract end: x0, x1, holder name

    def __len__(self) -> int:
        return len(self.ids)


@dataclass
class Milestone:
    mid: str
    name: str
    x: float
    lo: float
    hi: float  # fuzzy range [lo, hi)
    text: str
    owner: str


@dataclass
class TimelineData:
    as_of: date
    horizon: date
    first: date  # the axis's first day (x = 0)
    days: int  # the axis's length in days
    fy_start_month: int
    fy_start_day: int
    people: dict[str | None, Person]
    bars: Bars
    milestones: list[Milestone]
    vos: list[str]  # legend order
    index: dict[str, int]  # assignment id -> bar index

    def x(self, day: date) -> float:
        return float(day_number(day) - day_number(self.first))

    def day(self, x: float) -> date:
        return day_date(day_number(self.first) + int(np.floor(x + 1e-9)))

    @property
    def as_of_x(self) -> float:
        return self.x(self.as_of)

    @property
    def horizon_x(self) -> float:
        return self.x(self.horizon) + 1.0

    def person_of(self, aid: str) -> str | None:
        return self.bars.person[self.index[aid]]


def _days(series: pd.Series) -> np.ndarray:
    return day_numbers(series, LO).astype(np.float64)


# --- lanes and months (the axis is whole months) ------------------------------------------------
def pack_lanes(spans: Sequence[tuple[float, float]]) -> list[int]:
    """Lane per span so that spans in one lane never overlap (greedy by start; ties keep order)."""
    order = sorted(range(len(spans)), key=lambda i: spans[i][0])
    ends: list[float] = []
    out = [0] * len(spans)
    for i in order:
        start, end = spans[i]
        for lane, last in enumerate(ends):
            if last <= start:
                ends[lane] = end
                out[i] = lane
                break
        else:
            out[i] = len(ends)
            ends.append(end)
    return out


def month_start(day: date) -> date:
    return date(day.year, day.month, 1)


def next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


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


def _window(plan: Plan) -> tuple[date, date]:
    try:
        return plan_window(plan)
    except ValueError:  # horizon before as-of: show the plan, not an analysis of it
        as_of = plan.settings.as_of or date.today()
        return as_of, as_of


def timeline_rows(plan: Plan, held: pd.DataFrame | None = None, load: pd.DataFrame | None = None) -> TimelineData:
    """Everything the timeline draws for one plan state.

    `held` is the analysis context's holder segments (day numbers, end inclusive) and
    `load` the person load (`load.person_load`); without them no hand-overs or load show."""
    as_of, horizon = _window(plan)
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
        out.append(Milestone(str(mid), str(table.at[mid, "name"]), float(value[i] - origin), float(low - origin),
                             float(high - origin), str(table.at[mid, "date_text"] or ""),
                             rows[owner].name if owner is not None and owner in rows else ""))
    out.sort(key=lambda m: (m.x, m.mid))
    return out


def changed_people(old: TimelineData, new: TimelineData) -> set[str | None]:
    """Rows whose items differ between two states of the plan (same axis): people added or removed,
    availability, load, hand-overs, or any bar's geometry, colour, hatching or red part.
    Names, roles, groups and label texts are read at paint time and need no rebuild."""
    changed: set[str | None] = set(old.people) ^ set(new.people)
    for pid in set(old.people) & set(new.people):
        a, b = old.people[pid], new.people[pid]
        if (a.lanes, a.start, a.start_range, a.end, a.end_range, a.load) != \
                (b.lanes, b.start, b.start_range, b.end, b.end_range, b.load) or \
                ((a.ghosts or b.ghosts) and [(g.aids, g.x0, g.x1, g.lane) for g in a.ghosts]
                 != [(g.aids, g.x0, g.x1, g.lane) for g in b.ghosts]):
            changed.add(pid)
    ob, nb = old.bars, new.bars
    same_order = ob.ids == nb.ids  # the usual case after an edit: no bar added, removed or moved
    if same_order:
        pos = np.arange(len(nb.ids), dtype=np.int64)
    else:
        pos = pd.Index(ob.ids, dtype=object).get_indexer(pd.Index(nb.ids, dtype=object)).astype(np.int64)  # -1: new
    p = np.maximum(pos, 0)
    if len(ob) == 0:
        differs = np.ones(len(nb), dtype=bool)
    else:
        differs = (pos < 0) | (ob.x0[p] != nb.x0) | (ob.x1[p] != nb.x1) | (ob.lane[p] != nb.lane) \
            | (ob.fade_in[p] != nb.fade_in) | (ob.fade_out[p] != nb.fade_out) | (ob.estimated[p] != nb.estimated)
        for was, now in ((ob.vo, nb.vo), (ob.person, nb.person)):
            if not (same_order and was == now):  # equal lists: compared in C, no arrays built
                differs |= np.array(was, dtype=object)[p] != np.array(now, dtype=object)
    for i in np.flatnonzero(differs).tolist():
        changed.add(nb.person[i])
        if pos[i] >= 0:
            changed.add(ob.person[pos[i]])
    for i in set(nb.overflow) | {new.index[ob.ids[j]] for j in ob.overflow if ob.ids[j] in new.index}:
        before = ob.overflow.get(int(pos[i])) if pos[i] >= 0 else None
        if before != nb.overflow.get(i):
            changed.add(nb.person[i])
    for aid in (set(old.index) - set(new.index)) if not same_order else ():
        changed.add(ob.person[old.index[aid]])
    return changed
