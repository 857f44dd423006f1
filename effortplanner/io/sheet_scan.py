"""Where an xlsx sheet's values really are, found before the reader builds their grid.

The worksheet XML is streamed: cells as spreadsheet programs write them (`r` first)
are found by regular expressions at C speed, any other form is scanned exactly by
expat; no DTD or entity is accepted. A shared-string table that declares more strings
than it holds is refused too (the reader would reserve room for all of them).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from xml.parsers import expat

from effortplanner.io.errors import PlanReadError
from effortplanner.io import guard
from effortplanner.io.guard import CHUNK, SheetExtent, check_extent, short_reason

REF = re.compile(r"\$?([A-Za-z]{1,10})\$?(\d{1,20})$")


def column_index(letters: str) -> int:
    index = 0
    for ch in letters.upper():
        index = index * 26 + (ord(ch) - 64)
    return index - 1


class _SheetScan:
    """Expat handlers over one worksheet: cell positions (explicit or implied) of cells holding a value."""

    def __init__(self, extent: SheetExtent) -> None:
        self.extent = extent
        self.row = -1
        self.col = -1
        self.ref = ""
        self.in_cell = False
        self.valued = False

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        local = tag.rpartition(":")[2]
        if local == "row":
            r = attrs.get("r", "")
            self.row = int(r) - 1 if r.isdigit() else self.row + 1
            self.col = -1
        elif local == "c":
            ref = attrs.get("r", "")
            match = REF.match(ref)
            if match:
                self.col, self.row = column_index(match.group(1)), int(match.group(2)) - 1
                self.ref = ref
            else:
                self.col += 1
                self.ref = ""
            self.in_cell, self.valued = True, False
        elif self.in_cell and local in ("v", "is", "f"):
            self.valued = True

    def end(self, tag: str) -> None:
        if tag.rpartition(":")[2] == "c" and self.in_cell:
            self.in_cell = False
            if self.valued:
                extent = self.extent
                extent.values += 1
                if self.row > extent.max_row or self.col > extent.max_col:
                    extent.far_cell = self.ref or f"row {self.row + 1}, column {self.col + 1}"
                extent.max_row = max(extent.max_row, self.row)
                extent.max_col = max(extent.max_col, self.col)


def _refuse_dtd(*_args: object) -> None:
    raise ValueError("holds a DTD, which no spreadsheet needs")


def _scan_exact(archive: zipfile.ZipFile, entry: str, extent: SheetExtent) -> SheetExtent:
    """Expat over the sheet: every cell's position, explicit or implied (for sheets whose cells carry no `r`)."""
    scan = _SheetScan(extent)
    parser = expat.ParserCreate()
    parser.StartElementHandler = scan.start
    parser.EndElementHandler = scan.end
    parser.StartDoctypeDeclHandler = _refuse_dtd
    parser.EntityDeclHandler = _refuse_dtd
    with archive.open(entry) as stream:
        while chunk := stream.read(CHUNK):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    return extent


# A value cell as spreadsheet programs write it: `r` first, no prefix, not self-closing.
_PLAIN_CELL = re.compile(rb'<c r="\$?([A-Za-z]{1,12})\$?(\d{1,24})"(?: [\w:]+="[^"]*")*>')
_EMPTY_CELL = re.compile(rb"<c(?:\s[^>]*)?/>")
_CELL_TAG_ENDS = (b" ", b">", b"/", b"\t", b"\n", b"\r")  # what may follow `<c` in a cell tag: any XML blank too
_PREFIXED_CELL = re.compile(rb"<[\w.-]+:c[\s>/]")


def scan_sheet_xml(archive: zipfile.ZipFile, entry: str, extent: SheetExtent,
                   verified: tuple[int, int] | None = None, checked: bool = False) -> SheetExtent:
    """Fill `extent` from one worksheet's XML, streaming, never holding more than a few chunks.

    The sheet's stored `<dimension>` is only a claim. When it is within the limits, a
    few searches per chunk (all at C speed, nothing built per cell; see `BoxCheck`)
    check that every cell tag has the plain form `<c r="A1"` with its reference inside
    the claimed box, and that no prefixed cell, DTD or entity is there; the claimed box
    is then the answer (an upper bound of the real one). Anything else (no usable
    dimension, a cell outside it, even an empty styled one, an odd form) is scanned cell
    by cell by `scan_cells`, which gives the exact box and names the furthest value.
    `checked`: a `BoxCheck` already ran while the zip was checked, and `verified` is what it
    confirmed (None: it failed, so the sheet goes straight to the cell-by-cell scan).
    """
    box = verified if checked else _verified_box(archive, entry)
    if box is None:
        return scan_cells(archive, entry, extent)
    extent.max_row, extent.max_col = box
    return extent


