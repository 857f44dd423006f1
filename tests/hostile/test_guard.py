"""The guard in front of the readers, the child-process reader, and the limits, one behaviour at a time."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest

from effortplanner.io import guard, isolated, workbook
from effortplanner.io.errors import PlanReadError
from effortplanner.io.importer import import_files
from effortplanner.io.workbook import read_workbook

from .corpus import _append_cells, _rezip, _set_dimension, _sheet_edit, _valid_xlsx


@pytest.fixture
def base(tmp_path: Path) -> Path:
    return _valid_xlsx(tmp_path / "base.xlsx")


def _limits(monkeypatch, **changes) -> None:
    limits = dataclasses.replace(guard.LIMITS, **changes)
    monkeypatch.setattr(guard, "LIMITS", limits)
    monkeypatch.setattr(workbook, "LIMITS", limits)


def test_a_fifo_a_device_and_a_folder_are_refused_before_anything_opens_them(tmp_path: Path) -> None:
    fifo = tmp_path / "plan.csv"
    os.mkfifo(fifo)
    link = tmp_path / "zero.csv"
    link.symlink_to("/dev/zero")
    (tmp_path / "folder.xlsx").mkdir()
    for path, words in ((fifo, "named pipe"), (link, "a device (a link to /dev/zero)"),
                        (tmp_path / "folder.xlsx", "is a folder")):
        with pytest.raises(PlanReadError) as err:
            read_workbook(path)
        assert words in str(err.value) and str(path) in str(err.value)


def test_a_link_to_a_workbook_is_read_as_its_target(base: Path, tmp_path: Path) -> None:
    link = tmp_path / "link.xlsx"
    link.symlink_to(base)
    assert read_workbook(link)[0].rows[1][0] == "Ada Lovelace"


def test_size_limit_per_kind(base: Path, tmp_path: Path, monkeypatch) -> None:
    _limits(monkeypatch, workbook_bytes=1000)
    with pytest.raises(PlanReadError, match=r"more than the 1,000 bytes a plan input may be"):
        read_workbook(base)


def test_a_far_cell_is_refused_with_its_reference_before_the_reader_allocates(base: Path, tmp_path: Path) -> None:
    far = _rezip(base, tmp_path / "far.xlsx", _sheet_edit(_append_cells(
        '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>')))
    with pytest.raises(PlanReadError) as err:
        read_workbook(far)
    text = str(err.value)
    assert "sheet 'Staff'" in text and "XFD1048576" in text and "17,179,869,184 cells" in text


def test_a_huge_stored_dimension_and_styled_far_cells_read_as_the_real_data(base: Path, tmp_path: Path) -> None:
    odd = _rezip(base, tmp_path / "odd.xlsx", _sheet_edit(lambda s: _append_cells(
        '<row r="1048576"><c r="XFD1048576" s="0"/></row>')(_set_dimension(s, "A1:XFD1048576"))))
    sheet = read_workbook(odd)[0]
    assert len(sheet.rows) == 5 and max(len(r) for r in sheet.rows) == 4


def test_the_cell_limit_is_a_setting_and_names_the_size(tmp_path: Path, monkeypatch) -> None:
    _limits(monkeypatch, max_cells=30)
    csv = tmp_path / "rows.csv"
    csv.write_text("Name,Assignment,FTE\n" + "".join(f"P{i},d,0.1\n" for i in range(20)))
    with pytest.raises(PlanReadError, match=r"more than 30 cells \(the limit\) by row 11"):
        read_workbook(csv)
    big = _valid_xlsx(tmp_path / "big.xlsx", [[f"P{i}", "d", 0.1, ""] for i in range(20)])
    with pytest.raises(PlanReadError, match=r"sheet 'Staff': spans 21 rows x 4 columns = 84 cells"):
        read_workbook(big)


def test_the_limit_can_be_raised_from_the_environment(monkeypatch) -> None:
    monkeypatch.setenv("EFFORTPLANNER_MAX_CELLS", "5000000")
    assert guard._limits().max_cells == 5_000_000
    monkeypatch.setenv("EFFORTPLANNER_MAX_CELLS", "lots")
    assert guard._limits().max_cells == 2_000_000


def test_a_panic_in_the_reader_becomes_one_located_error(base: Path, monkeypatch) -> None:
    class PanicException(BaseException):  # what pyo3 raises for a Rust panic: not an Exception
        pass

    class Exploding:
        @staticmethod
        def from_path(_path: str) -> object:
            raise PanicException("called `Option::unwrap()` on a `None` value")

        from_filelike = from_path

    monkeypatch.setattr(workbook, "CalamineWorkbook", Exploding)
    monkeypatch.setattr(workbook, "_ISOLATE_ALL", False)  # an earlier in-process window start may have set it
    with pytest.raises(PlanReadError) as err:
        read_workbook(base)
    assert str(err.value).startswith(str(base)) and "unwrap" in str(err.value)


def test_keyboard_interrupt_is_not_swallowed(base: Path, monkeypatch) -> None:
    class Interrupting:
        @staticmethod
        def from_path(_path: str) -> object:
            raise KeyboardInterrupt

    monkeypatch.setattr(workbook, "CalamineWorkbook", Interrupting)
    monkeypatch.setattr(workbook, "_ISOLATE_ALL", False)
    with pytest.raises(KeyboardInterrupt):
        read_workbook(base)


def test_a_reader_that_aborts_in_the_child_is_one_line_in_the_parent(base: Path, tmp_path: Path,
                                                                     monkeypatch) -> None:
    """With the guard's limits lifted, the far cell makes calamine abort: only the child dies."""
    far = _rezip(base, tmp_path / "far.xlsx", _sheet_edit(_append_cells(
        '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>')))
    monkeypatch.setenv("EFFORTPLANNER_MAX_CELLS", str(10**12))
    monkeypatch.setattr(isolated, "CHILD_MEMORY", 512 * 1024 * 1024)
    with pytest.raises(PlanReadError, match="the reader crashed on it"):
        isolated.read_in_child(far)


