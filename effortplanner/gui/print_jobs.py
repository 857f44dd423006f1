"""Printing and exporting as background jobs: one place that starts them and says how they ended.

The runner handed in is the window's (`MainWindow.jobs`), whose jobs show in the status bar
with their progress and a Cancel button. A cancelled job ends with a note in the status bar,
a failed one with one message box that says what failed and why (never a traceback).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QThreadPool
from PySide6.QtWidgets import QMessageBox, QWidget

from effortplanner.gui.jobs import Job, JobRunner, Work
from effortplanner.gui.timeline.export import ExportCancelled


def _ignore(_value: object) -> None:
    return None


class NothingToPrint(Exception):
    """The preparation found nothing to print (a load view without an analysis window); the
    message says why."""


_waiters: QThreadPool | None = None


def _waiter_pool() -> QThreadPool:
    """The threads the sliced works' stand-in jobs wait on: their own, so that a waiting job never
    holds a thread of the global pool, where the job it waits for (the heatmap) may be queued."""
    global _waiters
    if _waiters is None:
        _waiters = QThreadPool()
        _waiters.setMaxThreadCount(64)
        _waiters.setExpiryTimeout(2000)
    return _waiters


def start_job(jobs: JobRunner, parent: QWidget, title: str, work: Work, what: str,
              done: Callable[[Any], None] = _ignore, message: Callable[[str], None] = _ignore,
              queue: str = "print", gave_up: Callable[[], None] = lambda: None,
              pool: QThreadPool | None = None) -> Job:
    """Run `work` on `jobs`, cancellable; `done(result)` when it ends well, `gave_up()` when it is
    cancelled or fails (after saying so). `what` names the work in the messages ("Printing", "The
    timeline export")."""

    def failed(error: BaseException) -> None:
        if isinstance(error, ExportCancelled):
            message(f"{what} cancelled")
        elif isinstance(error, NothingToPrint):
            message(str(error))
        else:
            QMessageBox.warning(parent, f"{what} failed", f"{what} failed: {error}")
        gave_up()

    return jobs.start(Job(title, work, done, failed, queue=queue, cancellable=True), pool)


class SlicedWork:
    """Work done a slice per event-loop turn on the GUI thread (reading a view, recording the
    timeline), shown in the status bar like a background job, with its progress and Cancel: the
    job stands for it, its worker only waiting (without the interpreter lock) until `end()`.
    The slicer reports each turn through `progress`, which says whether to go on."""

    def __init__(self, jobs: JobRunner, parent: QWidget, title: str, what: str,
                 message: Callable[[str], None] = _ignore, gave_up: Callable[[], None] = lambda: None,
                 slicer_parent: QObject | None = None) -> None:
        self.jobs = jobs
        self.ended = threading.Event()
        self.reason = ""  # why there is nothing to print, when that is how it ended
        self.job = start_job(jobs, parent, title, self._wait, what, message=message, queue="", gave_up=gave_up,
                             pool=_waiter_pool())
        if slicer_parent is not None:  # the slicer goes with it: so must the job, or it waits for ever
            self._watch(slicer_parent)

    def _watch(self, slicer_parent: QObject) -> None:
        slicer_parent.destroyed.connect(self.job.cancel)

        def forget(job: Job) -> None:
            if job is self.job:
                self.jobs.finished.disconnect(forget)
                if shiboken6.isValid(slicer_parent):
                    slicer_parent.destroyed.disconnect(self.job.cancel)

        self.jobs.finished.connect(forget)

    def _wait(self, _progress: Callable[[float, str], None], cancelled: Callable[[], bool]) -> None:
        while not self.ended.wait(0.05) and not cancelled():
            pass
        if self.reason:
            raise NothingToPrint(self.reason)
        if cancelled():
            raise ExportCancelled()

    def nothing_to_print(self, reason: str) -> None:
        """End the job saying why there is nothing to print."""
        self.reason = reason
        self.end()

    @property
    def cancelled(self) -> bool:
        return self.job.cancelled

    def progress(self, done: int, total: int) -> bool:
        """Show how far the slices are; False (and the job ends) once the user has cancelled."""
        if self.job.cancelled:
            self.end()
            return False
        self.jobs.progressed.emit(self.job, done / max(total, 1), f"{done:,} of {total:,}")
        return True

    def end(self) -> None:
        self.ended.set()
