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

from python_calamine import CalamineError, CalamineWorkbook, PasswordError, XmlError, ZipError

_CALAMINE_ERRORS = (CalamineError, PasswordError, XmlError, ZipError, ValueError, OSError, UnicodeError)

from effortplanner.io.errors import PlanReadError

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
TEXT_SUFFIXES = (".csv", ".tsv", ".txt")
MAX_UNCOMPRESSED = 512 * 1024 * 1024  # refuse zip bombs before any parser sees them
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass
class RawSheet:
    """A sheet as a grid of cell values ('' for empty), 0-based, plus merged ranges."""

    name: str
    rows: list[list[object]]
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # r0, c0, r1, c1 inclusive


def read_workbook(path: str | Path) -> list[RawSheet]:
    """All visible worksheets of a file. Raises PlanReadError with a located message."""
    path = Path(path)
    if not path.exists():
        raise PlanReadError("no such file", file=path)
    if path.is_dir():
        raise PlanReadError("is a folder, not a spreadsheet", file=path)
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise PlanReadError(f"cannot be opened ({exc.strerror or exc})", file=path) from None
    if not head:
        raise PlanReadError("is empty (0 bytes)", file=path)
    suffix = path.suffix.lower()
    if head.startswith(b"PK"):
        _check_zip(path, suffix)
        return _read_calamine(path)
    if head == _OLE_MAGIC:
        if _is_encrypted_ooxml(path):
            raise PlanReadError("is password-protected; open it in your spreadsheet program, "
                                "remove the password (or save an unprotected copy) and import that", file=path)
        return _read_calamine(path)  # a legacy .xls workbook
    if suffix in WORKBOOK_SUFFIXES:
        raise PlanReadError(f"is not a spreadsheet, although its name ends in {suffix} "
                            "(it may have been renamed or damaged)", file=path)
    return [_read_csv(path)]


def _check_zip(path: Path, suffix: str) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            total = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise PlanReadError("is damaged or incomplete (the file ends before its contents do); "
                            "try saving it again from your spreadsheet program", file=path) from None
    except OSError as exc:
        raise PlanReadError(f"cannot be read ({exc})", file=path) from None
    if total > MAX_UNCOMPRESSED:
        raise PlanReadError(f"expands to {total // 2**20} MB, more than a plan spreadsheet can be; refused", file=path)
    if not any(n.startswith("xl/") or n == "content.xml" for n in names):
        kind = "a Word document" if any(n.startswith("word/") for n in names) else \
            "a presentation" if any(n.startswith("ppt/") for n in names) else "a zip archive"
        raise PlanReadError(f"is {kind}, not a spreadsheet", file=path)


def _is_encrypted_ooxml(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            data = handle.read(1 << 20)  # the OLE directory sits near the start
    except OSError:
        return False
    # An encrypted xlsx is an OLE container with these stream names (UTF-16 directory entries).
    return "EncryptionInfo".encode("utf-16-le") in data or "EncryptedPackage".encode("utf-16-le") in data


def _read_calamine(path: Path) -> list[RawSheet]:
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except PasswordError:
        raise PlanReadError("is password-protected; remove the password in your spreadsheet program "
                            "and import the unprotected copy", file=path) from None
    except _CALAMINE_ERRORS as exc:
        raise PlanReadError(f"cannot be read as a spreadsheet ({_short(exc)})", file=path) from None
    sheets = []
    try:
        for meta in workbook.sheets_metadata:
            if str(getattr(meta, "visible", "")).endswith("Hidden") or "Chart" in str(getattr(meta, "typ", "")):
                continue
            try:
                sheet = workbook.get_sheet_by_name(meta.name)
                rows = sheet.to_python(skip_empty_area=False)
                merged = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in (sheet.merged_cell_ranges or [])]
            except _CALAMINE_ERRORS as exc:
                raise PlanReadError(f"cannot be read ({_short(exc)})", file=path, sheet=meta.name) from None
            sheets.append(RawSheet(meta.name, [list(r) for r in rows], merged))
    finally:
        workbook.close()
    if not sheets:
        raise PlanReadError("has no worksheets", file=path)
    return sheets


def _short(exc: Exception) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) < 160 else text[:157] + "..."


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


def _read_csv(path: Path) -> RawSheet:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PlanReadError(f"cannot be read ({exc.strerror or exc})", file=path) from None
    text = _decode(data, path)
    sample = "\n".join(text.splitlines()[:50])
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel_tab if path.suffix.lower() == ".tsv" else csv.excel
    try:
        rows: list[list[object]] = [list(r) for r in csv.reader(io.StringIO(text), dialect)]
    except csv.Error as exc:
        raise PlanReadError(f"is not valid CSV ({exc})", file=path) from None
    return RawSheet(path.stem, rows)