def test_the_window_reads_in_a_child_and_gets_the_same_sheets(base: Path) -> None:
    workbook.isolate_reads(True)
    try:
        sheets = read_workbook(base)
    finally:
        workbook.isolate_reads(False)
    assert sheets[0].name == "Staff" and sheets[0].rows == read_workbook(base)[0].rows


def test_zip_checks(base: Path, tmp_path: Path, monkeypatch) -> None:
    bomb = _rezip(base, tmp_path / "bomb.xlsx", lambda n, d: d, {"xl/media/pad.bin": b"\0" * (8 << 20)})
    with pytest.raises(PlanReadError, match="refused as a zip bomb"):
        read_workbook(bomb)
    _limits(monkeypatch, zip_entries=5)
    with pytest.raises(PlanReadError, match=r"zip of \d+ entries, more than the 5"):
        read_workbook(base)


def test_merged_ranges_are_clipped_to_the_cells_that_exist(base: Path, tmp_path: Path) -> None:
    merged = _rezip(base, tmp_path / "merged.xlsx", _sheet_edit(lambda s: s.replace(
        "</sheetData>", '</sheetData><mergeCells count="1"><mergeCell ref="B2:XFD1048576"/></mergeCells>')))
    assert read_workbook(merged)[0].merged == [(1, 1, 4, 3)]


def test_a_ten_megabyte_cell_is_kept_whole_and_not_taken_for_a_header(tmp_path: Path) -> None:
    text = "y" * 3_000_000
    path = tmp_path / "long.csv"
    path.write_text(f"Name,Assignment,FTE\nAda,{text},0.5\n")
    plan = import_files([path])
    assert plan.assignments["duty"].iloc[0] == text


def test_a_shared_string_count_that_lies_is_refused_before_the_reader_reserves_it(tmp_path: Path) -> None:
    """Found by the fuzzer: uniqueCount="4832965716" in a 300-byte part made calamine ask for 116 GB and abort."""
    from .corpus import _xlsxwriter_book

    book = _xlsxwriter_book(tmp_path / "book.xlsx")
    lying = _rezip(book, tmp_path / "lying.xlsx", lambda n, d: d.replace(b'uniqueCount="', b'uniqueCount="4832965716')
                   if n == "xl/sharedStrings.xml" else d)
    with pytest.raises(PlanReadError, match=r"xl/sharedStrings.xml declares [\d,]+ strings but holds \d+"):
        read_workbook(lying)
    assert read_workbook(book)[0].rows[1][0] == "Ada Lovelace"
