"""A roster read by column gives what reading it row by row gives: the same people, cells,
problems and notes, in the same order, whatever odd cells the sheet holds."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from effortplanner.io.assemble import assemble
from effortplanner.io.importer import import_files, inspect_file
from effortplanner.io.pending import Pending
from effortplanner.io.records import RecordBuilder
from effortplanner.io.roster_columns import RosterColumns, reads_by_column
from effortplanner.io.sheets import sheet_rows
from tests.column_readers import read_both_ways

ROOT = Path(__file__).resolve().parents[1]
HEADER = ["Name", "Role", "Group", "Also known as", "Start", "Contract end", "Availability", "Notes", "Office"]
ROWS = [
    ["Ann Lee", "Scientist", "Ops", "Annie", "Jan 2024", "Permanent position", "50%", "on loan", "WH 8"],
    ["Bob Stone", "Engineer", None, None, "not a date at all", "Arrives on April 4th, 2024", "abc", None, None],
    ["A2 Associate", "Associate", "Ops", None, None, "gibberish words", 1.5, None, None],
    [None, "Engineer", "Ops", None, "March 5", "July 31st, 2026", "100%", "no name here", None],
    ["Total", None, None, None, None, None, 3, None, None],
    ["Carol Poe", None, "USDC", None, "spring", "Dec 2026", None, None, "FCC 3"],
    ["Dan Hart", "TBH", None, None, "2024-03-01", "by November 2025", "20%", None, None],
    ["Eve Moss", "Scientist", None, None, None, None, "  ", "  keeps line\nbreaks  ", None],
    ["Fay Wu", "Intern", None, None, "March 5", "July 31st, 2026", "100%", None, None],
]


def _workbook(tmp_path: Path, placeholder_column: bool) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Staff"
    ws.append(HEADER + (["Placeholder"] if placeholder_column else []))
    flags = ["no", None, "yes", None, None, "maybe later", None, "", "1"]
    for row, flag in zip(ROWS, flags):
        ws.append(row + ([flag] if placeholder_column else []))
    ws.merge_cells("E9:E10")  # one start over two people: the second is not given it again
    path = tmp_path / "people.xlsx"
    wb.save(path)
    return path


def _both_ways(path: Path) -> tuple[Pending, Pending]:
    """The roster read row by row and by column, each into its own pending records."""
    return read_both_ways(path, "roster", RecordBuilder.roster, lambda b, rows: RosterColumns(b, rows).read(),
                          reads_by_column)


def _assert_same(by_row: Pending, by_column: Pending) -> None:
    assert by_column.notes == by_row.notes
    assert by_column.listed_mentions() == by_row.listed_mentions()
    # The same cells in the same order (the plan's people columns are built from them in order).
    assert [list(m.cells) for m in by_column.listed_mentions()] == [list(m.cells) for m in by_row.listed_mentions()]
    row_plan, column_plan = assemble([by_row]), assemble([by_column])
    pd.testing.assert_frame_equal(column_plan.tables["people"], row_plan.tables["people"])
    assert column_plan.notes == row_plan.notes


@pytest.mark.parametrize("placeholder_column", [False, True])
def test_odd_rosters_read_by_column_as_row_by_row(tmp_path: Path, placeholder_column: bool) -> None:
    by_row, by_column = _both_ways(_workbook(tmp_path, placeholder_column))
    _assert_same(by_row, by_column)
    # The sheet does exercise what the column reader has to get right.
    assert {"invalid", "warning", "skipped", "info"} <= {n.kind for n in by_row.notes}
    people = {m.name: m for m in by_column.listed_mentions()}
    assert people["Ann Lee"].cells["notes"] == "on loan; Office: WH 8"
    assert set(people["Bob Stone"].invalid) == {"capacity_fte", "start"}  # "abc"; the start column's text wins
    assert people["A2 Associate"].cells["placeholder"] is True
    assert "start" not in people["Fay Wu"].cells  # the merged start is Eve's only


@pytest.mark.parametrize("name", ["sample_data/people.xlsx", "tests/data/stable/scale_people.csv"])
def test_shipped_rosters_read_by_column_as_row_by_row(name: str) -> None:
    path = ROOT / name
    if not any(s.layout.kind == "roster" for s in inspect_file(path)):
        pytest.fail(f"{name} has no roster")
    _assert_same(*_both_ways(path))


def test_a_roster_with_columns_the_column_reader_does_not_know_is_read_row_by_row(tmp_path: Path) -> None:
    path = tmp_path / "roster.csv"
    path.write_text("Id,Name,Role\nP7,Ann Lee,Scientist\n", encoding="utf-8")
    [sheet] = inspect_file(path)
    assert not reads_by_column(sheet_rows(sheet.raw.rows, sheet.raw.merged, sheet.layout, path.name))
    plan = import_files([path])
    assert plan.people.index.tolist() == ["P7"]
