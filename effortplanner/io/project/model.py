"""A project file as both formats see it: resources, tasks, allocations, and what a plan cannot hold.

MS Project XML and GanttProject are read into this one shape and written from it, so
the mapping to a plan (people, assignments, activities, milestones) is written once.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

# Lines this application writes into task and resource notes, and recognises when reading
# its own files back: what a project tool has no field for.
ONGOING = "Ongoing duty: no end date in the plan; shown ending at the plan horizon."
NO_START = "No start date in the plan; shown starting at the plan's as-of date."
NO_DATE = "No date in the plan; shown at the plan's as-of date."
ESTIMATED = "FTE estimated (not stated in the source)."
NO_FTE = "No FTE in the plan."
UNASSIGNED = "Unassigned duty: nobody does it in the plan."
PLACEHOLDER = "Placeholder: a role still to be filled."
FTE_REQUIRED = "FTE required: "
MARKERS = (ONGOING, NO_START, NO_DATE, ESTIMATED, NO_FTE, UNASSIGNED, PLACEHOLDER)
FAR_FUTURE_YEAR = 2049  # MS Project's "NA" availability ends on 2049-12-31


@dataclass
class Resource:
    """A person (or a role) the project books."""

    uid: str
    name: str
    row: int = 0  # the ID a user sees, 1-based
    group: str = ""
    role: str = ""
    capacity: float | None = None  # 1.0 = full time
    start: date | None = None
    end: date | None = None  # availability end: the contract end
    notes: str = ""
    inactive: bool = False
    absences: list[tuple[date, date]] = field(default_factory=list)


@dataclass
class Task:
    """A line of the Gantt chart: a summary, a piece of work or a milestone."""

    uid: str
    name: str
    row: int = 0
    start: date | None = None
    finish: date | None = None
    summary: bool = False
    milestone: bool = False
    notes: str = ""
    parent: str | None = None  # uid of the enclosing task
    vo: str = ""  # a custom field named VO, Project or Experiment, where one is


@dataclass
class Allocation:
    """A resource booked on a task at a share of their time."""

    task: str
    resource: str
    units: float | None  # 1.0 = 100%
    start: date | None = None
    finish: date | None = None


@dataclass
class ProjectData:
    """One project file's content, in the terms both formats share."""

    format: str  # "MS Project XML" | "GanttProject"
    name: str = ""
    start: date | None = None
    finish: date | None = None
    resources: list[Resource] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    allocations: list[Allocation] = field(default_factory=list)
    left_out: Counter[str] = field(default_factory=Counter)  # what a plan cannot hold, counted
    quirks: list[str] = field(default_factory=list)  # oddities read past, for the notes


def day_of(text: str | None, finish: bool = False) -> date | None:
    """A date from an ISO date or date-time; a finish at midnight is the end of the day before."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if finish and (moment.hour, moment.minute, moment.second) == (0, 0, 0) and "T" in text:
        return date.fromordinal(moment.toordinal() - 1) if moment.toordinal() > 1 else moment.date()
    return moment.date()


def split_notes(text: str) -> tuple[str, set[str], float | None]:
    """A task's notes without the lines this application wrote, those lines, and an FTE required."""
    kept, markers, required = [], set(), None
    for line in (text or "").splitlines():
        stripped = line.strip()
        if stripped in MARKERS:
            markers.add(stripped)
        elif stripped.startswith(FTE_REQUIRED):
            try:
                required = float(stripped[len(FTE_REQUIRED):])
            except ValueError:
                kept.append(line)
        else:
            kept.append(line)
    return "\n".join(kept).strip(), markers, required


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_text(value: object) -> str:
    """Text an XML 1.0 document can hold: control characters a cell may carry are dropped."""
    return _NOT_XML.sub("", str(value))
