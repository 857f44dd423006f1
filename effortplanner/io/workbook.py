"""Raw cell grids from xlsx, xlsm, xls, ods and csv files, with merged ranges.

python-calamine reads the workbook formats (fast, and it reports merged cells);
csv is sniffed for encoding and delimiter. Whatever goes wrong becomes one
PlanReadError naming the file, never a traceback.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from python_calamine import CalamineWorkbook

from effortplanner.io import prefetch
from effortplanner.io.errors import PlanReadError
from effortplanner.io.formula_cells import UncachedFormula, fill_literals, uncached_formulas
from effortplanner.io.guard import LIMITS, SheetExtent, check_extent, check_zip, checked_file, read_head, reader_errors
from effortplanner.io.sheet_scan import BoxChecks, is_worksheet, scan_xlsx

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
TEXT_SUFFIXES = (".csv", ".tsv", ".txt")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass
class RawSheet:
    """A sheet as a grid of cell values ('' for empty), 0-based, plus merged ranges."""

    name: str
    rows: list[list[object]]
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # r0, c0, r1, c1 inclusive
    unread_formulas: list[UncachedFormula] = field(default_factory=list)  # header-row formulas with no value
    read_formulas: list[UncachedFormula] = field(default_factory=list)  # those read from their text


def read_workbook(path: str | Path) -> list[RawSheet]:
    """All visible worksheets of a file. Raises PlanReadError with a located message.

    Taken from a command's read-ahead when it read this file (io/prefetch.py), else read here."""
    path = Path(path)
    sheets = prefetch.take(path)
    return sheets if sheets is not None else read_workbook_here(path)


def read_workbook_here(path: str | Path) -> list[RawSheet]:
    """`read_workbook` in the calling thread.

    The guard runs first (regular file, size, zip entries, far cells); formats whose
    reader can abort the interpreter on a hostile file (xls, xlsb, ods), and every
    workbook once `isolate_reads(True)` was called (the window), are read in a child
    process, so an abort there is one error line here.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    checked_file(path, "workbook" if suffix in WORKBOOK_SUFFIXES else "text")
    head = read_head(path, 8)
    if head.startswith(b"PK"):
        boxes = BoxChecks()  # each worksheet's cells checked as the zip check reads it: decompressed once here
        names = check_zip(path, boxes.watch)
        _check_spreadsheet_zip(path, names)
        if any(map(is_worksheet, names)):
            scan_xlsx(path, names, boxes.outcomes())  # far cells refused before the reader allocates their grid
            return _read(path, isolated=_ISOLATE_ALL)
        return _read(path, isolated=True)
    if head == _OLE_MAGIC:
        if _is_encrypted_ooxml(path):
            raise PlanReadError("is password-protected; open it in your spreadsheet program, "
                                "remove the password (or save an unprotected copy) and import that", file=path)
        return _read(path, isolated=True)  # a legacy .xls workbook
    if suffix in WORKBOOK_SUFFIXES:
        raise PlanReadError(f"is not a spreadsheet, although its name ends in {suffix} "
                            "(it may have been renamed or damaged)", file=path)
    checked_file(path, "text")
    return [_read_csv(path)]


_ISOLATE_ALL = False


def isolate_reads(on: bool = True) -> None:
    """Read every workbook in a child process from now on (the window calls this: a file must not kill it)."""
    global _ISOLATE_ALL
    _ISOLATE_ALL = on


def _read(path: Path, isolated: bool) -> list[RawSheet]:
    if isolated:
        from effortplanner.io.isolated import read_in_child

        return read_in_child(path)
    return read_calamine(path)


def _check_spreadsheet_zip(path: Path, names: list[str]) -> None:
    if not any(n.startswith("xl/") or n == "content.xml" for n in names):
        kind = "a Word document" if any(n.startswith("word/") for n in names) else \
            "a presentation" if any(n.startswith("ppt/") for n in names) else "a zip archive"
        raise PlanReadError(f"is {kind}, not a spreadsheet", file=path)


def _is_encrypted_ooxml(path: Path) -> bool:
    data = read_head(path, 1 << 20)  # the OLE directory sits near the start
    # An encrypted xlsx is an OLE container with these stream names (UTF-16 directory entries).
    return "EncryptionInfo".encode("utf-16-le") in data or "EncryptedPackage".encode("utf-16-le") in data


def read_calamine(path: Path) -> list[RawSheet]:
    """Every visible sheet through python-calamine; whatever it raises (a panic too) is one located line."""
    try:
        workbook = _open_calamine(path)
    except PlanReadError as exc:
        if "password" in exc.message.lower():
            raise PlanReadError("is password-protected; remove the password in your spreadsheet program "
                                "and import the unprotected copy", file=path) from None
        raise
    sheets = []
    formulas = uncached_formulas(path) if zipfile.is_zipfile(path) else {}
    try:
        with reader_errors(path):
            metadata = list(workbook.sheets_metadata)
        for meta in metadata:
            if str(getattr(meta, "visible", "")).endswith("Hidden") or "Chart" in str(getattr(meta, "typ", "")):
                continue
            with reader_errors(path, meta.name, "cannot be read"):
                sheet = workbook.get_sheet_by_name(meta.name)
                check_extent(path, SheetExtent(meta.name, max_row=sheet.height - 1, max_col=sheet.width - 1))
                rows: list[list[object]] = sheet.to_python(skip_empty_area=False)  # fresh lists, ours to change
                merged = _clipped(sheet.merged_cell_ranges or [], len(rows), max(map(len, rows), default=0))
            unread, read = fill_literals(rows, formulas.get(meta.name, []))
            sheets.append(RawSheet(meta.name, rows, merged, unread, read))
    finally:
        with reader_errors(path):
            workbook.close()
    if not sheets:
        raise PlanReadError("has no worksheets", file=path)
    return sheets


def _open_calamine(path: Path) -> CalamineWorkbook:
    """The workbook by its name's format, else by its content (an xlsx saved as .xls still reads)."""
    try:
        with reader_errors(path):
            return CalamineWorkbook.from_path(str(path))
    except PlanReadError as by_name:
        try:
            with reader_errors(path), path.open("rb") as handle:
                return CalamineWorkbook.from_filelike(handle)
        except PlanReadError:
            raise by_name from None


