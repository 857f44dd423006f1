"""Rows of fields from a sheet's grid, worked out column by column: blanks, totals, merges and blocks."""

from __future__ import annotations

import copy
from datetime import date

from effortplanner.io.headers import SheetLayout
from effortplanner.io.sheets import sheet_rows

LAYOUT = SheetLayout("Duties", "duties", 0, ["Name", "VO", "Assignment", "FTE", "Notes"],
                     {0: "name", 1: "vo", 2: "duty", 3: "fte"})


def test_blocks_merges_totals_and_blank_rows() -> None:
    grid: list[list[object]] = [
        ["Name", "VO", "Assignment", "FTE", "Notes"],
        ["Ada", "NOvA", "Calibration", 0.5, ""],
        ["", "", "Pipeline", 0.25, "  "],  # a blank-looking note is not an extra
        ["   ", "", "", "", ""],  # blank row: left out
        ["", "", "", "", "ignored"],  # unmapped text only: left out
        ["Alan", "", "Review", 1, "see memo"],
        ["Merged", "", "Archive", 0.1, ""],
        ["", "", "Archive 2", 0.2],  # a short row
        ["", "", "Total", 2.05, ""],
        ["", "Grand total", "", 3, ""],  # "Total" in whatever column comes first
    ]
    before = copy.deepcopy(grid)
    result = sheet_rows(grid, [(6, 0, 7, 0)], LAYOUT, "f.xlsx")
    assert grid == before  # the caller's rows are never changed
    rows = {r.row: r for r in result.rows}
    assert sorted(rows) == [2, 3, 6, 7, 8, 9, 10]
    assert rows[3].values == {"name": "Ada", "vo": "NOvA", "duty": "Pipeline", "fte": 0.25}
    assert rows[3].filled == {"name", "vo"} and rows[3].extra == {}
    assert rows[6].extra == {"Notes": "see memo"} and rows[6].values["fte"] == 1
    assert rows[8].values["name"] == "Merged" and rows[8].filled == {"name"}
    assert rows[9].is_total and rows[10].is_total and not rows[2].is_total
    messages = [n.message for n in result.notes]
    assert "merged cells A7:A8 read as 'Merged' on rows 7-8" in messages
    assert "rows 3-5 without a name read as duties of 'Ada' (block layout)" in messages


def test_a_row_with_an_id_is_never_a_total_and_dates_stay_dates() -> None:
    layout = SheetLayout("Plan", "duties", 0, ["Id", "Name", "Assignment", "End"],
                         {0: "id", 1: "name", 2: "duty", 3: "end"})
    grid: list[list[object]] = [["Id", "Name", "Assignment", "End"],
                                ["A1", "", "Total", date(2020, 1, 31)],
                                ["", "", "Total", ""]]
    rows = sheet_rows(grid, [], layout, "f.xlsx").rows
    assert [r.is_total for r in rows] == [False, True]
    assert rows[0].values["end"] == date(2020, 1, 31) and rows[0].values["name"] == ""