_DIMENSION = re.compile(rb'<dimension\s+ref="\$?(?:[A-Za-z]{1,3}\$?\d{1,7}:)?\$?([A-Za-z]{1,3})\$?(\d{1,7})"')
_DTD = re.compile(rb"!DOCTYPE|!ENTITY")
_MAYBE_PREFIXED = re.compile(rb":c[\s>/]")


def _at_most(bound: str, symbols: str) -> str:
    """A pattern for the strings over `symbols` (in order) that are shorter than `bound` or sort at or before it."""
    def cls(chars: str) -> str:  # a plain digit is a literal: the regex engine runs those faster than a class
        return chars if chars.isdigit() and len(chars) == 1 else \
            "[" + "".join(f"{c}{c.lower()}" if c.isalpha() else c for c in chars) + "]"
    every = cls(symbols)
    parts = []
    for i, ch in enumerate(bound):  # as long as the bound: the common case, tried first
        lower = symbols[:symbols.index(ch)]
        if lower:
            rest = len(bound) - i - 1
            parts.append("".join(cls(c) for c in bound[:i]) + cls(lower) + (f"{every}{{{rest}}}" if rest else ""))
    parts.append("".join(cls(c) for c in bound))
    # Possessive: a run longer than the bound's is refused at once instead of tried at every shorter length.
    parts += [f"{every}{{1,{len(bound) - 1}}}+"] if len(bound) > 1 else []
    return "(?:" + "|".join(parts) + ")"


