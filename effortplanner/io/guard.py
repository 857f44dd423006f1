"""The checks every input passes before a reader touches it.

A reader is only as safe as what it is handed: a FIFO blocks it forever, `/dev/zero`
never ends, a 1 MB zip can expand to gigabytes, and one cell stored at XFD1048576
makes the spreadsheet reader ask for a 17-billion-cell grid (512 GB) and abort the
interpreter. So each file is resolved and checked here first (regular file, size for
its kind), a zip's entries are checked (count, declared and real sizes, ratio,
compression method), and each xlsx sheet's cells are scanned (streaming, no DTD) for
the box its values really fill. Anything past a limit is one PlanReadError line.

The limits are `LIMITS` (an instance of `Limits`); `EFFORTPLANNER_MAX_CELLS` in the
environment overrides the cell limit.
"""

from __future__ import annotations

import os
import re
import stat
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from xml.parsers import expat

from effortplanner.io.errors import PlanReadError

MB = 1 << 20


@dataclass(frozen=True)
class Limits:
    """What an input may be. Past any of these the file is refused with its size."""

    workbook_bytes: int = 200 * MB  # xlsx, xlsm, xlsb, xls, ods on disk
    text_bytes: int = 100 * MB  # csv, tsv, txt
    plan_bytes: int = 2048 * MB  # .effortplan
    zip_entries: int = 10_000
    zip_uncompressed: int = 512 * MB  # all entries together, declared and real
    zip_ratio: int = 100  # uncompressed:compressed, for entries over 1 MB
    max_cells: int = 2_000_000  # rows x columns a sheet's values span
    max_columns: int = 16_384  # Excel's own limit (XFD)
    max_rows: int = 1_048_576  # Excel's own limit


def _limits() -> Limits:
    cells = os.environ.get("EFFORTPLANNER_MAX_CELLS", "")
    return Limits(max_cells=int(cells)) if cells.isdigit() and int(cells) > 0 else Limits()


LIMITS = _limits()
KIND_LIMIT = {"workbook": "workbook_bytes", "text": "text_bytes", "plan": "plan_bytes"}


def size_text(size: int) -> str:
    return f"{size / MB:.1f} MB" if size >= MB else f"{size:,} bytes"


def checked_file(path: str | Path, kind: str) -> Path:
    """`path` if it is a readable regular file within its kind's size limit; else one PlanReadError.

    Symlinks are resolved and the target checked again, so a link named `.csv` to
    `/dev/zero` or a FIFO is refused before anything opens it.
    """
    path = Path(path)
    try:
        info = os.stat(path)  # follows symlinks: the target is what a reader would get
    except FileNotFoundError:
        raise PlanReadError("no such file" if not path.is_symlink() else "is a link to a file that does not exist",
                            file=path) from None
    except OSError as exc:
        raise PlanReadError(f"cannot be opened ({exc.strerror or exc})", file=path) from None
    mode = info.st_mode
    if stat.S_ISDIR(mode):
        raise PlanReadError("is a folder, not a file", file=path)
    if not stat.S_ISREG(mode):
        what = "a named pipe (FIFO)" if stat.S_ISFIFO(mode) else "a device" if stat.S_ISCHR(mode) or \
            stat.S_ISBLK(mode) else "a socket" if stat.S_ISSOCK(mode) else "not a regular file"
        link = f" (a link to {os.path.realpath(path)})" if path.is_symlink() else ""
        raise PlanReadError(f"is {what}{link}, not a file; refused", file=path)
    limit = getattr(LIMITS, KIND_LIMIT[kind])
    if info.st_size > limit:
        raise PlanReadError(f"is {size_text(info.st_size)}, more than the {size_text(limit)} a plan input may be; "
                            "refused", file=path)
    if info.st_size == 0:
        raise PlanReadError("is empty (0 bytes)", file=path)
    return path


