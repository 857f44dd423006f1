"""What the timeline draws, as data: rows of people with their bars, ghosts, load and milestones.

Built by `analysis.timeline.timeline_rows` (pure, no Qt) and read by the window's timeline
through `analysis.snapshot`. Positions are *x* = days since the axis's first day (floats);
every end is exclusive (the first day not covered). The axis is whole months
(`month_start`, `next_month`); bars of one row share lanes so that they never overlap
(`pack_lanes`, used again when a filter narrows a row).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from effortplanner.analysis.window import day_date, day_number

UNASSIGNED = "(unassigned)"
NO_GROUP = "(no group)"


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
    owner: str  # the owner's name ("" when none)
    owner_id: str | None = None  # the owner's row (people id), so a filter can follow it


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
