"""The import behind the Import dialog's progress dialog: `import_files` in a worker thread that
can be cancelled; whatever it raises ends as one line for the dialog to show."""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QThread, Signal
from PySide6.QtWidgets import QWidget

from effortplanner.core.plan import Plan, PlanSettings
from effortplanner.io.errors import ImportCancelled, PlanReadError
from effortplanner.io.headers import SheetLayout
from effortplanner.io.importer import import_files

log = logging.getLogger(__name__)


class ImportThread(QThread):
    """Runs `import_files` off the GUI thread; the outcome is read once `finished` was emitted."""

    progressed = Signal(float, str)

    def __init__(self, paths: Sequence[Path], settings: PlanSettings,
                 layouts: dict[str, dict[str, SheetLayout]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.paths, self.settings, self.layouts = list(paths), settings, layouts
        self._cancel = threading.Event()
        self.plan: Plan | None = None
        self.error: str | None = None
        self.was_cancelled = False

    def request_cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def run(self) -> None:
        try:
            plan = import_files(self.paths, self.settings, layouts=self.layouts,
                                progress=self.progressed.emit, cancelled=self.is_cancelled)
        except ImportCancelled:
            self.was_cancelled = True
            return
        except PlanReadError as exc:
            self.error = str(exc)
            return
        except Exception as exc:  # a bug in the importer must end as a message, not a dead thread
            log.exception("import failed")
            self.error = f"The import stopped on an unexpected error ({type(exc).__name__}: {exc})"
            return
        if self.is_cancelled():  # cancelled after the last check: nothing changes either
            self.was_cancelled = True
        else:
            self.plan = plan
