"""The import dialog's rules for changing how a sheet is read, without Qt."""

from __future__ import annotations

from pathlib import Path

from effortplanner.io.importer import import_files, inspect_file
from effortplanner.io.layout_edits import with_field, with_header_row, with_kind

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data"


def test_a_field_comes_from_one_column_and_ignoring_the_disposition_removes_successors() -> None:
    [sheet] = inspect_file(SAMPLE / "appendix_ii.xlsx")
    layout = with_field(sheet.layout, 4, None)  # FY17 -> (ignore)
    assert 4 not in layout.mapping
    moved = with_field(sheet.layout, 3, "duty")  # End of Contract read as the duty: Assignment is unmapped
    assert moved.mapping[3] == "duty" and 2 not in moved.mapping
    plan = import_files([SAMPLE / "appendix_ii.xlsx"], layouts={str(SAMPLE / "appendix_ii.xlsx"): {sheet.raw.name: layout}})
    assert plan.assignments["successor"].isna().all() and (plan.assignments["handover_to"] == "").all()


def test_kind_and_header_row_changes_relabel_fields() -> None:
    [sheet] = inspect_file(SAMPLE / "activities.xlsx")
    as_duties = with_kind(sheet.layout, "duties")
    assert as_duties.kind == "duties" and as_duties.mapping[2] == "fte_required"
    no_header = with_header_row(sheet.layout, sheet.raw.rows, -1, 6)
    assert no_header.header_row == -1 and no_header.mapping == sheet.layout.mapping
    again = with_header_row(no_header, sheet.raw.rows, 0, 6)
    assert again.kind == "activities" and again.mapping[1] == "activity"
