"""The checks every input passes before a reader touches it.

A reader is only as safe as what it is handed: a FIFO blocks it forever, `/dev/zero`
never ends, a 1 MB zip can expand to gigabytes, and one cell stored at XFD1048576
makes the spreadsheet reader ask for a 17-billion-cell grid (512 GB) and abort the
interpreter. So each file is resolved and checked here first (regular file, size for
its kind), a zip's entries are checked (count, declared and real sizes, ratio,
compression method), and each xlsx sheet's cells are scanned (`sheet_scan.py`) for
the box its values really fill. Anything past a limit is one PlanReadError line.

The limits are `LIMITS` (an instance of `Limits`); `EFFORTPLANNER_MAX_CELLS` in the
environment overrides the cell limit.
"""

from __future__ import annotations

import os
import stat
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from typing import BinaryIO
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

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
CHUNK = 1 << 16


def check_zip(path: Path, watch: Callable[[str], Callable[[bytes], None] | None] | None = None) -> list[str]:
    """Names in a zip whose entries are within the limits, each one read through once.

    Reading verifies the real size (and, for unwatched entries, the checksum) against what
    the directory declares, so an entry that lies about its size is caught here and not by
    a reader. `watch` may return, for an entry's name, a function given each piece of it
    as it is inflated (then b"" at its end), so a check of the content needs no second
    decompression; such an entry is inflated by `_inflate`.
    """
    try:
        with zipfile.ZipFile(path) as archive, path.open("rb") as raw:
            infos = archive.infolist()
            _check_directory(path, infos)
            for info in infos:
                if info.is_dir():
                    continue
                feed = watch(info.filename) if watch else None
                if feed:
                    real = _inflate(raw, info, feed)
                else:
                    real = 0
                    with archive.open(info) as entry:
                        while chunk := entry.read(CHUNK):
                            real += len(chunk)
                if real != info.file_size:
                    held = f"more than the {info.file_size}" if real > info.file_size else f"{real} bytes, not the "\
                        f"{info.file_size}"
                    raise PlanReadError(f"is damaged (zip entry {info.filename!r} holds {held} bytes it declares)",
                                        file=path)
            return [i.filename for i in infos]
    except PlanReadError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, OSError, RuntimeError,
            NotImplementedError) as exc:
        raise PlanReadError(f"is damaged or incomplete ({short_reason(exc)}); try saving it again from "
                            "your spreadsheet program", file=path) from None
    except Exception as exc:  # zlib.error and friends: a broken stream, one line
        raise PlanReadError(f"is damaged ({short_reason(exc)})", file=path) from None


# Decompressed bytes handed to a watcher at a time. Small enough that each piece (and the watcher's copy)
# reuses the same warm heap memory: 1 MB pieces were each fresh pages from the system (~2,600 page faults,
# ~8 ms more CPU for a 15 MB sheet); 32 KB pieces cost none.
WATCH_PIECE = 1 << 15


def _inflate(raw: BinaryIO, info: zipfile.ZipInfo, feed: Callable[[bytes], None]) -> int:
    """Feed an entry's content to `feed` in pieces (then b""); its real size, never past the declared size + 1.

    The entry is inflated straight from the file, piece by piece, with no checksum: the
    reader verifies the checksum itself, and what safety needs (the real size, the content
    for the cell check) is here. Output stops one byte past what the directory declares, so
    an entry that lies about its size costs no more than what it declares.
    """
    raw.seek(info.header_offset)
    header = raw.read(30)
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        raise zipfile.BadZipFile(f"bad local header for entry {info.filename!r}")
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    raw.seek(info.header_offset + 30 + name_length + extra_length)
    left = info.compress_size  # what the directory says the stored stream takes
    room = info.file_size + 1  # output allowed: one byte more proves a lie
    inflater = zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None
    real = 0
    pending = b""
    while room > 0:
        if not pending and left > 0:
            pending = raw.read(min(left, WATCH_PIECE))
            if not pending:
                raise EOFError(f"entry {info.filename!r} ends early")
            left -= len(pending)
        if inflater is None:
            piece, pending = pending[:room], b""
        elif inflater.eof:
            break
        else:
            piece = inflater.decompress(pending, min(room, WATCH_PIECE))
            pending = inflater.unconsumed_tail
        if not piece and not pending and left <= 0:
            if inflater is not None and not inflater.eof:
                raise EOFError(f"entry {info.filename!r}: the compressed stream ends before its end marker")
            break
        real += len(piece)
        room -= len(piece)
        if piece:
            feed(piece)
    feed(b"")
    return real


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


# -- sheet size (the xlsx scan is in sheet_scan.py) ----------------------------------------------------------

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


def check_extent(path: Path, extent: SheetExtent) -> None:
    """Refuse a sheet whose values span more cells, rows or columns than the limits allow, naming the far cell."""
    rows, cols = extent.max_row + 1, extent.max_col + 1
    if extent.cells <= LIMITS.max_cells and rows <= LIMITS.max_rows and cols <= LIMITS.max_columns:
        return
    far = f" (its furthest value is at {extent.far_cell})" if extent.far_cell else ""
    raise PlanReadError(f"spans {rows:,} rows x {cols:,} columns = {extent.cells:,} cells{far}, more than the "
                        f"{LIMITS.max_cells:,}-cell limit; refused (delete stray far-away cells, or split the sheet)",
                        file=path, sheet=extent.name)
