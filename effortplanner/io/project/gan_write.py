"""ProjectData as a GanttProject .gan file.

Durations in a .gan file count working days of its default week; the week written
here works every day, so a task ends on exactly the day the plan says (a plan's end
dates fall on any day). A person's group, capacity, start and contract end are
resource custom columns; a task's VO is a task custom column.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element, SubElement, tostring

from effortplanner.io.project.gan_read import WEEKDAYS
from effortplanner.io.project.model import ProjectData, xml_text

VO_PROPERTY = "tpc0"
RESOURCE_COLUMNS = (("0", "Group"), ("1", "Capacity"), ("2", "Start"), ("3", "Contract end"))


def _attributes(**values: object) -> dict[str, str]:
    return {key.replace("_", "-"): xml_text(value) for key, value in values.items()}


def project_to_gan(data: ProjectData, title: str) -> bytes:
    """The document's bytes (UTF-8, with an XML declaration)."""
    root = Element("project", _attributes(name=title, company="", webLink="",
                                          view_date=data.start.isoformat() if data.start else "",
                                          view_index=0, gantt_divider_location=300, resource_divider_location=300,
                                          version="3.2.3240", locale="en"))
    SubElement(root, "description")
    SubElement(root, "view", {"zooming-state": "default:6", "id": "gantt-chart"})
    day_types = SubElement(SubElement(root, "calendars"), "day-types")
    SubElement(day_types, "day-type", {"id": "0"})
    SubElement(day_types, "day-type", {"id": "1"})
    SubElement(day_types, "default-week", {"id": "1", "name": "default", **{d: "0" for d in WEEKDAYS}})
    SubElement(day_types, "only-show-weekends", {"value": "false"})
    SubElement(day_types, "overriden-day-types")
    SubElement(day_types, "days")
    tasks = SubElement(root, "tasks", {"empty-milestones": "true"})
    properties = SubElement(tasks, "taskproperties")
    for pid, name, kind in (("tpd3", "name", "text"), ("tpd4", "begindate", "date"), ("tpd5", "enddate", "date")):
        SubElement(properties, "taskproperty", {"id": pid, "name": name, "type": "default", "valuetype": kind})
    SubElement(properties, "taskproperty", {"id": VO_PROPERTY, "name": "VO", "type": "custom", "valuetype": "text",
                                            "defaultvalue": ""})
    elements: dict[str, Element] = {}
    for task in data.tasks:
        parent = elements.get(task.parent or "", tasks)
        days = (task.finish - task.start).days + 1 if task.start and task.finish and not task.milestone else 0
        element = SubElement(parent, "task", _attributes(
            id=task.uid, name=task.name, color="#8cb6ce", meeting=str(task.milestone).lower(),
            start=task.start.isoformat() if task.start else "", duration=days, complete=0, expand="true"))
        if task.notes:
            SubElement(element, "notes").text = xml_text(task.notes)
        if task.vo:
            SubElement(element, "customproperty", {"taskproperty-id": VO_PROPERTY, "value": xml_text(task.vo)})
        elements[task.uid] = element
    resources = SubElement(root, "resources")
    for pid, name in RESOURCE_COLUMNS:
        SubElement(resources, "custom-property-definition", {"id": pid, "name": name, "type": "text",
                                                             "default-value": ""})
    for resource in data.resources:
        element = SubElement(resources, "resource", _attributes(id=resource.uid, name=resource.name,
                                                                function="Default:0", contacts="", phone=""))
        values = (resource.group, "" if resource.capacity is None else f"{resource.capacity:g}",
                  resource.start.isoformat() if resource.start else "",
                  resource.end.isoformat() if resource.end else "")
        for (pid, _name), value in zip(RESOURCE_COLUMNS, values):
            if value:
                SubElement(element, "custom-property", {"definition-id": pid, "value": xml_text(value)})
        if resource.notes:
            SubElement(element, "notes").text = xml_text(resource.notes)
    allocations = SubElement(root, "allocations")
    for allocation in data.allocations:
        SubElement(allocations, "allocation", _attributes(task_id=allocation.task, resource_id=allocation.resource,
                                                          function="Default:0", responsible="true",
                                                          load=f"{round((allocation.units or 0.0) * 100, 6):g}"))
    SubElement(root, "vacations")
    SubElement(root, "previous")
    SubElement(root, "roles", {"roleset-name": "Default"})
    return tostring(root, encoding="utf-8", xml_declaration=True)