def _clipped(ranges: list, height: int, width: int) -> list[tuple[int, int, int, int]]:
    """Merged ranges cut to the cells that exist: a merge over A1:XFD1048576 must not become 17 billion cells."""
    out = []
    for (r0, c0), (r1, c1) in ranges:
        if r0 < height and c0 < width:
            out.append((r0, c0, min(r1, height - 1), min(c1, width - 1)))
    return out


def _decode(data: bytes, path: Path) -> str:
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise PlanReadError("is a binary file, not a spreadsheet or CSV", file=path)
    for encoding in ("utf-8-sig", "utf-16"):
        if encoding == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("cp1252", errors="replace")


SNIFF_CHARS = 64 * 1024  # the delimiter is guessed from the first 50 lines, at most this much text


def _read_csv(path: Path) -> RawSheet:
    """A text table; refused past the row, column or cell limit, with its size."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PlanReadError(f"cannot be read ({exc.strerror or exc})", file=path) from None
    text = _decode(data, path)
    sample = "\n".join(text[:SNIFF_CHARS].splitlines()[:50])
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel_tab if path.suffix.lower() == ".tsv" else csv.excel
    csv.field_size_limit(max(csv.field_size_limit(), LIMITS.text_bytes))  # long text is kept whole
    rows: list[list[object]] = []
    cells = 0
    try:
        for row in csv.reader(io.StringIO(text), dialect):
            cells += len(row)
            if len(row) > LIMITS.max_columns:
                raise PlanReadError(f"has {len(row):,} columns in row {len(rows) + 1}, more than the "
                                    f"{LIMITS.max_columns:,} a sheet may have; refused", file=path)
            if cells > LIMITS.max_cells:
                raise PlanReadError(f"has more than {LIMITS.max_cells:,} cells (the limit) by row {len(rows) + 1}; "
                                    "refused (split the file)", file=path)
            rows.append(list(row))
    except csv.Error as exc:
        raise PlanReadError(f"is not valid CSV ({exc})", file=path, row=len(rows) + 1) from None
    return RawSheet(path.stem, rows)
