"""File › Export to Excel…: choose the scenario, the as-of date and the horizon, then where to write.

The workbook of a scenario other than the baseline names it on every sheet
(io.review_report.export_review); the suggested file name is short:
``<plan name> review <date>.xlsx``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QMessageBox,
    QWidget,
)

from effortplanner.analysis.window import plan_window
from effortplanner.gui.document import PlanDocument
from effortplanner.gui.jobs import Job, JobRunner
from effortplanner.gui.settings_dialog import pydate as _pydate
from effortplanner.gui.settings_dialog import qdate as _qdate
from effortplanner.io.errors import PlanWriteError
from effortplanner.io.review_names import review_file_name, scenario_label


class ExportDialog(QDialog):
    """The choices; the workbook itself is written by a background job (`jobs`), the window staying live."""

    exported = Signal(Path)  # the workbook is written

    def __init__(self, document: PlanDocument, folder: str = "", parent: QWidget | None = None,
                 jobs: JobRunner | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export review workbook")
        self.document, self.folder = document, folder or str(Path.home())
        self.jobs = jobs or JobRunner(self)
        self.written: Path | None = None
        self.scenario = QComboBox()
        self.scenario.addItems(document.scenarios.names)
        self.scenario.setCurrentText(document.scenarios.active)
        self.as_of, self.horizon = QDateEdit(), QDateEdit()
        for edit in (self.as_of, self.horizon):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.note = QLabel()
        self.note.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow("Scenario", self.scenario)
        form.addRow("As of", self.as_of)
        form.addRow("Horizon", self.horizon)
        form.addRow(self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.addButton("Export…", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.choose_and_export)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.scenario.currentTextChanged.connect(self._scenario_chosen)
        self._scenario_chosen(self.scenario.currentText())

    def is_baseline(self) -> bool:
        return self.scenario.currentText() == self.document.scenarios.baseline.name

    def _scenario_chosen(self, name: str) -> None:
        as_of, horizon = plan_window(self.document.scenarios[name].plan)
        self.as_of.setDate(_qdate(as_of))
        self.horizon.setDate(_qdate(horizon))
        self.note.setText("The baseline plan." if self.is_baseline() else
                          f"Every sheet will say “{scenario_label(name)}”.")

    def plan_name(self) -> str:
        path = self.document.path
        return path.stem if path is not None else self.document.title

    def suggested_path(self) -> Path:
        scenario = None if self.is_baseline() else self.scenario.currentText()
        return Path(self.folder) / review_file_name(self.plan_name(), _pydate(self.as_of.date()), scenario)

    def export_to(self, path: Path) -> bool:
        """Start writing the workbook of the chosen scenario (a copy of it: editing goes on meanwhile).

        False when the dates cannot make a workbook. A write that fails is said when it
        ends, and nothing partial is left (export_review writes atomically).
        """
        name = self.scenario.currentText()
        as_of, horizon = _pydate(self.as_of.date()), _pydate(self.horizon.date())
        if horizon < as_of:
            self.note.setText(f"The horizon {horizon} is before the as-of date {as_of}.")
            return False
        shown = self.document.scenarios[name].plan
        plan, title = shown.copy(), self.plan_name()
        scenario = None if self.is_baseline() else name
        # the window's analysis of the shown plan: the export reuses it when it is of this revision and
        # these dates (export_review checks), instead of analysing the plan again beside the window; its
        # flags and context are enough, so the timeline rows need not be in yet
        analysed = self.document.analysis.flagged() if shown is self.document.plan else None

        def write(_progress: object, _cancelled: object) -> Path:
            # imported here, off the GUI thread (XlsxWriter and the writers: ~60 ms the first time)
            from effortplanner.io.review_report import export_review

            export_review(path, plan, title=title, as_of=as_of, horizon=horizon, scenario=scenario,
                          snapshot=analysed)
            return path

        def done(_result: object) -> None:
            self.written = path
            self.exported.emit(path)

        def failed(exc: BaseException) -> None:
            message = str(exc) if isinstance(exc, PlanWriteError) else f"{path.name}: {exc}"
            QMessageBox.warning(self.parentWidget() or self, "Could not export", message)

        self.jobs.start(Job(f"Exporting {path.name}", write, done, failed, queue="export"))
        return True

    def wait(self) -> None:
        """Until the workbook is written (tests; closing the window)."""
        self.jobs.wait("export")

    def choose_and_export(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Export review workbook", str(self.suggested_path()),
                                              "Excel workbook (*.xlsx)")
        if not name:
            return
        path = Path(name) if name.lower().endswith(".xlsx") else Path(name + ".xlsx")
        if self.export_to(path):
            self.accept()
