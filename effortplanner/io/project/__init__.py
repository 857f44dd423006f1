"""Project tools' files, both ways: MS Project XML (MSPDI) and GanttProject (.gan).

Reading goes file → ProjectData (the shape both formats share) → pending plan records,
so a project file mixes with spreadsheets in one import. Writing goes plan →
ProjectData → file (see `export`).
"""

from __future__ import annotations

from pathlib import Path
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import parse

from effortplanner.core.plan import Note
from effortplanner.io.errors import PlanReadError
from effortplanner.io.project.gan_read import read_gan
from effortplanner.io.project.model import ProjectData
from effortplanner.io.project.mspdi_read import read_mspdi
from effortplanner.io.project.to_pending import to_pending
from effortplanner.io.records import Pending
from effortplanner.io.sniff import FileKind
from effortplanner.io.workbook import RawSheet

MAX_PROJECT_BYTES = 256 * 1024 * 1024
PREVIEW_TABLES = {"People": "mentions", "Assignments": "assignments", "Activities": "activities",
                  "Milestones": "milestones"}


def read_project_data(path: str | Path, kind: FileKind) -> ProjectData:
    """The project a file holds. Raises PlanReadError naming the file and what is wrong."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_PROJECT_BYTES:
            raise PlanReadError(f"{kind.label} of more than {MAX_PROJECT_BYTES // 2**20} MB; refused", file=path)
        root = parse(str(path)).getroot()
    except ParseError as exc:
        raise PlanReadError(f"{kind.label} that cannot be read (XML error: {exc})", file=path) from None
    except DefusedXmlException as exc:
        raise PlanReadError(f"{kind.label} with unsafe XML ({type(exc).__name__}); refused", file=path) from None
    except OSError as exc:
        raise PlanReadError(f"cannot be read ({exc.strerror or exc})", file=path) from None
    return read_mspdi(root) if kind.kind == "mspdi" else read_gan(root)


def read_project(path: str | Path, kind: FileKind) -> Pending:
    """A project file's people, assignments, activities and milestones, with its import notes."""
    path = Path(path)
    return to_pending(read_project_data(path, kind), path.name)


def read_project_file(path: str | Path, kind: FileKind, skipped: set[str] | frozenset[str] = frozenset()) -> Pending:
    """`read_project` for the importer: tables the user left out (by preview name) are dropped, with a note."""
    pending = read_project(path, kind)
    pending.context_year = None  # every date in a project file is exact
    for name in skipped:
        attribute = PREVIEW_TABLES.get(name)
        if attribute and getattr(pending, attribute):  # a table the file has (the preview shows no empty one)
            setattr(pending, attribute, [])
            pending.notes.append(Note(Path(path).name, name, None, None, "left out of the import by the user",
                                      kind="skipped"))
    return pending


def project_preview(path: str | Path, kind: FileKind) -> list[RawSheet]:
    """What the import dialog shows for a project file: one table per kind of record it becomes."""
    pending = read_project(path, kind)
    people = [["Name", "Group", "Role", "Capacity", "Start", "Contract end", "Notes"]] + [
        [m.name, m.cells.get("group", ""), m.cells.get("role", ""), m.cells.get("capacity_fte", ""),
         _shown(m.cells.get("start")), _shown(m.cells.get("contract_end")), m.cells.get("notes", "")]
        for m in pending.mentions]
    duties = [["Name", "VO", "Assignment", "FTE", "Start", "End", "Notes"]] + [
        [r.get("person_name", ""), r.get("vo", ""), r.get("duty", ""), r.get("fte", ""), _shown(r.get("start")),
         _shown(r.get("end")), r.get("notes", "")] for r in pending.assignments]
    activities = [["Activity", "FTE required", "Start", "End", "Notes"]] + [
        [r.get("name", ""), r.get("fte_required", ""), _shown(r.get("start")), _shown(r.get("end")),
         r.get("notes", "")] for r in pending.activities]
    milestones = [["Milestone", "Date", "Owner", "Notes"]] + [
        [r.get("name", ""), _shown(r.get("date")), r.get("owner_name", ""), r.get("notes", "")]
        for r in pending.milestones]
    tables = {"People": people, "Assignments": duties, "Activities": activities, "Milestones": milestones}
    return [RawSheet(name, rows) for name, rows in tables.items() if len(rows) > 1]  # type: ignore[arg-type]


def _shown(value: object) -> str:
    return value.date().isoformat() if hasattr(value, "date") and not isinstance(value, str) and value == value \
        else ""