def _outside(max_row: int, max_col: int) -> re.Pattern[bytes]:
    """A search for a cell tag that is not `<c r="REF"` with REF inside the box (0-based, inclusive).

    Other elements whose names start with c (`<cols>`, `<cfRule>`) are not cells and
    do not match; `<c>`, `<c s="1" r=…>`, an absolute `$A$1` (no writer puts one in a
    cell tag: the exact scan reads it) or a reference past the box do.
    """
    cols = _at_most(column_letter(max_col), "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    rows = _at_most(str(max_row + 1), "0123456789")
    return re.compile(rf'<c(?! r="{cols}{rows}"|[\w.:-])'.encode())


def column_letter(index: int) -> str:
    """Spreadsheet column letters of a 0-based index (0 -> A, 26 -> AA)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


class BoxCheck:
    """Fed a worksheet's XML chunk by chunk (b"" at the end): `box` is then the stored dimension's
    box (0-based last row, column) if every cell is plain and inside it, else None."""

    def __init__(self) -> None:
        self.carry = b""
        self.outside: re.Pattern[bytes] | None = None
        self.box: tuple[int, int] | None = None
        self.failed = False

    def feed(self, chunk: bytes) -> None:
        if self.failed:
            return
        data = self.carry + chunk if self.carry else chunk
        cut = data.rfind(b"<") if chunk else len(data)
        cut = len(data) if cut < 0 else cut
        self.carry = data[cut:]  # searches below stop at `cut`: the whole tags, no copy of them
        if self.outside is None:
            found = _DIMENSION.search(data, 0, data.find(b"<sheetData", 0, cut) % (cut + 1))
            box = (int(found.group(2)) - 1, column_index(found.group(1).decode())) if found else (-1, -1)
            if box[0] < 0 or not _within_limits(box):
                self.failed = True
                return
            self.box, self.outside = box, _outside(*box)
        # A DTD needs a `!`: one byte search rules most sheets out.
        if self.outside.search(data, 0, cut) or (data.find(b"!", 0, cut) >= 0 and _DTD.search(data, 0, cut)) or \
                _maybe_prefixed_cell(data, cut) or len(self.carry) > CHUNK * 16:
            self.failed = True

    @property
    def confirmed(self) -> tuple[int, int] | None:
        return None if self.failed or self.carry else self.box


_COLONS_LOOKED_AT = 64  # past this many colons in a piece, one regex over the rest


def _maybe_prefixed_cell(data: bytes, end: int) -> bool:
    """Whether data[:end] may hold a prefixed cell (`<x:c`): its `:c` and then a blank, `>` or `/`.

    Sheets hold few colons (namespace declarations, times in text): each is looked at by a
    byte search, and a piece with many is searched by the regex from there (linear either way).
    """
    colon = data.find(b":", 0, end)
    for _ in range(_COLONS_LOOKED_AT):
        if colon < 0:
            return False
        if data[colon + 1:colon + 2] == b"c" and _MAYBE_PREFIXED.match(data, colon, end):
            return _PREFIXED_CELL.search(data, 0, end) is not None
        colon = data.find(b":", colon + 1, end)
    return colon >= 0 and _MAYBE_PREFIXED.search(data, colon, end) is not None and \
        _PREFIXED_CELL.search(data, 0, end) is not None


def _verified_box(archive: zipfile.ZipFile, entry: str) -> tuple[int, int] | None:
    """`BoxCheck` over one worksheet entry."""
    check = BoxCheck()
    with archive.open(entry) as stream:
        while chunk := stream.read(CHUNK * 4):
            check.feed(chunk)
            if check.failed:
                return None
    check.feed(b"")
    return check.confirmed


class BoxChecks:
    """A `BoxCheck` per worksheet entry, for `guard.check_zip(path, watch=...)`."""

    def __init__(self) -> None:
        self.checks: dict[str, BoxCheck] = {}

    def watch(self, name: str) -> Callable[[bytes], None] | None:
        if not is_worksheet(name):
            return None
        self.checks[name] = BoxCheck()
        return self.checks[name].feed

    def outcomes(self) -> dict[str, tuple[int, int] | None]:
        """Every watched worksheet's confirmed box, None where the check failed (not worth running again)."""
        return {name: check.confirmed for name, check in self.checks.items()}


def is_worksheet(entry: str) -> bool:
    return entry.startswith("xl/worksheets/") and entry.endswith(".xml")


def _within_limits(box: tuple[int, int]) -> bool:
    rows, cols, limits = box[0] + 1, box[1] + 1, guard.LIMITS  # read now: tests and settings may change it
    return rows * cols <= limits.max_cells and rows <= limits.max_rows and cols <= limits.max_columns


def scan_cells(archive: zipfile.ZipFile, entry: str, extent: SheetExtent) -> SheetExtent:
    """Fill `extent` from every value cell's reference: the exact box, far references found without building anything.

    Sheets as spreadsheet programs write them (an `r` first on every cell) are scanned
    by regular expressions at C speed; any other cell form sends the sheet to the exact
    expat scan. A DTD or entity declaration is refused (nothing expanded or fetched).
    """
    carry = b""
    with archive.open(entry) as stream:
        while True:
            chunk = stream.read(CHUNK * 4)
            data = carry + chunk
            cut = data.rfind(b"<") if chunk else len(data)
            cut = len(data) if cut < 0 else cut
            part, carry = data[:cut], data[cut:]
            if b"<!DOCTYPE" in part or b"<!ENTITY" in part:
                raise ValueError("holds a DTD, which no spreadsheet needs")
            found = _PLAIN_CELL.findall(part)
            tags = sum(part.count(b"<c" + end) for end in _CELL_TAG_ENDS)
            if tags != len(found) + len(_EMPTY_CELL.findall(part)) or _PREFIXED_CELL.search(part):
                return _scan_exact(archive, entry, SheetExtent(extent.name))
            _take_refs(found, extent)
            if not chunk:
                return extent
            if len(carry) > CHUNK * 16:
                raise ValueError("holds a tag longer than 1 MB")


def _take_refs(found: list[tuple[bytes, bytes]], extent: SheetExtent) -> None:
    if not found:
        return
    extent.values += len(found)
    rows = [d for _, d in found]
    letters = [c for c, _ in found]
    row = max(map(int, rows)) - 1
    width = max(map(len, letters))
    col = column_index(max(c.upper() for c in letters if len(c) == width).decode())
    if row > extent.max_row or col > extent.max_col:
        far = next((f for f in found if int(f[1]) == row + 1), found[-1]) if row > extent.max_row else \
            next((f for f in found if column_index(f[0].decode()) == col), found[-1])
        extent.far_cell = (far[0] + far[1]).decode()
    extent.max_row, extent.max_col = max(extent.max_row, row), max(extent.max_col, col)


def sheet_entries(archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet name -> its XML entry, from workbook.xml and its relationships (names default to the entry)."""
    names: dict[str, str] = {}
    try:
        targets = {r.get("Id"): r.get("Target", "") for r in _elements(archive.read("xl/_rels/workbook.xml.rels"),
                                                                       "Relationship")}
        for sheet in _elements(archive.read("xl/workbook.xml"), "sheet"):
            rid = next((v for k, v in sheet.items() if k.rpartition(":")[2] == "id"), None)
            target = targets.get(rid, "")
            entry = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
            names[entry] = sheet.get("name", entry)
    except (KeyError, ValueError, expat.ExpatError):
        pass  # the reader will judge the file; names default to the entries
    except Exception:  # noqa: BLE001 - zip damage (bad CRC, odd method): the guard and the reader say so
        pass
    return names


def _elements(data: bytes, local: str) -> list[dict[str, str]]:
    """The attributes of every element with this local name, by expat (no DTD or entity accepted)."""
    found: list[dict[str, str]] = []

    def start(tag: str, attrs: dict[str, str]) -> None:
        if tag.rpartition(":")[2] == local:
            found.append(attrs)

    parser = expat.ParserCreate()
    parser.StartElementHandler = start
    parser.StartDoctypeDeclHandler = _refuse_dtd
    parser.EntityDeclHandler = _refuse_dtd
    parser.Parse(data, True)
    return found


def scan_xlsx(path: Path, names: list[str],
              verified: dict[str, tuple[int, int] | None] | None = None) -> list[SheetExtent]:
    """The value box of every worksheet of an xlsx/xlsm; a sheet past the limits is refused by name.

    `verified`: what `BoxChecks` found while the zip was read through (`BoxChecks.outcomes`):
    a sheet it checked is not checked again, whether its box was confirmed or not.
    """
    verified = verified or {}
    extents = []
    try:
        with zipfile.ZipFile(path) as archive:
            _check_counts(path, archive, names)
            sheet_names = sheet_entries(archive)
            for entry in names:
                if not is_worksheet(entry):
                    continue
                extent = SheetExtent(sheet_names.get(entry, PurePosixPath(entry).stem))
                try:
                    extent = scan_sheet_xml(archive, entry, extent, verified.get(entry), entry in verified)  # may be new
                except (expat.ExpatError, ValueError) as exc:
                    raise PlanReadError(f"is damaged ({short_reason(exc)})", file=path, sheet=extent.name) from None
                check_extent(path, extent)
                extents.append(extent)
    except PlanReadError:
        raise
    except Exception as exc:  # the zip was checked already; anything here is damage
        raise PlanReadError(f"is damaged ({short_reason(exc)})", file=path) from None
    return extents


_UNIQUE_COUNT = re.compile(rb'\buniqueCount="(\d{1,30})"')


def _check_counts(path: Path, archive: zipfile.ZipFile, names: list[str]) -> None:
    """Refuse a shared-string table that declares more strings than it holds.

    The reader reserves room for `uniqueCount` strings up front: four billion declared
    in a 300-byte part makes it ask for 116 GB and abort (found by the fuzzer).
    """
    for entry in names:
        if entry.startswith("xl/") and entry.endswith(".xml") and not entry.startswith("xl/worksheets/"):
            data = archive.read(entry)
            declared = max(map(int, _UNIQUE_COUNT.findall(data)), default=0)
            if declared > data.count(b"si") + 16:  # every string is an <si> element
                raise PlanReadError(f"is damaged ({entry} declares {declared:,} strings but holds "
                                    f"{data.count(b'<si'):,})", file=path)
