"""MS Project XML (MSPDI) into ProjectData, parsed with defusedxml (no entity tricks, no Java).

Element names follow Microsoft's published mspdi_pj12.xsd; anything not read is
counted in `left_out` when a plan cannot hold it (dependencies, costs, baselines,
calendars), so the import note can say what was not kept.
"""

from __future__ import annotations

import math
from xml.etree.ElementTree import Element

from effortplanner.io.project.model import FAR_FUTURE_YEAR, Allocation, ProjectData, Resource, Task, day_of

VO_FIELD_NAMES = ("vo", "experiment", "project", "virtual organisation", "virtual organization")
UNASSIGNED_RESOURCE = "-65535"  # MS Project's "no resource" on assignments of unassigned tasks


def strip_namespaces(root: Element) -> Element:
    """Tags without their namespace, so `find("Tasks/Task")` works on any MSPDI dialect."""
    for element in root.iter():
        if isinstance(element.tag, str):
            element.tag = element.tag.rpartition("}")[2]
    return root


def _text(element: Element | None, name: str) -> str:
    child = element.find(name) if element is not None else None
    return (child.text or "").strip() if child is not None and child.text else ""


def _flag(element: Element, name: str) -> bool:
    return _text(element, name).lower() in ("1", "true")


def _number(element: Element, name: str) -> float | None:
    try:
        value = float(_text(element, name))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _has_cost(element: Element) -> bool:
    return any((_number(element, name) or 0.0) != 0.0 for name in ("Cost", "FixedCost", "StandardRate",
                                                                   "OvertimeRate", "CostPerUse"))


def read_mspdi(root: Element) -> ProjectData:
    """The project in an MSPDI document (its root element already parsed)."""
    strip_namespaces(root)
    data = ProjectData("MS Project XML", name=_text(root, "Title") or _text(root, "Name"),
                       start=day_of(_text(root, "StartDate")), finish=day_of(_text(root, "FinishDate"), finish=True))
    if data.start and data.finish and data.start > data.finish:
        data.quirks.append(f"the project starts ({data.start}) after it finishes ({data.finish}); "
                           "each task's own dates were used")
    vo_fields = {_text(a, "FieldID") for a in root.findall("ExtendedAttributes/ExtendedAttribute")
                 if (_text(a, "Alias") or _text(a, "FieldName")).lower() in VO_FIELD_NAMES}
    calendars = [c for c in root.findall("Calendars/Calendar")
                 if c.find("WeekDays") is not None or c.find("Exceptions") is not None]
    if calendars:
        data.left_out["calendars' working hours and holidays"] += len(calendars)
    _tasks(root, data, vo_fields)
    _resources(root, data)
    for element in root.findall("Assignments/Assignment"):
        resource = _text(element, "ResourceUID")
        if resource == UNASSIGNED_RESOURCE or not resource:
            continue
        if _has_cost(element):
            data.left_out["costs"] += 1
        data.allocations.append(Allocation(_text(element, "TaskUID"), resource, _number(element, "Units"),
                                           day_of(_text(element, "Start")),
                                           day_of(_text(element, "Finish"), finish=True)))
        if element.find("TimephasedData") is not None:
            data.left_out["time-phased work (assignment spans kept)"] += 1
    return data


def _tasks(root: Element, data: ProjectData, vo_fields: set[str]) -> None:
    parents: list[tuple[int, str]] = []  # (outline level, uid) of the open summaries
    for element in root.findall("Tasks/Task"):
        uid = _text(element, "UID")
        if _flag(element, "IsNull") or not uid:
            continue
        level = int(_number(element, "OutlineLevel") or 0)
        while parents and parents[-1][0] >= level:
            parents.pop()
        vo = next((_text(e, "Value") for e in element.findall("ExtendedAttribute")
                   if _text(e, "FieldID") in vo_fields and _text(e, "Value")), "")
        start, finish = day_of(_text(element, "Start")), day_of(_text(element, "Finish"), finish=True)
        if start and finish and finish < start:
            finish = start  # a zero-length task ending at midnight of its start day
        task = Task(uid, _text(element, "Name"), row=int(_number(element, "ID") or 0), start=start, finish=finish,
                    summary=_flag(element, "Summary"), milestone=_flag(element, "Milestone"),
                    notes=_text(element, "Notes"), parent=parents[-1][1] if parents else None, vo=vo)
        if level == 0 and uid == "0":
            parents.append((level, uid))  # the project's own summary task: not a line of the plan
            continue
        data.tasks.append(task)
        if task.summary:
            parents.append((level, uid))
        data.left_out["dependencies"] += len(element.findall("PredecessorLink"))
        if element.find("Baseline") is not None:
            data.left_out["baselines"] += 1
        if _has_cost(element):
            data.left_out["costs"] += 1


def _resources(root: Element, data: ProjectData) -> None:
    for element in root.findall("Resources/Resource"):
        uid, name = _text(element, "UID"), _text(element, "Name")
        if _flag(element, "IsNull") or (uid == "0" and not name):
            continue  # the unnamed resource every MS Project file has
        kind = _text(element, "Type")
        if kind in ("0", "2"):  # material and cost resources are not people
            data.left_out["material and cost resources"] += 1
            continue
        resource = Resource(uid, name, row=int(_number(element, "ID") or 0), group=_text(element, "Group"),
                            capacity=_number(element, "MaxUnits"), notes=_text(element, "Notes"),
                            inactive=_flag(element, "IsInactive"))
        periods = element.findall("AvailabilityPeriods/AvailabilityPeriod")
        starts = [day_of(_text(p, "AvailableFrom")) for p in periods] or [day_of(_text(element, "AvailableFrom"))]
        ends = [day_of(_text(p, "AvailableTo"), finish=True) for p in periods] or \
            [day_of(_text(element, "AvailableTo"), finish=True)]
        known_starts = [d for d in starts if d and d.year > 1984]
        known_ends = [d for d in ends if d and d.year < FAR_FUTURE_YEAR]
        resource.start = min(known_starts) if known_starts and None not in starts else None
        resource.end = max(known_ends) if known_ends and len(known_ends) == len(ends) else None
        if _has_cost(element) or element.find("Rates/Rate/StandardRate") is not None and \
                any((_number(r, "StandardRate") or 0) for r in element.findall("Rates/Rate")):
            data.left_out["costs"] += 1
        data.resources.append(resource)
