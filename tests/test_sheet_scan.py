"""The pre-read scan of xlsx sheets: the stored dimension is trusted only as far as every cell confirms it."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from effortplanner.io import sheet_scan
from effortplanner.io.errors import PlanReadError
from effortplanner.io.guard import SheetExtent
from effortplanner.io.workbook import read_workbook
from tests.hostile.corpus import _append_cells, _rezip, _set_dimension, _sheet_edit, _valid_xlsx

SHEET = "xl/worksheets/sheet1.xml"


@pytest.fixture
def base(tmp_path: Path) -> Path:
    return _valid_xlsx(tmp_path / "base.xlsx")  # dimension A1:D5


def _extent(path: Path) -> SheetExtent:
    with zipfile.ZipFile(path) as archive:
        return sheet_scan.scan_sheet_xml(archive, SHEET, SheetExtent("Staff"))


def _variant(base: Path, tmp_path: Path, cells: str, dimension: str | None = None) -> Path:
    def change(xml: str) -> str:
        return _append_cells(cells)(_set_dimension(xml, dimension) if dimension else xml)
    return _rezip(base, tmp_path / "variant.xlsx", _sheet_edit(change))


def test_a_dimension_every_cell_confirms_is_the_box(base: Path) -> None:
    extent = _extent(base)
    assert (extent.max_row, extent.max_col) == (4, 3)


@pytest.mark.parametrize("cell", [
    '<row r="9"><c r="D9"><v>1</v></c></row>',  # below the box
    '<row r="2"><c r="E2"><v>1</v></c></row>',  # right of it
    '<row r="2"><c r="e2"><v>1</v></c></row>',  # lower-case letters
    '<row r="2"><c r="$E$2"><v>1</v></c></row>',  # absolute form
    '<row r="9"><c\nr="D9"><v>1</v></c></row>',  # a line break where the blank usually is
    '<row r="9"><c t="n" r="D9"><v>1</v></c></row>',  # r not first
])
def test_a_value_outside_the_stored_dimension_is_found(base: Path, tmp_path: Path, cell: str) -> None:
    extent = _extent(_variant(base, tmp_path, cell))
    assert (extent.max_row, extent.max_col) in ((8, 3), (4, 4)) and extent.far_cell


def test_columns_and_cf_rules_are_not_taken_for_cells(base: Path, tmp_path: Path) -> None:
    path = _rezip(base, tmp_path / "cols.xlsx", _sheet_edit(lambda s: s.replace(
        "<sheetData>", '<cols><col min="1" max="30" width="9"/></cols><sheetData>')))
    assert sheet_scan._verified_box(zipfile.ZipFile(path), SHEET) == (4, 3)


def test_a_styled_empty_far_cell_takes_the_exact_scan_and_is_not_counted(base: Path, tmp_path: Path) -> None:
    path = _variant(base, tmp_path, '<row r="1048576"><c r="XFD1048576" s="0"/></row>')
    assert sheet_scan._verified_box(zipfile.ZipFile(path), SHEET) is None
    extent = _extent(path)
    assert (extent.max_row, extent.max_col) == (4, 3)


@pytest.mark.parametrize("tag", ['<c\nr="XFD1048576"', '<c\tr="XFD1048576"', '<c  r="XFD1048576"'])
def test_a_far_value_in_an_unusual_tag_spelling_is_refused_before_the_reader(base: Path, tmp_path: Path,
                                                                             tag: str) -> None:
    """The reader accepts any blank between `<c` and `r`: a line break must not hide a 17-billion-cell grid."""
    path = _variant(base, tmp_path, f'<row r="1048576">{tag} t="inlineStr"><is><t>x</t></is></c></row>')
    with pytest.raises(PlanReadError, match=r"17,179,869,184 cells"):
        _scan(path)  # not read_workbook: were the scan to miss it, the reader would abort the test run


def _scan(path: Path) -> list[SheetExtent]:
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
    return sheet_scan.scan_xlsx(path, names)


def test_a_huge_claimed_dimension_is_checked_cell_by_cell(base: Path, tmp_path: Path) -> None:
    path = _variant(base, tmp_path, "", dimension="A1:XFD1048576")
    assert sheet_scan._verified_box(zipfile.ZipFile(path), SHEET) is None
    assert len(read_workbook(path)[0].rows) == 5


def test_a_prefixed_cell_or_a_dtd_is_not_waved_through(base: Path, tmp_path: Path) -> None:
    prefixed = _rezip(base, tmp_path / "prefixed.xlsx", _sheet_edit(lambda s: s.replace(
        "<worksheet ", '<worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ').replace(
        "</sheetData>", '<row r="9"><x:c r="A9"><x:v>1</x:v></x:c></row></sheetData>')))
    assert sheet_scan._verified_box(zipfile.ZipFile(prefixed), SHEET) is None
    assert _extent(prefixed).max_row == 8
    far = _rezip(prefixed, tmp_path / "far_prefixed.xlsx", _sheet_edit(lambda s: s.replace('r="A9"', 'r="XFD99999"')))
    with pytest.raises(PlanReadError, match=r"its furthest value is at XFD99999"):
        _scan(far)  # the exact scan's box is the one checked
    doctype = _rezip(base, tmp_path / "dtd.xlsx", _sheet_edit(lambda s: s.replace(
        "<worksheet ", '<!DOCTYPE worksheet [<!ENTITY x "y">]><worksheet ', 1)))
    with pytest.raises(PlanReadError, match="DTD"):
        _scan(doctype)


@pytest.mark.parametrize(("bound", "inside", "outside"), [
    ("H", ["A", "h", "G"], ["I", "AA", "Z"]),
    ("AB", ["Z", "AA", "ab"], ["AC", "BA", "AAA"]),
    ("50467", ["1", "9999", "50467", "49999"], ["50468", "50500", "60000", "100000"]),
])
def test_the_bound_patterns_order_like_numbers_and_columns(bound: str, inside: list[str], outside: list[str]) -> None:
    import re

    symbols = "0123456789" if bound.isdigit() else "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    pattern = re.compile(sheet_scan._at_most(bound, symbols) + "$")
    assert all(pattern.match(text) for text in inside)
    assert not any(pattern.match(text) for text in outside)


def test_the_zip_check_confirms_the_box_as_it_reads_the_sheet(base: Path, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """The worksheet is decompressed once for both checks; a cell outside the box still sends it to the full scan."""
    from effortplanner.io.guard import check_zip

    boxes = sheet_scan.BoxChecks()
    names = check_zip(base, boxes.watch)
    assert boxes.outcomes() == {SHEET: (4, 3)}
    far = _variant(base, tmp_path, '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')
    far_boxes = sheet_scan.BoxChecks()
    far_names = check_zip(far, far_boxes.watch)
    assert far_boxes.outcomes() == {SHEET: None}

    def checked_again(*_args: object) -> None:
        raise AssertionError("the box check ran a second time")

    # Neither a confirmed box nor a failed check is worked out again (the sheet is not decompressed twice).
    monkeypatch.setattr(sheet_scan, "_verified_box", checked_again)
    assert sheet_scan.scan_xlsx(base, names, boxes.outcomes())[0].max_row == 4
    with pytest.raises(PlanReadError, match="XFD1048576"):
        sheet_scan.scan_xlsx(far, far_names, far_boxes.outcomes())


def _patch_entry(source: Path, target: Path, entry: str, **fields: int) -> Path:
    """A copy whose `entry` declares other sizes (`file_size`, `compress_size`) in its local and central headers."""
    import struct

    data = bytearray(source.read_bytes())
    with zipfile.ZipFile(source) as archive:
        info = archive.getinfo(entry)
    local_at = {"compress_size": 18, "file_size": 22}
    central_at = {"compress_size": 20, "file_size": 24}
    name = entry.encode()
    at = 0
    while (at := data.find(b"PK\x01\x02", at)) >= 0:
        if data[at + 46:at + 46 + len(name)] == name:
            break
        at += 4
    for field, value in fields.items():
        struct.pack_into("<I", data, info.header_offset + local_at[field], value)
        struct.pack_into("<I", data, at + central_at[field], value)
    target.write_bytes(bytes(data))
    return target


def test_a_sheet_holding_more_than_it_declares_is_inflated_no_further_and_refused(tmp_path: Path) -> None:
    """The zip check inflates a watched sheet straight from the file: never past its declared size + 1 byte."""
    from effortplanner.io.guard import check_zip

    big = _valid_xlsx(tmp_path / "big.xlsx", [["Name", "Note"]] + [[f"P{i}", "x" * 200] for i in range(3000)])
    liar = _patch_entry(big, tmp_path / "liar.xlsx", SHEET, file_size=1000)
    seen: list[int] = []

    def watch(name: str):
        return (lambda piece: seen.append(len(piece))) if name == SHEET else None

    with pytest.raises(PlanReadError, match=r"holds more than the 1000 bytes it declares"):
        check_zip(liar, watch)
    assert sum(seen) == 1001  # the sheet really holds over 600 KB


def test_a_sheet_stream_cut_before_its_end_is_refused(base: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(base) as archive:
        stored = archive.getinfo(SHEET).compress_size
    cut = _patch_entry(base, tmp_path / "cut.xlsx", SHEET, compress_size=stored // 2)
    with pytest.raises(PlanReadError, match="damaged or incomplete"):
        read_workbook(cut)


def test_a_sheet_with_a_wrong_checksum_is_one_located_error(base: Path, tmp_path: Path) -> None:
    """The zip check leaves a sheet's checksum to the reader (it verifies it): still one located line."""
    import struct

    with zipfile.ZipFile(base) as archive:
        crc = struct.pack("<I", archive.getinfo(SHEET).CRC)
    bad = tmp_path / "bad_crc.xlsx"
    bad.write_bytes(base.read_bytes().replace(crc, struct.pack("<I", int.from_bytes(crc, "little") ^ 0xFFFF)))
    with pytest.raises(PlanReadError, match="checksum") as caught:
        read_workbook(bad)
    assert caught.value.sheet == "Staff"


