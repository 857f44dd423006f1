"""A duty list read by column gives what reading it row by row gives: the same records, people,
pick-ups and notes, in the same order, whatever odd cells the sheet holds."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from effortplanner.core.plan import PlanSettings
from effortplanner.core.values import as_text
from effortplanner.io.assemble import assemble
from effortplanner.io.column_codes import distinct
from effortplanner.io.duty_columns import DutyColumns, reads_by_column
from effortplanner.io.importer import import_files, inspect_file
from effortplanner.io.pending import Pending
from effortplanner.io.row_records import read_duty_rows
from effortplanner.io.sheets import sheet_rows
from tests.column_readers import read_both_ways

ROOT = Path(__file__).resolve().parents[1]
HEADER = ["Name", "VO", "Assignment", "FTE", "FTE estimate", "Start", "End", "End of Contract", "Disposition",
          "Notes", "Group", "Building"]
ROWS = [
    ["Ann Lee", "DUNE", "Keep-up (daily) about 2K jobs", 0.3, None, "Jan 2024", "2025-06-30", "Permanent position",
     "Transfer to the experiment", "checked", "Ops", None],
    [None, None, "Monitoring", "30%", None, "spring", "not a date at all", None, "Bob first, then transfer to USDC",
     None, None, "WH 8"],
    [None, "NOvA", None, None, None, None, None, None, None, None, None, None],
    ["Bob Stone", None, "Shifts", "abc", 0.2, "March 5", None, "Arrives on April 4th, 2024",
     "Will pick up Ann's assignments", None, None, None],
    [None, None, "Reports", None, "lots", None, "by November 2025", None, "Will pick up Ann's assignments", None,
     None, None],
    ["A2 Associate", "All", "Calibration (weekly)", 2, None, None, None, None, "discontinued (ops report)", None,
     None, None],
    [None, None, "Total", 1.5, None, None, None, None, None, None, None, None],
    ["Carol", None, "Reviews", True, None, None, None, "July 31st, 2026", "gibberish words here", None, None, None],
    ["Carol", None, "Audits", 1, None, "Q3 FY25", None, "Dec 2026", "Hand over to Dan Poe", None, "Ops", None],
    ["Dan Poe", "Mu2e", "Ops (monthly)", 15, None, None, "mid 2026", None, "Will pick up Zed's duties", None, None,
     None],
    ["Eve Hart", "g-2", "Tape recalls", 0.1, None, None, None, "Sep 2026", "", None, None, None],
    [None, None, "Data quality", 0.1, None, None, None, None, "Transfer to USDC", None, None, None],
    [None, None, "", None, None, None, None, None, None, None, None, None],
]


def _workbook(tmp_path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Duties"
    ws.append(HEADER)
    for row in ROWS:
        ws.append(row)
    ws.append(["Fay Moss", "ICARUS", "Calibration", 0.2, None, None, None, None, "Transfer to the experiment"])
    ws.append([None, None, "Reprocessing", 0.2, None, None, None, None, None])
    last = ws.max_row
    ws.merge_cells(f"A{last - 1}:A{last}")  # one name over two rows
    ws.merge_cells(f"I{last - 1}:I{last}")  # one disposition over two rows
    path = tmp_path / "duties.xlsx"
    wb.save(path)
    return path


def _both_ways(path: Path, sheet: str | None = None) -> tuple[Pending, Pending]:
    """The sheet read row by row and by column, each into its own pending records."""
    return read_both_ways(path, "duties", read_duty_rows, lambda b, rows: DutyColumns(b, rows).read(),
                          reads_by_column, sheet)


def _assert_same(by_row: Pending, by_column: Pending) -> None:
    assert by_column.notes == by_row.notes
    assert by_column.listed_mentions() == by_row.listed_mentions()
    assert by_column.pickups == by_row.pickups
    assert by_column.assignment_columns and not by_column.assignments
    for _, chunk in by_column.assignment_columns:
        # Columns the reader hands over coded: each row's code names the text of its own cell.
        assert {"person_name", "successor_name", "handover_to"} <= set(chunk.codes)
        for name, (codes, texts) in chunk.codes.items():
            assert texts[codes].tolist() == [as_text(v) for v in chunk.columns[name]], name
    row_plan, column_plan = assemble([by_row]), assemble([by_column])
    for table in ("people", "assignments", "activities", "milestones"):
        pd.testing.assert_frame_equal(column_plan.tables[table], row_plan.tables[table])
    assert column_plan.notes == row_plan.notes


def test_odd_cells_read_by_column_as_row_by_row(tmp_path: Path) -> None:
    by_row, by_column = _both_ways(_workbook(tmp_path))
    _assert_same(by_row, by_column)
    kinds = {n.kind for n in by_row.notes}
    # The sheet does exercise what the column reader has to get right.
    assert {"invalid", "warning", "skipped", "info"} <= kinds
    assert len(by_row.pickups) == 3
    # A handover to the experiment (coded by VO) beside handovers coded by disposition.
    [(_, chunk)] = by_column.assignment_columns
    assert {"Calibration", "Reprocessing"} <= {d for d, h in zip(chunk.columns["duty"], chunk.columns["handover_to"])
                                               if h == "ICARUS (experiment)"}
    assert "USDC" in chunk.columns["handover_to"]
    plan = assemble([by_column])
    rows = plan.assignments.set_index("source")
    assert pd.isna(rows.at["duties.xlsx:Duties:9", "fte"]) and rows.at["duties.xlsx:Duties:10", "fte"] == 1.0
    assert rows.at["duties.xlsx:Duties:5", "fte_estimated"] and rows.at["duties.xlsx:Duties:5", "fte"] == 0.2
    assert rows.at["duties.xlsx:Duties:10", "successor"] == plan.people.index[plan.people["name"] == "Dan Poe"][0]
    assert plan.people["name"].tolist()[:3] == ["Ann Lee", "Bob Stone", "A2 Associate"]


@pytest.mark.parametrize("name", ["sample_data/appendix_ii.xlsx", "tests/data/appendix_ii_messy_openpyxl.xlsx",
                                  "tests/data/appendix_ii_messy_libreoffice.xlsx", "tests/data/appendix_ii.csv",
                                  "tests/data/appendix_ii_semicolon.csv"])
def test_appendix_ii_files_read_by_column_as_row_by_row(name: str) -> None:
    _assert_same(*_both_ways(ROOT / name))


def test_a_sheet_with_fields_the_column_reader_does_not_know_is_read_row_by_row(tmp_path: Path) -> None:
    path = tmp_path / "cadence.csv"
    path.write_text("Name,Assignment,Cadence,FTE\nAnn Lee,Keep-up,fortnightly-ish,0.2\n", encoding="utf-8")
    [sheet] = inspect_file(path)
    assert not reads_by_column(sheet_rows(sheet.raw.rows, sheet.raw.merged, sheet.layout, path.name))
    plan = import_files([path])
    assert any(n.kind == "invalid" and n.column == "Cadence" for n in plan.notes)


def test_distinct_values_keep_one_true_and_one_point_o_apart() -> None:
    codes, values = distinct([1, 1.0, True, "1", 1, None, None])
    assert codes == [0, 1, 2, 3, 0, 4, 4]
    assert [type(v) for v in values] == [int, float, bool, str, type(None)]
    codes, values = distinct(["a", "b", "a"])
    assert (codes, values) == ([0, 1, 0], ["a", "b"])


def test_import_dialog_preview_lists_column_read_records_as_dicts(tmp_path: Path) -> None:
    from effortplanner.io import kinds

    path = _workbook(tmp_path)
    [sheet] = inspect_file(path)
    pending = kinds.preview(sheet.raw, sheet.layout, PlanSettings(), path.name)
    assert not pending.assignment_columns
    first = pending.assignments[0]
    assert first["person_name"] == "Ann Lee" and first["duty"] == "Keep-up" and first["fte"] == 0.3
    assert first["start_text"] == "Jan 2024" and first["start"] == pd.Timestamp("2024-01-01")
    # Text columns the reader hands over as object arrays are listed as the texts themselves.
    for field in ("vo", "duty", "volume", "cadence", "disposition", "start_text", "start_certainty", "end_text",
                  "end_certainty"):
        assert {type(r[field]) for r in pending.assignments} == {str}, field
