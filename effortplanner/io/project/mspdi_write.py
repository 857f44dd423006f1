"""ProjectData as MS Project XML (MSPDI), in the element order of Microsoft's mspdi_pj12.xsd.

Every work resource gets MaxUnits (its capacity) and an availability period ending at
its contract end; each task carries its VO in the custom field Text1 (alias "VO").
"""

from __future__ import annotations

from datetime import date
from xml.etree.ElementTree import Element, SubElement, tostring

import numpy as np

from effortplanner.io.project.model import ProjectData, Task, xml_text

NAMESPACE = "http://schemas.microsoft.com/project"
VO_FIELD_ID = "188743731"  # Task Text1
HOURS_PER_DAY = 8


def _add(parent: Element, tag: str, value: object | None) -> Element | None:
    if value is None or value == "":
        return None
    child = SubElement(parent, tag)
    child.text = xml_text(value)
    return child


def _start(day: date | None) -> str | None:
    return f"{day.isoformat()}T08:00:00" if day else None


def _finish(day: date | None) -> str | None:
    return f"{day.isoformat()}T17:00:00" if day else None


def _duration(task: Task) -> str:
    if task.milestone or not task.start or not task.finish:
        return "PT0H0M0S"
    days = int(np.busday_count(task.start, np.datetime64(task.finish) + np.timedelta64(1, "D")))
    return f"PT{max(days, 0) * HOURS_PER_DAY}H0M0S"


def _units(value: float | None) -> str:
    return f"{value or 0.0:.4f}".rstrip("0").rstrip(".") or "0"


def project_to_mspdi(data: ProjectData, title: str) -> bytes:
    """The document's bytes (UTF-8, with an XML declaration)."""
    root = Element("Project", {"xmlns": NAMESPACE})
    _add(root, "SaveVersion", 14)
    _add(root, "Name", f"{title}.xml")
    _add(root, "Title", title)
    _add(root, "ScheduleFromStart", 1)
    _add(root, "StartDate", _start(data.start))
    _add(root, "FinishDate", _finish(data.finish))
    _add(root, "CalendarUID", 1)
    _add(root, "DefaultStartTime", "08:00:00")
    _add(root, "DefaultFinishTime", "17:00:00")
    _add(root, "MinutesPerDay", HOURS_PER_DAY * 60)
    _add(root, "MinutesPerWeek", HOURS_PER_DAY * 60 * 5)
    _add(root, "DaysPerMonth", 20)
    attribute = SubElement(SubElement(root, "ExtendedAttributes"), "ExtendedAttribute")
    _add(attribute, "FieldID", VO_FIELD_ID)
    _add(attribute, "FieldName", "Text1")
    _add(attribute, "Alias", "VO")
    _calendar(SubElement(root, "Calendars"))
    _tasks(SubElement(root, "Tasks"), data)
    _resources(SubElement(root, "Resources"), data)
    assignments = SubElement(root, "Assignments")
    for number, allocation in enumerate(data.allocations, start=1):
        element = SubElement(assignments, "Assignment")
        _add(element, "UID", number)
        _add(element, "TaskUID", allocation.task)
        _add(element, "ResourceUID", allocation.resource)
        _add(element, "Finish", _finish(allocation.finish))
        _add(element, "Start", _start(allocation.start))
        _add(element, "Units", _units(allocation.units))
    return tostring(root, encoding="utf-8", xml_declaration=True)


def _calendar(calendars: Element) -> None:
    """One standard calendar: Monday to Friday, 8:00-12:00 and 13:00-17:00."""
    calendar = SubElement(calendars, "Calendar")
    _add(calendar, "UID", 1)
    _add(calendar, "Name", "Standard")
    _add(calendar, "IsBaseCalendar", 1)
    days = SubElement(calendar, "WeekDays")
    for day_type in range(1, 8):
        day = SubElement(days, "WeekDay")
        _add(day, "DayType", day_type)
        working = day_type not in (1, 7)  # 1 = Sunday, 7 = Saturday
        _add(day, "DayWorking", int(working))
        if working:
            times = SubElement(day, "WorkingTimes")
            for start, end in (("08:00:00", "12:00:00"), ("13:00:00", "17:00:00")):
                time = SubElement(times, "WorkingTime")
                _add(time, "FromTime", start)
                _add(time, "ToTime", end)


def _tasks(tasks: Element, data: ProjectData) -> None:
    numbers: dict[str, str] = {}
    counters: dict[str | None, int] = {}
    for row, task in enumerate(data.tasks, start=1):
        counters[task.parent] = counters.get(task.parent, 0) + 1
        outline = f"{numbers[task.parent]}.{counters[task.parent]}" if task.parent in numbers \
            else str(counters[task.parent])
        numbers[task.uid] = outline
        element = SubElement(tasks, "Task")
        _add(element, "UID", task.uid)
        _add(element, "ID", row)
        _add(element, "Name", task.name)
        _add(element, "Type", 0)
        _add(element, "OutlineNumber", outline)
        _add(element, "OutlineLevel", outline.count(".") + 1)
        _add(element, "Start", _start(task.start))
        _add(element, "Finish", _finish(task.finish))
        _add(element, "Duration", _duration(task))
        _add(element, "DurationFormat", 7)
        _add(element, "Milestone", int(task.milestone))
        _add(element, "Summary", int(task.summary))
        _add(element, "Notes", task.notes)
        if task.vo:
            custom = SubElement(element, "ExtendedAttribute")
            _add(custom, "FieldID", VO_FIELD_ID)
            _add(custom, "Value", task.vo)


def _resources(resources: Element, data: ProjectData) -> None:
    for resource in data.resources:
        element = SubElement(resources, "Resource")
        _add(element, "UID", resource.uid)
        _add(element, "ID", resource.row)
        _add(element, "Name", resource.name)
        _add(element, "Type", 1)
        _add(element, "Group", resource.group)
        _add(element, "MaxUnits", _units(resource.capacity if resource.capacity is not None else 1.0))
        _add(element, "Notes", resource.notes)
        if resource.start or resource.end:
            period = SubElement(SubElement(element, "AvailabilityPeriods"), "AvailabilityPeriod")
            _add(period, "AvailableFrom", _start(resource.start) or "1984-01-01T00:00:00")
            _add(period, "AvailableTo", _finish(resource.end) or "2049-12-31T23:59:00")
            _add(period, "AvailableUnits", _units(resource.capacity if resource.capacity is not None else 1.0))
