"""Writing a plan for project tools: `.xml` as MS Project XML, `.gan` as GanttProject."""

from __future__ import annotations

from pathlib import Path

from effortplanner.core.plan import Plan
from effortplanner.io.atomic import atomic_write
from effortplanner.io.errors import PlanWriteError
from effortplanner.io.project.from_plan import plan_to_project
from effortplanner.io.project.gan_write import project_to_gan
from effortplanner.io.project.mspdi_write import project_to_mspdi

PROJECT_SUFFIXES = {".xml": "MS Project XML", ".gan": "GanttProject"}


def is_project_path(path: str | Path) -> bool:
    return Path(path).suffix.lower() in PROJECT_SUFFIXES


def export_project(path: str | Path, plan: Plan, title: str | None = None) -> dict[str, int]:
    """Write the plan as a project file, all or nothing. Returns what was written, counted."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in PROJECT_SUFFIXES:
        raise PlanWriteError("a project file is written as .xml (MS Project) or .gan (GanttProject)", file=path)
    try:
        data = plan_to_project(plan)
    except ValueError as exc:  # a horizon before the as-of date
        raise PlanWriteError(str(exc), file=path) from None
    title = title or path.stem
    content = project_to_mspdi(data, title) if suffix == ".xml" else project_to_gan(data, title)

    def write(tmp: Path) -> None:
        tmp.write_bytes(content)

    atomic_write(path, write)
    return {"resources": len(data.resources), "tasks": len(data.tasks), "assignments": len(data.allocations)}
