"""The review workbook's shared strings are listed as XlsxWriter would list them (io.review.StringsInOrder)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from xlsxwriter.sharedstrings import SharedStringTable

from effortplanner.io.review import StringsInOrder, new_workbook


def _listed(table: SharedStringTable, texts: list[str]) -> tuple[list[int], list[str]]:
    indexes = [table._get_shared_string_index(t) for t in texts]
    table._sort_string_data()
    return indexes, table.string_array


def test_the_strings_are_listed_as_xlsxwriter_sorts_them() -> None:
    texts = [f"duty {i % 97}" for i in range(1000)] + ["", "Ünïcode", "duty 3", "=HYPERLINK(\"x\")"]
    assert _listed(StringsInOrder(), texts) == _listed(SharedStringTable(), texts)


def test_a_table_numbered_otherwise_is_sorted() -> None:
    table = StringsInOrder()
    table.string_table = {"b": 1, "a": 0}  # as if numbered out of order
    table._sort_string_data()
    assert table.string_array == ["a", "b"]


def test_a_table_out_of_order_before_its_last_string_is_sorted() -> None:
    table = StringsInOrder()
    table.string_table = {"c": 0, "a": 2, "b": 1, "d": 3}  # the last one in its place, not the others
    table._sort_string_data()
    assert table.string_array == ["c", "b", "a", "d"]


def test_a_workbook_written_with_it_reads_back(tmp_path: Path) -> None:
    import openpyxl

    path = tmp_path / "book.xlsx"
    book = new_workbook(path)
    sheet = book.add_worksheet("One")
    for r in range(50):
        sheet.write_string(r, 0, f"row {r % 7}")
        sheet.write_string(r, 1, f"other {r}")
    book.add_worksheet("Two").write_string(0, 0, "row 3")
    book.close()
    read = openpyxl.load_workbook(path)
    assert [read["One"].cell(r + 1, 1).value for r in range(50)] == [f"row {r % 7}" for r in range(50)]
    assert read["One"].cell(50, 2).value == "other 49" and read["Two"]["A1"].value == "row 3"
    with zipfile.ZipFile(path) as z:
        assert b'uniqueCount="57"' in z.read("xl/sharedStrings.xml")