def read_head(path: Path, size: int) -> bytes:
    """The first bytes of a checked file, opened without blocking (a FIFO swapped in after the check)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise PlanReadError(f"cannot be opened ({exc.strerror or exc})", file=path) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise PlanReadError("is not a regular file; refused", file=path)
        return os.read(fd, size)
    except OSError as exc:
        raise PlanReadError(f"cannot be read ({exc.strerror or exc})", file=path) from None
    finally:
        os.close(fd)


@contextmanager
def reader_errors(path: Path, sheet: str | None = None, what: str = "cannot be read as a spreadsheet") -> Iterator[None]:
    """Any exception a third-party reader raises becomes one PlanReadError naming file and sheet.

    Rust panics surface as pyo3's PanicException, a BaseException: caught here too.
    KeyboardInterrupt and SystemExit pass through.
    """
    try:
        yield
    except PlanReadError:
        raise
    except (KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    except MemoryError:
        raise PlanReadError(f"{what} (it needs more memory than is available)", file=path, sheet=sheet) from None
    except BaseException as exc:  # noqa: BLE001 - a reader's panic is a BaseException; it must not escape
        raise PlanReadError(f"{what} ({short_reason(exc)})", file=path, sheet=sheet) from None


def short_reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) < 160 else text[:157] + "..."


# -- zip containers (xlsx, xlsm, xlsb, ods) -------------------------------------------------------------------

SUPPORTED_COMPRESSION = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflate"}
_CHUNK = 1 << 16


def check_zip(path: Path) -> list[str]:
    """Names in a zip whose entries are within the limits, each one read through once.

    Reading verifies the real size and checksum against what the directory declares,
    so an entry that lies about its size is caught here and not by a reader.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            _check_directory(path, infos)
            for info in infos:
                if info.is_dir():
                    continue
                real = 0
                with archive.open(info) as entry:
                    while chunk := entry.read(_CHUNK):
                        real += len(chunk)
                if real != info.file_size:
                    raise PlanReadError(f"is damaged (zip entry {info.filename!r} holds {real} bytes, "
                                        f"not the {info.file_size} it declares)", file=path)
            return [i.filename for i in infos]
    except PlanReadError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, OSError, RuntimeError,
            NotImplementedError) as exc:
        raise PlanReadError(f"is damaged or incomplete ({short_reason(exc)}); try saving it again from "
                            "your spreadsheet program", file=path) from None
    except Exception as exc:  # zlib.error and friends: a broken stream, one line
        raise PlanReadError(f"is damaged ({short_reason(exc)})", file=path) from None


