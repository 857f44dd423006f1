"""A header row written as formulas with no saved value (openpyxl, scripts) is read from the formula text,
or said to be unreadable with its location; the first data row is never silently taken for the header."""

from __future__ import annotations

import openpyxl
import pytest

from effortplanner.io.errors import PlanReadError
from effortplanner.io.formula_cells import UncachedFormula, fill_literals, literal_value
from effortplanner.io.importer import import_files
from effortplanner.io.workbook import read_workbook

ROWS = [["Ada Lovelace", "Calibration", 0.5, "2027-03-31"], ["Alan Turing", "Pipeline", 0.3, "2027-09-30"]]


def _book(path, *header_rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Staff"
    for row in [*header_rows, *ROWS]:
        sheet.append(row)
    book.save(path)
    return path


def test_literal_formulas_have_their_value() -> None:
    assert literal_value('"Name"') == "Name"
    assert literal_value('"End of "&"Contract"') == "End of Contract"
    assert literal_value('"say ""hi"""') == 'say "hi"'
    assert literal_value(" 1.5 ") == 1.5
    assert literal_value("Sheet2!A1") is None
    assert literal_value('UPPER("name")') is None
    assert literal_value('"a"&B2') is None


def test_fill_literals_fills_only_empty_cells_and_returns_the_rest() -> None:
    rows: list[list[object]] = [["", "kept"]]
    cells = [UncachedFormula(0, 0, '"Name"'), UncachedFormula(0, 1, '"FTE"'), UncachedFormula(0, 2, "X9"),
             UncachedFormula(1, 0, '"Who"')]
    unread, read = fill_literals(rows, cells)
    assert rows == [["Name", "kept", ""], ["Who"]]
    assert unread == [UncachedFormula(0, 2, "X9")]
    assert [c.col for c in read] == [0, 0]


def test_a_header_of_text_formulas_is_read_and_no_row_is_lost(tmp_path) -> None:
    path = _book(tmp_path / "f.xlsx", ['="Name"', '="Assign"&"ment"', '="FTE"', '="End of Contract"'])
    assert read_workbook(path)[0].rows[0] == ["Name", "Assignment", "FTE", "End of Contract"]
    plan = import_files([path])
    assert sorted(plan.people["name"]) == ["Ada Lovelace", "Alan Turing"]
    note = next(n for n in plan.notes if "formula text" in n.message)
    assert (note.sheet, note.row) == ("Staff", 1)


def test_a_header_of_formulas_nothing_calculated_is_refused_with_its_row(tmp_path) -> None:
    path = _book(tmp_path / "f.xlsx", ["=Sheet2!A1", "=Sheet2!B1", "=Sheet2!C1", "=Sheet2!D1"])
    with pytest.raises(PlanReadError) as caught:
        import_files([path])
    assert caught.value.sheet == "Staff"
    assert "row 1 holds 4 formula cells with no saved value" in str(caught.value)


def test_unread_formulas_above_the_header_are_a_located_warning(tmp_path) -> None:
    path = _book(tmp_path / "f.xlsx", ["=Sheet2!A1", "=Sheet2!B1"], ["Name", "Assignment", "FTE", "End of Contract"])
    plan = import_files([path])
    assert sorted(plan.people["name"]) == ["Ada Lovelace", "Alan Turing"]
    warning = next(n for n in plan.notes if "no saved value" in n.message)
    assert (warning.kind, warning.sheet, warning.row, warning.column) == ("warning", "Staff", 1, "A")
    assert "row 2 was taken as the header" in warning.message


def test_formula_cells_are_read_the_same_in_the_child_process(tmp_path) -> None:
    from effortplanner.io.isolated import read_in_child

    path = _book(tmp_path / "f.xlsx", ['="Name"', "=Sheet2!B1"])
    sheet = read_in_child(path)[0]
    assert sheet.rows[0][:2] == ["Name", ""]
    assert sheet.unread_formulas == [UncachedFormula(0, 1, "Sheet2!B1")]
