"""Rows of fields from a sheet's grid, worked out column by column: blanks, totals, merges and blocks."""

from __future__ import annotations

import copy
import random
from dataclasses import replace
from datetime import date

import pytest

from effortplanner.core.plan import Note
from effortplanner.core.values import as_text
from effortplanner.io.headers import SheetLayout
from effortplanner.io.sheets import FieldRow, sheet_rows

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


def _blocks_row_by_row(rows: list[FieldRow], layout: SheetLayout) -> list[Note]:
    """The block rule as the row-by-row reader applied it, one FieldRow at a time (the reference)."""
    notes: list[Note] = []
    data = [r for r in rows if not r.is_total]
    blank = [r for r in data if not as_text(r.values.get("name"))]
    if not blank:
        return notes
    merged_names = any("name" in r.filled for r in data)
    if not (merged_names or (len(blank) >= 2 and len(blank) * 3 >= len(data)) or (len(blank) == 1 and len(data) <= 3)):
        return [Note("f.xlsx", layout.sheet, r.row, "Name", "no person named; the duty is kept unassigned",
                     kind="warning") for r in blank]
    texts = {id(r): (as_text(r.values.get("name")), as_text(r.values.get("vo"))) for r in data}
    heads: list[FieldRow] = []
    current, block_vo, block_vo_given = None, "", False
    for r in data:
        name_text, vo_text = texts[id(r)]
        if name_text and "name" not in r.filled:
            heads.append(r)
            current, block_vo, block_vo_given = r, r.values.get("vo", ""), bool(vo_text)
            continue
        if current is None:
            notes.append(Note("f.xlsx", layout.sheet, r.row, "Name",
                              "no person named above this row; the duty is kept unassigned", kind="warning"))
            continue
        if not name_text:
            r.values["name"] = current.values["name"]
            r.filled.add("name")
        if vo_text:
            block_vo, block_vo_given = r.values["vo"], True
        elif block_vo_given:
            r.values["vo"] = block_vo
            r.filled.add("vo")
    for head, after in zip(heads, heads[1:] + [None]):
        end = after.row - 1 if after is not None else data[-1].row
        if end > head.row:
            rows_text = f"row {end}" if end == head.row + 1 else f"rows {head.row + 1}-{end}"
            notes.append(Note("f.xlsx", layout.sheet, head.row, "Name", f"{rows_text} without a name read as duties "
                              f"of {as_text(head.values['name'])!r} (block layout)", kind="info"))
    return notes


@pytest.mark.parametrize("seed", range(40))
def test_blocks_filled_on_whole_columns_as_row_by_row(seed: int) -> None:
    """Random block sheets (blank names and VOs, totals, blank rows, a merged name): the column rule
    gives each row the name, VO and notes the row-by-row rule gives."""
    rng = random.Random(seed)
    grid: list[list[object]] = [["Name", "VO", "Assignment", "FTE", "Notes"]]
    for _ in range(rng.randint(1, 30)):
        grid.append([rng.choice(["", "", "", "Ada", "Alan", " Ada ", 7]), rng.choice(["", "", "", "NOvA", "DUNE"]),
                     rng.choice(["Calibration", "Pipeline", "", "Total", "Reviews"]), rng.choice([0.5, "", "abc"]),
                     rng.choice(["", "", "memo", "Total"])])
    merged = []
    if len(grid) > 4 and rng.random() < 0.4:
        start = rng.randint(1, len(grid) - 3)
        merged = [(start, 0, start + 1, 0)]
    flat = sheet_rows(grid, merged, replace(LAYOUT, kind="flat"), "f.xlsx")  # the same rows, no block rule
    expected_notes = [n for n in flat.notes] + _blocks_row_by_row(flat.rows, LAYOUT)
    filled = sheet_rows(grid, merged, LAYOUT, "f.xlsx")
    assert [(r.row, r.values, r.filled, r.is_total, r.extra) for r in filled.rows] == \
        [(r.row, r.values, r.filled, r.is_total, r.extra) for r in flat.rows]
    assert filled.notes == expected_notes
