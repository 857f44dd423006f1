"""The timeline's geometry, free of Qt: zoom levels, snapping, and the rows' order and height
(the rows' lanes come packed from `analysis.snapshot`).

Scene units: x is days since the axis's first day, y is pixels. The view scales x by
the zoom (pixels per day) and leaves y alone, so zooming never moves a row.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from effortplanner.analysis.snapshot import month_start, next_month

# (key, label, pixels per day)
LEVELS: tuple[tuple[str, str, float], ...] = (
    ("weeks", "Weeks", 16.0),
    ("months", "Months", 3.6),
    ("quarters", "Quarters", 1.1),
    ("years", "Fiscal years", 0.32),
)
MIN_PPD, MAX_PPD = 0.05, 60.0
SNAP_UNIT = {"weeks": "day", "months": "half-month", "quarters": "month", "years": "quarter"}
SORTS: tuple[tuple[str, str], ...] = (("group", "Group"), ("name", "Name"), ("contract_end", "Contract end"),
                                      ("load", "Load"))

LANE_H = 14  # one lane of bars
BAR_H = 12
ROW_TOP = 2
STRIP_H = 5  # the load strip under a person's lanes
ROW_BOTTOM = 3
GROUP_H = 20
EMPTY_ROW_H = 20  # a person with no duties: name and load strip only


def ppd_of(level: str) -> float:
    return next(p for k, _, p in LEVELS if k == level)


def nearest_level(ppd: float) -> str:
    """The named zoom level closest to a scale (on a log scale)."""
    return min(LEVELS, key=lambda lv: abs(math.log(lv[2] / max(ppd, 1e-9))))[0]


def clamp_ppd(ppd: float) -> float:
    return min(max(ppd, MIN_PPD), MAX_PPD)


# --- dates ------------------------------------------------------------------------------------
def add_months(day: date, months: int) -> date:
    year, month = divmod(day.month - 1 + months, 12)
    return date(day.year + year, month + 1, 1)


def _candidates(day: date, unit: str, fy_start_month: int) -> list[date]:
    if unit == "day":
        return [day]
    if unit == "week":
        monday = day - timedelta(days=day.weekday())
        return [monday, monday + timedelta(days=7)]
    first = month_start(day)
    if unit == "half-month":
        return [first, first.replace(day=16), next_month(day)]
    if unit == "month":
        return [first, next_month(day)]
    # quarter: months fy_start_month, +3, +6, +9
    back = (day.month - fy_start_month) % 3
    q = add_months(first, -back)
    return [q, add_months(q, 3)]


def snap(day: date, level: str, fy_start_month: int = 10) -> date:
    """The boundary nearest to `day` at a zoom level: a day, half-month, month or fiscal quarter."""
    unit = SNAP_UNIT.get(level, "day")
    return min(_candidates(day, unit, fy_start_month), key=lambda c: (abs((c - day).days), c))


def step(level: str) -> str:
    return SNAP_UNIT.get(level, "day")


def person_height(lanes: int) -> int:
    return ROW_TOP + LANE_H * lanes + STRIP_H + ROW_BOTTOM if lanes > 0 else EMPTY_ROW_H


def lane_y(lane: int) -> float:
    """Top of a bar in its row."""
    return ROW_TOP + lane * LANE_H + (LANE_H - BAR_H) / 2


def strip_y(lanes: int) -> float:
    return ROW_TOP + LANE_H * lanes if lanes > 0 else EMPTY_ROW_H - STRIP_H - ROW_BOTTOM


# --- rows -------------------------------------------------------------------------------------
class RowSource(Protocol):
    pid: str | None
    name: str
    group: str
    end: float | None
    peak: float
    lanes: int


@dataclass
class Row:
    kind: str  # "group" | "person"
    key: str | None  # group name, or person id (None: unassigned duties)
    group: str
    y: float
    height: float
    count: int = 0  # people in a group
    collapsed: bool = False


def _sort_key(sort: str, p: RowSource) -> tuple[object, ...]:
    unassigned = p.pid is None
    name = p.name.casefold()
    if sort == "contract_end":
        return (unassigned, p.end is None, p.end if p.end is not None else 0.0, name)
    if sort == "load":
        return (unassigned, -p.peak, name)
    return (unassigned, name)


def group_order(people: Iterable[RowSource], duties: dict[str, int]) -> list[str]:
    """Groups with the most duties first; '(no group)'-style groups after named ones of equal weight."""
    groups = {p.group for p in people}
    return sorted(groups, key=lambda g: (-duties.get(g, 0), g.startswith("("), g.casefold()))


def arrange(people: Iterable[RowSource], sort: str = "group", collapsed: Iterable[str] = (),
            group_order: Sequence[str] = ()) -> list[Row]:
    """Rows top to bottom. `sort`='group' groups people under collapsible group rows
    (groups in `group_order`, then by name; names inside); other sorts list people flat.
    The unassigned duties always come last."""
    folded = set(collapsed)
    people = list(people)
    rows: list[Row] = []
    y = 0.0
    if sort != "group":
        for p in sorted(people, key=lambda p: _sort_key(sort, p)):
            rows.append(Row("person", p.pid, p.group, y, person_height(p.lanes)))
            y += rows[-1].height
        return rows
    groups: dict[str, list[RowSource]] = {}
    for p in people:
        groups.setdefault(p.group, []).append(p)
    rank = {g: i for i, g in enumerate(group_order)}
    def rank_of(g: str) -> tuple[object, ...]:
        unassigned = any(p.pid is None for p in groups[g])
        return (unassigned, rank.get(g, len(rank)), g.startswith("("), g.casefold())

    for group in sorted(groups, key=rank_of):
        members = sorted(groups[group], key=lambda p: _sort_key("name", p))
        rows.append(Row("group", group, group, y, GROUP_H, len(members), group in folded))
        y += GROUP_H
        if group in folded:
            continue
        for p in members:
            rows.append(Row("person", p.pid, group, y, person_height(p.lanes)))
            y += rows[-1].height
    return rows


def total_height(rows: Sequence[Row]) -> float:
    return rows[-1].y + rows[-1].height if rows else 0.0


def row_at(rows: Sequence[Row], y: float) -> Row | None:
    """The row under a scene y (rows sorted by y, as `arrange` returns them)."""
    if not rows or y < 0:
        return None
    i = bisect.bisect_right([r.y for r in rows], y) - 1
    if i < 0:
        return None
    row = rows[i]
    return row if y < row.y + row.height else None


def visible_range(ys: Sequence[float], y0: float, y1: float) -> range:
    """Indices of the rows that overlap [y0, y1]; `ys` is [r.y for r in rows] (kept by the caller)."""
    return range(max(bisect.bisect_right(ys, y0) - 1, 0), bisect.bisect_right(ys, y1))


def rows_between(rows: Sequence[Row], ys: Sequence[float], y0: float, y1: float) -> Sequence[Row]:
    """Rows that overlap [y0, y1]."""
    span = visible_range(ys, y0, y1)
    return rows[span.start:span.stop]


def lane_at(local_y: float, lanes: int) -> int | None:
    """The lane under a y inside a person row, or None (the strip or the padding)."""
    lane = int((local_y - ROW_TOP) // LANE_H)
    return lane if local_y >= ROW_TOP and 0 <= lane < lanes else None


# --- the calendar: header tiers and grid lines --------------------------------------------------
def tiers(ppd: float) -> tuple[str, str]:
    """(upper, lower) header units at a scale: month/week, FY/month or FY/quarter."""
    if ppd >= 8.0:
        return "month", "week"
    if ppd >= 1.6:
        return "fy", "month"
    return "fy", "quarter"


def _unit_start(day: date, unit: str, fy_start_month: int) -> date:
    if unit == "week":
        return day - timedelta(days=day.weekday())
    if unit == "month":
        return month_start(day)
    if unit == "year":
        return date(day.year, 1, 1)
    span = 3 if unit == "quarter" else 12
    back = (day.month - fy_start_month) % span
    return add_months(month_start(day), -back)


def _unit_next(day: date, unit: str) -> date:
    if unit == "week":
        return day + timedelta(days=7)
    return add_months(day, {"month": 1, "quarter": 3, "fy": 12, "year": 12}[unit])


def ticks(first: date, unit: str, x_lo: float, x_hi: float, fy_start_month: int = 10) -> list[tuple[float, date]]:
    """Unit boundaries as (x, date) from the one at or before x_lo to the first after x_hi."""
    lo = first + timedelta(days=int(math.floor(max(x_lo, -36500))))
    day = _unit_start(lo, unit, fy_start_month)
    out: list[tuple[float, date]] = []
    while True:
        x = float((day - first).days)
        out.append((x, day))
        if x > x_hi or len(out) > 5000:
            return out
        day = _unit_next(day, unit)


def grid(first: date, x_lo: float, x_hi: float, ppd: float, fy_start_month: int = 10) -> list[tuple[float, bool]]:
    """Vertical grid lines (x, major) at the header's lower and upper units."""
    upper, lower = tiers(ppd)
    majors = {x for x, _ in ticks(first, upper, x_lo, x_hi, fy_start_month)}
    out = [(x, x in majors) for x, _ in ticks(first, lower, x_lo, x_hi, fy_start_month)]
    return out + [(x, True) for x in majors if x not in {p for p, _ in out}]


def fiscal_label(day: date, fy_start_month: int = 10) -> str:
    """'FY17' for the fiscal year starting on `day` (US federal: it ends in 2017)."""
    end_year = day.year + (1 if fy_start_month > 1 else 0)
    return f"FY{end_year % 100:02d}"


def quarter_of(day: date, fy_start_month: int = 10) -> int:
    return (day.month - fy_start_month) % 12 // 3 + 1
