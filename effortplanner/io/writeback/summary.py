"""The "Change summary" sheet at the end of a copy: every row that changed, in the compare view's words."""

from __future__ import annotations

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.workbook.workbook import Workbook

from effortplanner.analysis.compare import AssignmentDiff, Comparison, PersonDiff
from effortplanner.analysis.compare_text import assignment_line, describe_changes, person_line
from effortplanner.io.writeback.fields import Diff
from effortplanner.io.writeback.grid import FILLS, write_value
from effortplanner.io.writeback.sheet import SheetResult

TITLE = "Change summary"
HEADERS = ("Change", "Sheet", "Duty or person", "VO", "Before", "After", "As the comparison says it", "Note")
WIDTHS = (15, 20, 42, 10, 30, 30, 60, 40)
KIND_FILL = {"Moved": "moved", "Added": "added", "Removed": "removed", "Changed": "changed",
             "Person added": "added", "Person removed": "removed", "Person changed": "changed"}


def _values(values: dict[str, object], skip_empty: bool = False) -> str:
    return "; ".join(f"{k.replace('_', ' ')} {'none' if v in (None, '') else v}" for k, v in values.items()
                     if not (skip_empty and v in (None, "")))


def _free_name(book: Workbook, wanted: str) -> str:
    name, n = wanted, 2
    while name in book.sheetnames:
        name, n = f"{wanted} {n}", n + 1
    return name


def summary_rows(comparison: Comparison, results: list[SheetResult], diff: Diff) -> list[tuple[str, ...]]:
    """One row per change written into this file's sheets."""
    sheet_of: dict[tuple[str, str], str] = {}
    for result in results:
        for row_id in result.changed + result.added + result.moved + result.removed:
            sheet_of.setdefault((result.table, row_id), result.sheet)
        for person_id in result.people:
            sheet_of.setdefault(("people", person_id), result.sheet)
    rows: list[tuple[str, ...]] = []
    groups: tuple[tuple[str, list[AssignmentDiff]], ...] = (
        ("Moved", comparison.moved), ("Added", comparison.added), ("Removed", comparison.removed),
        ("Changed", comparison.changed))
    for kind, diffs in groups:
        for item in diffs:
            row_id = item.other_id or item.base_id or ""
            where = sheet_of.get(("assignments", row_id)) or sheet_of.get(("assignments", item.base_id or ""))
            if where is None:
                continue
            before = dict(item.before)
            after = dict(item.after)
            if kind == "Moved":
                before = {"person": item.from_person, **before}
                after = {"person": item.to_person, **after}
            one_sided = kind in ("Added", "Removed")
            rows.append((kind, where, item.duty, item.vo, _values(before, one_sided), _values(after, one_sided),
                         assignment_line(item),
                         diff.note_text("assignments", row_id).replace("Note: ", "")))
    people: tuple[tuple[str, list[PersonDiff]], ...] = (
        ("Person added", comparison.people_added), ("Person removed", comparison.people_removed),
        ("Person changed", comparison.people_changed))
    for kind, person_diffs in people:
        for person in person_diffs:
            person_id = person.other_id or person.base_id or ""
            where = sheet_of.get(("people", person_id))
            if where is None:
                continue
            rows.append((kind, where, person.name, "", _values(person.before) if kind != "Person added" else "",
                         _values(person.after) if kind != "Person removed" else "",
                         person_line(person) if kind == "Person changed" else describe_changes(person) or
                         person_line(person), diff.note_text("people", person_id).replace("Note: ", "")))
    return rows


def add_summary(book: Workbook, rows: list[tuple[str, ...]], title_line: str) -> str:
    """Append the sheet; returns its name (another name when the workbook already has one so called)."""
    ws = book.create_sheet(_free_name(book, TITLE))
    write_value(ws.cell(1, 1), title_line)
    ws.cell(1, 1).font = Font(bold=True, size=12)
    for column, (header, width) in enumerate(zip(HEADERS, WIDTHS), start=1):
        cell = ws.cell(3, column)
        write_value(cell, header)
        cell.font = Font(bold=True)
        ws.column_dimensions[cell.column_letter].width = width
    if not rows:
        write_value(ws.cell(4, 1), "No changes to this file.")
    for r, values in enumerate(rows, start=4):
        # Wrapped text does not grow its row by itself in every program: give it the lines it needs.
        lines = max(-(-len(str(v or "")) // max(int(w * 1.1), 1)) for v, w in zip(values, WIDTHS))
        ws.row_dimensions[r].height = 15 * max(lines, 1)
        for column, value in enumerate(values, start=1):
            cell = ws.cell(r, column)
            write_value(cell, value or None)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        colour = FILLS[KIND_FILL[values[0]]]
        ws.cell(r, 1).fill = PatternFill(fill_type="solid", fgColor=colour, bgColor=colour)
    ws.freeze_panes = "A4"
    return ws.title