@pytest.mark.parametrize("colons", [1, 200])
def test_a_prefixed_far_cell_after_many_colons_is_still_found(base: Path, tmp_path: Path, colons: int) -> None:
    """Colons are looked at one by one up to a count, then by one search: neither way lets `<x:c` through."""
    text = "10:30 " * colons
    far = _rezip(base, tmp_path / "colons.xlsx", _sheet_edit(lambda s: _set_dimension(s, "A1:D9").replace(
        "<worksheet ", '<worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ').replace(
        "</sheetData>", f'<row r="8"><c r="A8" t="inlineStr"><is><t>{text}</t></is></c></row>'
                        '<row r="9"><x:c r="XFD99999"><x:v>1</x:v></x:c></row></sheetData>')))
    assert sheet_scan._verified_box(zipfile.ZipFile(far), SHEET) is None
    with pytest.raises(PlanReadError, match=r"its furthest value is at XFD99999"):
        _scan(far)


def test_an_absolute_reference_inside_the_box_is_read_cell_by_cell(base: Path, tmp_path: Path) -> None:
    """The box check takes only plain references; a `$A$2` (no writer puts one in a cell tag) goes to the exact scan."""
    path = _variant(base, tmp_path, '<row r="2"><c r="$A$2"><v>1</v></c></row>')
    assert sheet_scan._verified_box(zipfile.ZipFile(path), SHEET) is None
    extent = _extent(path)
    assert (extent.max_row, extent.max_col) == (4, 3)