def _check_directory(path: Path, infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > LIMITS.zip_entries:
        raise PlanReadError(f"is a zip of {len(infos):,} entries, more than the {LIMITS.zip_entries:,} a "
                            "spreadsheet has; refused", file=path)
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise PlanReadError("is password-protected (an encrypted zip); remove the password and import "
                                "the unprotected copy", file=path)
        if info.compress_type not in SUPPORTED_COMPRESSION:
            raise PlanReadError(f"uses a compression method ({info.compress_type}) spreadsheets do not use "
                                f"(entry {info.filename!r}); refused", file=path)
        total += info.file_size
        if info.file_size > MB and info.file_size > LIMITS.zip_ratio * max(info.compress_size, 1):
            raise PlanReadError(f"expands {info.file_size // max(info.compress_size, 1):,} times (entry "
                                f"{info.filename!r}: {size_text(info.file_size)}), more than a spreadsheet "
                                "does; refused as a zip bomb", file=path)
    if total > LIMITS.zip_uncompressed:
        raise PlanReadError(f"expands to {size_text(total)}, more than the {size_text(LIMITS.zip_uncompressed)} "
                            "a plan spreadsheet can be; refused", file=path)


# -- xlsx sheets: where the values really are ----------------------------------------------------------------

@dataclass
class SheetExtent:
    """The box a sheet's values fill (0-based, inclusive) and how many cells hold one."""

    name: str
    values: int = 0
    max_row: int = -1
    max_col: int = -1
    far_cell: str = ""  # the reference of the value furthest out

    @property
    def cells(self) -> int:
        return (self.max_row + 1) * (self.max_col + 1)


_REF = re.compile(r"\$?([A-Za-z]{1,10})\$?(\d{1,20})$")


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
            match = _REF.match(ref)
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
        while chunk := stream.read(_CHUNK):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    return extent


# A value cell as spreadsheet programs write it: `r` first, no prefix, not self-closing.
_PLAIN_CELL = re.compile(rb'<c r="\$?([A-Za-z]{1,12})\$?(\d{1,24})"(?: [\w:]+="[^"]*")*>')
_EMPTY_CELL = re.compile(rb"<c [^>]*/>")
_PREFIXED_CELL = re.compile(rb"<[\w.-]+:c[ >/]")


def scan_sheet_xml(archive: zipfile.ZipFile, entry: str, extent: SheetExtent) -> SheetExtent:
    """Fill `extent` from one worksheet's XML, streaming: far references found without building anything.

    Sheets as spreadsheet programs write them (an `r` first on every cell) are scanned
    by regular expressions at C speed; any other cell form sends the sheet to the exact
    expat scan. A DTD or entity declaration is refused (nothing expanded or fetched).
    """
    carry = b""
    with archive.open(entry) as stream:
        while True:
            chunk = stream.read(_CHUNK * 4)
            data = carry + chunk
            cut = data.rfind(b"<") if chunk else len(data)
            cut = len(data) if cut < 0 else cut
            part, carry = data[:cut], data[cut:]
            if b"<!DOCTYPE" in part or b"<!ENTITY" in part:
                raise ValueError("holds a DTD, which no spreadsheet needs")
            found = _PLAIN_CELL.findall(part)
            tags = part.count(b"<c ") + part.count(b"<c>")
            if tags != len(found) + len(_EMPTY_CELL.findall(part)) or _PREFIXED_CELL.search(part):
                return _scan_exact(archive, entry, SheetExtent(extent.name))
            _take_refs(found, extent)
            if not chunk:
                return extent
            if len(carry) > _CHUNK * 16:
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


def _sheet_entries(archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet name -> its XML entry, from workbook.xml and its relationships (names default to the entry)."""
    import defusedxml.ElementTree as ET

    names: dict[str, str] = {}
    try:
        book = ET.fromstring(archive.read("xl/workbook.xml"))
        rels = ET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target", "") for r in rels}
        for sheet in book.iter():
            if sheet.tag.rpartition("}")[2] != "sheet":
                continue
            rid = next((v for k, v in sheet.attrib.items() if k.rpartition("}")[2] == "id"), None)
            target = targets.get(rid, "")
            entry = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
            names[entry] = sheet.get("name", entry)
    except (KeyError, ET.ParseError, ValueError):
        pass
    except Exception:  # defusedxml's refusals (DTD, entities): the reader will refuse the file too
        pass
    return names


def scan_xlsx(path: Path, names: list[str]) -> list[SheetExtent]:
    """The value box of every worksheet of an xlsx/xlsm; a sheet past the limits is refused by name."""
    extents = []
    try:
        with zipfile.ZipFile(path) as archive:
            _check_counts(path, archive, names)
            sheet_names = _sheet_entries(archive)
            for entry in names:
                if not (entry.startswith("xl/worksheets/") and entry.endswith(".xml")):
                    continue
                extent = SheetExtent(sheet_names.get(entry, PurePosixPath(entry).stem))
                try:
                    scan_sheet_xml(archive, entry, extent)
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


def check_extent(path: Path, extent: SheetExtent) -> None:
    """Refuse a sheet whose values span more cells, rows or columns than the limits allow, naming the far cell."""
    rows, cols = extent.max_row + 1, extent.max_col + 1
    if extent.cells <= LIMITS.max_cells and rows <= LIMITS.max_rows and cols <= LIMITS.max_columns:
        return
    far = f" (its furthest value is at {extent.far_cell})" if extent.far_cell else ""
    raise PlanReadError(f"spans {rows:,} rows x {cols:,} columns = {extent.cells:,} cells{far}, more than the "
                        f"{LIMITS.max_cells:,}-cell limit; refused (delete stray far-away cells, or split the sheet)",
                        file=path, sheet=extent.name)
