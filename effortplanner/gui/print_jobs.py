"""Printing and exporting as background jobs: one place that starts them and says how they ended.

The runner handed in is the window's (`MainWindow.jobs`), whose jobs show in the status bar
with their progress and a Cancel button. A cancelled job ends with a note in the status bar,
a failed one with one message box that says what failed and why (never a traceback).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QMessageBox, QWidget

from effortplanner.gui.jobs import Job, JobRunner, Work
from effortplanner.gui.timeline.export import ExportCancelled


def _ignore(_value: object) -> None:
    return None


def start_job(jobs: JobRunner, parent: QWidget, title: str, work: Work, what: str,
              done: Callable[[Any], None] = _ignore, message: Callable[[str], None] = _ignore,
              queue: str = "print") -> Job:
    """Run `work` on `jobs`, cancellable; `done(result)` when it ends well. `what` names the work in
    the messages ("Printing", "The timeline export")."""

    def failed(error: BaseException) -> None:
        if isinstance(error, ExportCancelled):
            message(f"{what} cancelled")
            return
        QMessageBox.warning(parent, f"{what} failed", f"{what} failed: {error}")

    return jobs.start(Job(title, work, done, failed, queue=queue, cancellable=True))


class SlicedWork:
    """Work done a slice per event-loop turn on the GUI thread (reading a view, recording the
    timeline), shown in the status bar like a background job, with its progress and Cancel: the
    job stands for it, its worker only waiting (without the interpreter lock) until `end()`.
    The slicer reports each turn through `progress`, which says whether to go on."""

    def __init__(self, jobs: JobRunner, parent: QWidget, title: str, what: str,
                 message: Callable[[str], None] = _ignore) -> None:
        self.jobs = jobs
        self.ended = threading.Event()
        self.job = start_job(jobs, parent, title, self._wait, what, message=message, queue="")

    def _wait(self, _progress: Callable[[float, str], None], cancelled: Callable[[], bool]) -> None:
        while not self.ended.wait(0.05) and not cancelled():
            pass
        if cancelled():
            raise ExportCancelled()

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
