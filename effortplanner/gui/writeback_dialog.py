"""File › Write Back to Spreadsheets…: choose a folder and how removed duties look, then write off the GUI thread.

The writing itself is `effortplanner.io.writeback.write_back`; this dialog only gathers
the choices, runs it in a QThread on a copy of the plan (edits made meanwhile do not
reach the copies half way), shows a busy bar, and then what was written.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QThread, Signal
from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout,
                               QLabel, QLineEdit, QProgressBar, QPushButton, QRadioButton, QVBoxLayout, QWidget)

from effortplanner.core.plan import Plan
from effortplanner.io.errors import PlanReadError, PlanWriteError
from effortplanner.io.writeback import WriteOptions, WriteReport, write_back

if TYPE_CHECKING:
    from effortplanner.gui.document import PlanDocument


class WriteBackWorker(QThread):
    """Runs one write-back; reports the result or the one-line reason it failed."""

    done = Signal(object)
    failed = Signal(str)

    def __init__(self, plan: Plan, folder: Path, plan_file: Path | None, options: WriteOptions, log: list,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan, self.folder, self.plan_file, self.options, self.log = plan, folder, plan_file, options, log

    def run(self) -> None:
        try:
            report = write_back(self.plan, self.folder, plan_file=self.plan_file, options=self.options, log=self.log)
        except (PlanReadError, PlanWriteError) as exc:
            self.failed.emit(str(exc))
            return
        except Exception as exc:  # noqa: BLE001 - a bug must not leave the dialog busy for ever: say it
            self.failed.emit(f"an unexpected error stopped the writing ({type(exc).__name__}: {exc}); "
                             "the originals are unchanged")
            return
        self.done.emit(report)


class WriteBackDialog(QDialog):
    """Output folder, removed duties deleted or struck through, change summary on or off."""

    def __init__(self, document: PlanDocument, folder: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Write Back to Spreadsheets")
        self.document = document
        self.worker: WriteBackWorker | None = None
        self.report: WriteReport | None = None
        sources = document.plan.settings.sources if isinstance(document.plan.settings.sources, dict) else {}
        self.intro = intro = QLabel(
            f"Writes a copy of {', '.join(sources) or 'each spreadsheet the plan was imported from'} with the "
            f"plan's values of scenario '{document.scenarios.active}': changed cells highlighted, the old value "
            "in a comment. The originals are not changed.")
        intro.setWordWrap(True)
        self.folder = QLineEdit(folder)
        self.folder.setPlaceholderText("a folder for the copies")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.folder)
        row.addWidget(browse)
        self.remove = QRadioButton("Delete their rows")
        self.strike = QRadioButton("Keep them, struck through")
        self.remove.setChecked(True)
        removed = QVBoxLayout()
        removed.addWidget(self.remove)
        removed.addWidget(self.strike)
        self.summary = QCheckBox("Add a “Change summary” sheet at the end of each copy")
        self.summary.setChecked(True)
        form = QFormLayout()
        form.addRow("Output folder:", row)
        form.addRow("Removed duties:", removed)
        form.addRow("", self.summary)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # busy, with no steps to count
        self.busy.setVisible(False)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.write_button = self.buttons.addButton("Write", QDialogButtonBox.ButtonRole.AcceptRole)
        self.write_button.clicked.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.busy)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.resize(560, self.sizeHint().height())

    def _browse(self) -> None:
        name = QFileDialog.getExistingDirectory(self, "Folder for the copies", self.folder.text())
        if name:
            self.folder.setText(name)

    def options(self) -> WriteOptions:
        return WriteOptions(strike_removed=self.strike.isChecked(), change_summary=self.summary.isChecked())

    def start(self) -> None:
        """Write in a background thread; the window stays usable meanwhile."""
        folder = self.folder.text().strip()
        if not folder:
            self.status.setText("Choose a folder for the copies.")
            return
        scenarios = self.document.scenarios
        log = scenarios.log_between(scenarios.baseline.name, scenarios.active)
        self.worker = WriteBackWorker(self.document.plan.copy(), Path(folder), self.document.path, self.options(),
                                      log, self)
        self.worker.done.connect(self._done)
        self.worker.failed.connect(self._failed)
        self.write_button.setEnabled(False)
        self.busy.setVisible(True)
        self.status.setText("Writing…")
        self.worker.start()

    def _finish(self) -> None:
        self.busy.setVisible(False)
        self.write_button.setEnabled(True)
        if self.worker is not None:
            self.worker.wait()

    def _done(self, report: WriteReport) -> None:
        self._finish()
        self.report = report
        self.status.setText(report.describe() or "Nothing to write.")

    def _failed(self, message: str) -> None:
        self._finish()
        self.status.setText(f"Not written: {message}")

    def reject(self) -> None:
        if self.worker is not None and self.worker.isRunning():
            self.worker.wait()  # a copy half written is never left behind: let it finish
        super().reject()


def open_write_back(window: QWidget, document: PlanDocument, folder: str = "") -> WriteBackDialog:
    """Show the dialog window-modal without blocking (File › Write Back to Spreadsheets…)."""
    dialog = WriteBackDialog(document, folder, window)
    dialog.open()
    return dialog
