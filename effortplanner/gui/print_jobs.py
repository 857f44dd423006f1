"""Printing and exporting as background jobs: one place that starts them and says how they ended.

The runner handed in is the window's (`MainWindow.jobs`), whose jobs show in the status bar
with their progress and a Cancel button. A cancelled job ends with a note in the status bar,
a failed one with one message box that says what failed and why (never a traceback).
"""

from __future__ import annotations

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
