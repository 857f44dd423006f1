"""A plan as a project: people as resources, a summary task per VO, each assignment a task.

What a project tool has no field for is written as a line in the task's notes (an
ongoing duty ends at the horizon, an estimated FTE, a duty nobody does), and those
lines are read back, so a plan exported and imported again is the same plan.
"""

from __future__ import annotations

import math
from datetime import date

import pandas as pd

from effortplanner.analysis.window import plan_window
from effortplanner.core.plan import Plan
from effortplanner.core.values import as_text
from effortplanner.io.project.model import (ESTIMATED, FTE_REQUIRED, NO_DATE, NO_FTE, NO_START, ONGOING, PLACEHOLDER,
                                            UNASSIGNED, Allocation, ProjectData, Resource, Task)

ACTIVITIES_SUMMARY, MILESTONES_SUMMARY = "Activities", "Milestones"


def _day(value: object) -> date | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return pd.Timestamp(value).date()


def _number(value: object) -> float | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    return None


def _notes(*parts: str) -> str:
    return "\n".join(p.strip() for p in parts if p and p.strip())


class _Builder:
    def __init__(self, plan: Plan) -> None:
        self.as_of, self.horizon = plan_window(plan)
        self.data = ProjectData("Effort Planner", start=self.as_of, finish=self.horizon)
        self.next_uid = 1

    def task(self, name: str, start: date | None, end: date | None, notes: list[str], parent: str | None = None,
             summary: bool = False, milestone: bool = False, vo: str = "") -> Task:
        """A task whose missing dates become the plan window's, with a line saying so."""
        lines = list(notes)
        if start is None:
            start = self.as_of if end is None or end >= self.as_of else end
            lines.append(NO_DATE if milestone else NO_START)
        if end is None and not milestone:
            end = max(self.horizon, start)
            lines.append(ONGOING)
        if milestone or end is None:
            end = start
        if end < start:
            end = start  # a duty that ends before it starts (flagged in the plan) becomes one day long
        task = Task(str(self.next_uid), name, row=self.next_uid, start=start, finish=end, summary=summary,
                    milestone=milestone, notes=_notes(*lines), parent=parent, vo=vo)
        self.next_uid += 1
        self.data.tasks.append(task)
        return task

    def summary(self, name: str) -> Task:
        return self.task(name, self.as_of, self.horizon, [], summary=True)

    def close_summaries(self) -> None:
        """Each summary task spans its children, as project tools compute it."""
        children: dict[str, list[Task]] = {}
        for task in self.data.tasks:
            if task.parent:
                children.setdefault(task.parent, []).append(task)
        for task in self.data.tasks:
            kids = children.get(task.uid)
            if task.summary and kids:
                task.start = min(k.start for k in kids if k.start)
                task.finish = max(k.finish for k in kids if k.finish)


def plan_to_project(plan: Plan) -> ProjectData:
    """The plan in the shape both project formats are written from."""
    builder = _Builder(plan)
    data = builder.data
    resource_of: dict[str, str] = {}
    for number, (person_id, row) in enumerate(plan.people.iterrows(), start=1):
        capacity = _number(row.get("capacity_fte"))
        data.resources.append(Resource(str(number), as_text(row.get("name")), row=number,
                                       group=as_text(row.get("group")), role=as_text(row.get("role")),
                                       capacity=1.0 if capacity is None else capacity, start=_day(row.get("start")),
                                       end=_day(row.get("contract_end")),
                                       notes=_notes(as_text(row.get("notes")),
                                                    PLACEHOLDER if row.get("placeholder") is True else "")))
        resource_of[str(person_id)] = str(number)
    summaries: dict[str, Task] = {}
    for _id, row in plan.assignments.iterrows():
        vo = as_text(row.get("vo"))
        parent = None
        if vo:
            if vo not in summaries:
                summaries[vo] = builder.summary(vo)
            parent = summaries[vo].uid
        fte = _number(row.get("fte"))
        person = resource_of.get(as_text(row.get("person")))
        lines = [as_text(row.get("notes")), ESTIMATED if row.get("fte_estimated") is True and fte is not None else "",
                 NO_FTE if fte is None else "", UNASSIGNED if person is None else "",
                 f"{FTE_REQUIRED}{fte:g}" if person is None and fte is not None else ""]
        task = builder.task(as_text(row.get("duty")), _day(row.get("start")), _day(row.get("end")), lines,
                            parent=parent, vo=vo)
        if person is not None:
            data.allocations.append(Allocation(task.uid, person, fte or 0.0, task.start, task.finish))
    if len(plan.activities):
        parent = builder.summary(ACTIVITIES_SUMMARY).uid
        for _id, row in plan.activities.iterrows():
            required = _number(row.get("fte_required"))
            lines = [as_text(row.get("notes")), f"{FTE_REQUIRED}{required:g}" if required is not None else ""]
            builder.task(as_text(row.get("name")), _day(row.get("start")), _day(row.get("end")), lines, parent=parent)
    if len(plan.milestones):
        parent = builder.summary(MILESTONES_SUMMARY).uid
        for _id, row in plan.milestones.iterrows():
            task = builder.task(as_text(row.get("name")), _day(row.get("date")), None, [as_text(row.get("notes"))],
                                parent=parent, milestone=True)
            owner = resource_of.get(as_text(row.get("owner")))
            if owner is not None:
                data.allocations.append(Allocation(task.uid, owner, 0.0, task.start, task.finish))
    builder.close_summaries()
    return data
