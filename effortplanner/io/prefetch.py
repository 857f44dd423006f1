"""A one-shot command's spreadsheets read in a background thread while the command's modules load.

`effortplanner check FILE` spends its first ~0.4 s of CPU loading pandas and our modules, then ~0.5 s
reading FILE, of which the guard's inflating and python-calamine's parsing run without the interpreter
lock. Started as soon as the arguments are parsed, the read uses the machine's other core while the
imports hold this one, and the importer takes the sheets read (`take`) instead of reading again.

The thread runs the very read the importer would (`workbook.read_workbook_here`: the guard first, then
the reader), file after file in the order the command imports them, at most one file ahead of the
importer (a file is read once the one before it was taken: at most one more file's sheets are held
than when reading in place). Whatever the read raises (the guard's refusal, an unreadable workbook) is
kept and raised by `take`, where the importer would have raised it. A file that is not plainly a
spreadsheet (a project file, a file its kind refuses, a missing one) ends the thread: the importer reads
it, and every file after it, as it always did. Nothing changes for a caller that did not start a prefetch (the
window, `import_files`).

Reading ahead pays only with a core to spare (`a_core_is_free`): on a machine whose cores are all busy,
the two threads hand the interpreter lock to each other through the scheduler's queue, and a thread
preempted while it holds the lock stops the other (measured at a load of 7 on 2 cores: +0.3 s of a 4.4 s
check); there, and on one core, the command reads in place as before. The load average counts the
whole machine and the affinity mask ignores a container's CPU quota: `EFFORTPLANNER_READ_AHEAD=0` (or
`=1`) settles it by hand, as scripts that must compare like with like do.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from effortplanner.io.workbook import RawSheet

Read = Callable[[Path], "list[RawSheet] | None"]  # None: not a spreadsheet, left to the importer


class Prefetch:
    """The files a command will import, read in order by one thread; `take` hands each over once."""

    def __init__(self, paths: Sequence[Path], read: Read | None = None) -> None:
        self.paths = list(paths)
        self._read = read
        self._ready: dict[int, list[RawSheet] | BaseException] = {}  # file index -> its sheets or its error
        self._taken = 0  # files handed over: the next one asked for is paths[_taken]
        self._closed = False  # the command is done: read nothing more
        self._ended = False  # the thread read all it will
        self.owner = threading.get_ident()  # the command's thread: the only one handed the sheets
        self._change = threading.Condition()
        self.thread = threading.Thread(target=self._run, name="effortplanner-prefetch", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def _run(self) -> None:
        try:
            self._read_all(self._read or _read_spreadsheet)
        finally:
            with self._change:
                self._ended = True
                self._change.notify_all()

    def _read_all(self, read: Read) -> None:
        for index, path in enumerate(self.paths):
            with self._change:  # one file ahead of the importer at most
                self._change.wait_for(lambda: self._closed or self._taken >= index)
                if self._closed:
                    return
            try:
                sheets: list[RawSheet] | BaseException | None = read(path)
            except BaseException as exc:  # noqa: BLE001 - raised again by `take`, in the importer's place
                sheets = exc
            if sheets is None:
                return  # not a spreadsheet: the importer reads from here on as it always did
            with self._change:
                self._ready[index] = sheets
                self._change.notify_all()
            if isinstance(sheets, BaseException):
                return  # refused or unreadable: the command stops there

    def take(self, path: Path) -> list[RawSheet] | None:
        """The sheets read for `path` (or its read's error, raised), or None: not read here, read it now.

        Only the next file in order is handed over; a thread still reading it is waited for."""
        if threading.get_ident() != self.owner:
            return None
        with self._change:
            if self._closed or self._taken >= len(self.paths) or self.paths[self._taken] != path:
                return None
            index = self._taken
            self._change.wait_for(lambda: index in self._ready or self._ended)
            sheets = self._ready.pop(index, None)
            self._taken += 1
            self._change.notify_all()
        if isinstance(sheets, BaseException):
            raise sheets
        return sheets

    def close(self) -> None:
        """Stop reading ahead, wait for a read under way to end, and let go of whatever was not taken.

        A command that fails after taking one file thus ends once the next file's read is done (that
        read cannot be interrupted inside the reader): at most one file's read later than it would."""
        with self._change:
            self._closed = True
            self._change.notify_all()
        if self.thread.ident is not None:
            self.thread.join()
        self._ready.clear()


def _read_spreadsheet(path: Path) -> list[RawSheet] | None:
    """What `importer.inspect_file` reads for a spreadsheet; None for a file it would not read as one."""
    from effortplanner.io.errors import PlanReadError
    from effortplanner.io.sniff import sniff_readable
    from effortplanner.io.workbook import read_workbook_here

    try:
        kind = sniff_readable(path)
    except PlanReadError:
        return None  # refused by its kind: the importer says so, before any read
    if kind is not None and kind.is_project:
        return None
    return read_workbook_here(path)


_current: Prefetch | None = None


def read_ahead_wanted() -> bool:
    """`EFFORTPLANNER_READ_AHEAD` (0: never, 1: always), else whether a core is free."""
    setting = os.environ.get("EFFORTPLANNER_READ_AHEAD", "").strip()
    if setting in ("0", "1"):
        return setting == "1"
    return a_core_is_free()


def a_core_is_free() -> bool:
    """Whether this process may use more than one core and, over the last minute, fewer tasks were
    runnable than it has cores (the load average; where there is none, whether it has two cores)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):  # Windows
        return cores > 1
    return cores > 1 and load < cores


@contextmanager
def reading_ahead(paths: Sequence[Path], read: Read | None = None) -> Iterator[Prefetch | None]:
    """Files read ahead for the importer while the block runs (none given, or no core free: nothing
    started); the thread is ended and joined when the block ends, however it ends."""
    global _current
    if not paths or _current is not None or not read_ahead_wanted():  # nested (a command inside another's): in place
        yield None
        return
    prefetch = Prefetch(paths, read)
    try:
        prefetch.start()
    except RuntimeError:  # no thread to be had (a process or memory limit): read in place
        yield None
        return
    _current = prefetch
    try:
        yield prefetch
    finally:
        _current = None
        prefetch.close()


def take(path: Path) -> list[RawSheet] | None:
    """The sheets of `path` if a command is reading it ahead (its read's error raised), else None."""
    prefetch = _current
    return prefetch.take(path) if prefetch is not None else None
