"""Everything the analyses share for one plan and one window, computed once.

`compute_flags` and the load functions all start from a `Context`: the typed roster
and duties, the window as day numbers, and who holds each duty when (with FTEs).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property
from operator import attrgetter

import numpy as np
import pandas as pd

from effortplanner.core.plan import Note, Plan
from effortplanner.analysis.frames import duties, frame, roster
from effortplanner.analysis.succession import Succession, follow
from effortplanner.analysis.window import day_number, plan_window


@dataclass(frozen=True)
class Context:
    plan: Plan
    as_of: date
    horizon: date
    first: int  # as_of as a day number
    last: int  # horizon as a day number (inclusive)
    people: pd.DataFrame  # frames.roster
    duty: pd.DataFrame  # frames.duties
    succession: Succession
    held: pd.DataFrame  # segments with fte, estimated, vo, activity, group; end_day inclusive
    held_row: np.ndarray  # per held row, the assignment's position in `duty` (no id lookups later)
    held_code: np.ndarray  # per held row, the holder's position in `people`

    def notes(self, kind: str) -> list[Note]:
        """The plan's import notes of one kind (the flag rules read three kinds of a list that
        holds thousands of notes: their kinds are read once)."""
        at = np.flatnonzero(self._note_kinds == kind)
        notes = self.plan.notes
        return [notes[i] for i in at.tolist()]

    @cached_property
    def _note_kinds(self) -> np.ndarray:
        kinds = np.empty(len(self.plan.notes), dtype=object)
        kinds[:] = list(map(attrgetter("kind"), self.plan.notes))
        return kinds


def build(plan: Plan, as_of: date | None = None, horizon: date | None = None) -> Context:
    """The shared computations for `plan` over [as_of, horizon] (defaults as in plan_window)."""
    start, end = plan_window(plan, as_of, horizon)
    first, last = day_number(start), day_number(end)
    people = roster(plan)
    duty = duties(plan)
    succession = follow(duty, people, first, last, plan.assignments)
    seg = succession.segments
    where = seg["row"].to_numpy(dtype=np.int64)
    holder_pos = seg["holder_pos"].to_numpy(dtype=np.int64)
    held = frame({
        "assignment": seg["assignment"].to_numpy(dtype=object),
        "person": seg["holder"].to_numpy(dtype=object),
        "owner": duty["person"].to_numpy(dtype=object)[where],
        "link": seg["link"].to_numpy(dtype=np.int64),
        "inherited": seg["link"].to_numpy() > 0,
        "start_day": seg["start_day"].to_numpy(dtype=np.int64),
        "end_day": seg["end_day"].to_numpy(dtype=np.int64),
        "fte": duty["fte"].to_numpy()[where],
        "estimated": duty["estimated"].to_numpy()[where],
        "vo": duty["vo"].to_numpy(dtype=object)[where],
        "activity": duty["activity"].to_numpy(dtype=object)[where],
        "duty": duty["duty"].to_numpy(dtype=object)[where],
        "group": people["group"].to_numpy(dtype=object)[holder_pos],
    })
    return Context(plan, start, end, first, last, people, duty, succession, held, where, holder_pos)
