"""GanttProject .gan files into ProjectData, parsed with defusedxml.

A task has a start and a duration in working days; the file's default week says which
days are not worked, so the finish is counted on that week (holidays are not counted
and are named in the import note as left out).
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from xml.etree.ElementTree import Element

from effortplanner.io.project.model import Allocation, ProjectData, Resource, Task, day_of
from effortplanner.io.project.mspdi_read import VO_FIELD_NAMES

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MAX_DURATION_DAYS = 200 * 366
# GanttProject's built-in role set ("Default:N").
DEFAULT_ROLES = {"0": "", "1": "project manager", "2": "developer", "3": "doc writer", "4": "tester",
                 "5": "graphic designer", "6": "doc translator", "7": "packager", "8": "analysis",
                 "9": "web designer", "10": ""}
_GROUP_NAMES = ("group", "department", "team", "dept")
_CAPACITY_NAMES = ("capacity", "capacity (fte)", "max units", "availability")
_START_NAMES = ("start", "available from", "contract start")
_END_NAMES = ("contract end", "available to", "availability end", "end of contract")


def _number(text: str | None) -> float | None:
    try:
        value = float((text or "").strip().rstrip("%"))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def working_days(root: Element) -> set[int]:
    """Weekday numbers (Monday 0) the file's default week works; every day when none is marked."""
    week = root.find("calendars/day-types/default-week")
    if week is None:
        return {0, 1, 2, 3, 4}  # GanttProject's default: Saturday and Sunday off
    worked = {i for i, name in enumerate(WEEKDAYS) if week.get(name, "0") != "1"}
    return worked or set(range(7))


def finish_of(start: date, duration: int, worked: set[int]) -> date:
    """The last day of a task of `duration` working days that starts on `start`."""
    if duration <= 1:
        return start
    duration = min(duration, MAX_DURATION_DAYS)
    per_week = len(worked)
    weeks = (duration - 1) // per_week  # any seven days hold the same number of working days
    day, left = start + timedelta(days=7 * weeks), duration - weeks * per_week
    while True:
        if day.weekday() in worked or day == start:
            left -= 1
            if left <= 0:
                return day
        day += timedelta(days=1)


def read_gan(root: Element) -> ProjectData:
    """The project in a GanttProject document (its root element already parsed)."""
    data = ProjectData("GanttProject", name=root.get("name", ""))
    worked = working_days(root)
    holidays = root.findall("calendars/date")
    if holidays or len(worked) < 7:
        data.left_out["calendars' working hours and holidays"] += 1
    properties = {p.get("id", ""): (p.get("name") or "").strip().lower()
                  for p in root.findall("tasks/taskproperties/taskproperty")}
    vo_ids = {pid for pid, name in properties.items() if name in VO_FIELD_NAMES}
    row = 0
    stack: list[tuple[Element, str | None]] = [(t, None) for t in reversed(root.findall("tasks/task"))]
    while stack:  # depth first, in the order the chart shows them, without recursion
        element, parent = stack.pop()
        row += 1
        uid = element.get("id", "")
        children = element.findall("task")
        start = day_of(element.get("start"))
        duration = int(_number(element.get("duration")) or 0)
        try:
            finish = finish_of(start, duration, worked) if start else None
        except OverflowError:
            finish = None
            data.quirks.append(f"task {element.get('name', uid)!r} ends after the year 9999; read without an end")
        notes = element.find("notes")
        vo = next((c.get("value", "") for c in element.findall("customproperty")
                   if c.get("taskproperty-id") in vo_ids and c.get("value")), "")
        data.tasks.append(Task(uid, element.get("name", ""), row=row, start=start, finish=finish,
                               summary=bool(children), milestone=element.get("meeting") == "true",
                               notes=(notes.text or "").strip() if notes is not None else "", parent=parent, vo=vo))
        data.left_out["dependencies"] += len(element.findall("depend"))
        if (_number(element.get("cost-manual-value")) or 0) != 0:
            data.left_out["costs"] += 1
        stack.extend((c, uid) for c in reversed(children))
    _resources(root, data)
    for element in root.findall("allocations/allocation"):
        load = _number(element.get("load"))
        data.allocations.append(Allocation(element.get("task-id", ""), element.get("resource-id", ""),
                                           None if load is None else load / 100.0))
    by_uid = {r.uid: r for r in data.resources}
    for element in root.findall("vacations/vacation"):
        resource = by_uid.get(element.get("resourceid", ""))
        start, end = day_of(element.get("start")), day_of(element.get("end"))
        if resource is not None and start and end:
            resource.absences.append((start, end))
    if root.find("previous/previous-tasks") is not None:
        data.left_out["baselines"] += len(root.findall("previous/previous-tasks"))
    return data


def _resources(root: Element, data: ProjectData) -> None:
    definitions = {d.get("id", ""): (d.get("name") or "").strip().lower()
                   for d in root.findall("resources/custom-property-definition")}
    roles = {r.get("id", ""): r.get("name", "") for r in root.findall("roles/role")}
    for row, element in enumerate(root.findall("resources/resource"), start=1):
        function = element.get("function", "")
        roleset, _, role_id = function.rpartition(":")
        role = DEFAULT_ROLES.get(role_id, "") if roleset == "Default" else roles.get(role_id, "")
        resource = Resource(element.get("id", ""), (element.get("name") or "").strip(), row=row, role=role)
        for prop in element.findall("custom-property"):
            name, value = definitions.get(prop.get("definition-id", ""), ""), (prop.get("value") or "").strip()
            if not value:
                continue
            if name in _GROUP_NAMES:
                resource.group = value
            elif name in _CAPACITY_NAMES:
                number = _number(value)
                resource.capacity = number / 100.0 if number is not None and number > 2 else number
            elif name in _START_NAMES:
                resource.start = day_of(value)
            elif name in _END_NAMES:
                resource.end = day_of(value)
            elif name in ("notes", "note", "comments"):
                resource.notes = value
        notes = element.find("notes")
        if notes is not None and notes.text:
            resource.notes = "\n".join(p for p in (resource.notes, notes.text.strip()) if p)
        if element.find("rate") is not None and any((_number(r.get("value")) or 0) for r in element.findall("rate")):
            data.left_out["costs"] += 1
        data.resources.append(resource)
