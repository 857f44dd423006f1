"""A project's resources, tasks and allocations as pending plan records.

Resources are people; a task someone is booked on is one assignment per booking (duty
= task name, VO = the task's VO field or its nearest summary task, FTE = the booking's
units); a task nobody is booked on is an activity; a milestone is a milestone. What
a plan has no place for is counted in one note.
"""

from __future__ import annotations

from datetime import date

from effortplanner.core.dates import FuzzyDate
from effortplanner.core.date_cells import date_cells
from effortplanner.core.plan import Note
from effortplanner.io.project.model import (ESTIMATED, NO_DATE, NO_FTE, NO_START, ONGOING, PLACEHOLDER, UNASSIGNED,
                                            ProjectData, Resource, Task, split_notes)
from effortplanner.io.records import Mention, Pending

RESOURCES, TASKS = "resources", "tasks"


def exact(day: date) -> FuzzyDate:
    return FuzzyDate(day.isoformat(), day, day, day, "exact", "date", None)


def _dates(record: dict[str, object], start: date | None, end: date | None) -> None:
    if start is not None:
        record.update(date_cells("start", exact(start)))
    if end is not None:
        record.update(date_cells("end", exact(end)))


def to_pending(data: ProjectData, label: str) -> Pending:
    """Every record the project holds, with people still by name (assemble resolves them)."""
    pending = Pending()
    people = _people(data, label, pending)
    tasks = {t.uid: t for t in data.tasks}
    booked: dict[str, list[tuple[Resource, float | None, date | None, date | None]]] = {}
    for allocation in data.allocations:
        resource = people.get(allocation.resource)
        if allocation.task not in tasks:
            continue
        if resource is None:
            pending.notes.append(Note(label, TASKS, tasks[allocation.task].row, None,
                                      f"task {tasks[allocation.task].name!r} books resource {allocation.resource}, "
                                      "which the file does not list; booking skipped", kind="warning"))
            continue
        booked.setdefault(allocation.task, []).append((resource, allocation.units, allocation.start,
                                                       allocation.finish))
    for task in data.tasks:
        _task(task, tasks, booked.get(task.uid, []), label, pending)
    counts = (f"read as {data.format}: {len(people)} resources as people, {len(pending.assignments)} bookings as "
              f"assignments, {len(pending.activities)} unbooked tasks as activities, "
              f"{len(pending.milestones)} milestones")
    pending.notes.append(Note(label, "", None, None, counts, kind="info"))
    for quirk in data.quirks:
        pending.notes.append(Note(label, "", None, None, quirk, kind="warning"))
    left_out = {k: n for k, n in data.left_out.items() if n}
    if left_out:
        pending.notes.append(Note(label, "", None, None, "not kept (a plan has no place for them): " +
                                  ", ".join(f"{k} ({n})" for k, n in sorted(left_out.items())), kind="skipped"))
    return pending


def _people(data: ProjectData, label: str, pending: Pending) -> dict[str, Resource]:
    people: dict[str, Resource] = {}
    for resource in data.resources:
        if not resource.name:
            pending.notes.append(Note(label, RESOURCES, resource.row, None, f"resource {resource.uid} has no name; "
                                      "skipped with its bookings", kind="skipped"))
            continue
        notes, markers, _ = split_notes(resource.notes)
        extra = [f"absent {a.isoformat()} – {b.isoformat()} (vacation in the project file)"
                 for a, b in resource.absences]
        if resource.inactive:
            extra.append("inactive in the project file")
        cells: dict[str, object] = {"group": resource.group, "role": resource.role,
                                    "placeholder": PLACEHOLDER in markers,
                                    "notes": "\n".join(p for p in [notes, *extra] if p)}
        capacity = 1.0 if resource.capacity is None else resource.capacity
        invalid: dict[str, str] = {}
        if capacity < 0:
            invalid["capacity_fte"] = f"{capacity:g} is below zero"
        else:
            cells["capacity_fte"] = capacity
        if resource.start:
            cells.update(date_cells("start", exact(resource.start)))
        if resource.end:
            cells.update(date_cells("contract_end", exact(resource.end)))
        pending.mentions.append(Mention(resource.name, label, RESOURCES, resource.row, True, cells, invalid))
        people[resource.uid] = resource
    return people


def _vo(task: Task, tasks: dict[str, Task]) -> str:
    """The task's own VO field, else the name of its nearest summary task."""
    seen: set[str] = set()
    current: Task | None = task
    while current is not None and current.uid not in seen:
        if current.vo:
            return current.vo
        seen.add(current.uid)
        parent = tasks.get(current.parent) if current.parent else None
        if parent is not None and parent.summary and not parent.vo:
            return parent.name
        current = parent
    return ""


def _task(task: Task, tasks: dict[str, Task], bookings: list[tuple[Resource, float | None, date | None, date | None]],
          label: str, pending: Pending) -> None:
    notes, markers, required = split_notes(task.notes)
    where = f"{label}:{TASKS}:{task.row}"
    start = None if NO_START in markers or NO_DATE in markers else task.start
    end = None if ONGOING in markers else task.finish
    if task.milestone:
        record: dict[str, object] = {"name": task.name or "(unnamed milestone)", "notes": notes, "source": where,
                                     "_where": where, "owner_name": bookings[0][0].name if bookings else "",
                                     "invalid": None}
        if start is not None:
            record.update(date_cells("date", exact(start)))
        pending.milestones.append(record)
        return
    if not bookings:
        if UNASSIGNED in markers:
            bookings = [(Resource("", ""), required, None, None)]  # the duty's FTE, nobody to book
        elif task.summary:
            return  # a heading: its name is the VO of the tasks under it
        else:
            activity: dict[str, object] = {"name": task.name or "(unnamed task)", "notes": notes, "source": where,
                                           "_where": where, "invalid": None}
            if required is not None:
                activity["fte_required"] = required
            _dates(activity, start, end)
            pending.activities.append(activity)
            return
    for resource, units, own_start, own_finish in bookings:
        record = {"person_name": resource.name, "vo": _vo(task, tasks), "duty": task.name, "notes": notes,
                  "source": where, "_where": where, "fte_estimated": ESTIMATED in markers,
                  "invalid": None if task.name else {"duty": "no duty given"}}
        if units is not None and units < 0:
            record["invalid"] = {"fte": f"{units * 100:g}% is below zero"}
            pending.notes.append(Note(label, TASKS, task.row, None, f"{resource.name} is booked at "
                                      f"{units * 100:g}% on {task.name!r}; imported without an FTE", kind="invalid"))
        elif units is not None and NO_FTE not in markers:
            record["fte"] = units
        _dates(record, start if start is None else (own_start or start), end if end is None else (own_finish or end))
        pending.assignments.append(record)
