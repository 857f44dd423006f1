"""File actions of the window: new, open, import, save, export, recent files, close prompt.

Dialogs live here; reading and writing are io functions. Errors from io arrive as one
located line and are shown as such; nothing is lost on a failed save.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from effortplanner.core.plan import Plan, PlanSettings
from effortplanner.gui.document import PlanDocument
from effortplanner.gui.settings import AppSettings
from effortplanner.io.errors import PlanReadError, PlanWriteError
from effortplanner.io.planfile import SUFFIX
from effortplanner.io.scenario_file import load_scenario_set, save_scenario_set

SPREADSHEETS = "Spreadsheets and project files (*.xlsx *.xlsm *.xls *.ods *.csv *.tsv *.xml *.gan)"
PLAN_FILES = f"Effort plans (*{SUFFIX})"
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".csv", ".tsv", ".txt", ".xml", ".gan")


class WaitCursor:
    def __enter__(self) -> None:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)

    def __exit__(self, *_exc: object) -> None:
        QGuiApplication.restoreOverrideCursor()


class FileController(QObject):
    recentChanged = Signal()
    message = Signal(str)

    def __init__(self, window: QWidget, document: PlanDocument, settings: AppSettings) -> None:
        super().__init__(window)
        self.window, self.document, self.settings = window, document, settings

    # --- helpers -----------------------------------------------------------------------
    def _error(self, title: str, text: str) -> None:
        QMessageBox.warning(self.window, title, text)

    def _folder(self) -> str:
        return self.settings.last_folder() or str(Path.home())

    # --- opening -----------------------------------------------------------------------
    def new_plan(self) -> None:
        if self.maybe_save():
            self.document.replace(Plan(), None, "Untitled")

    def open_dialog(self) -> None:
        if not self.maybe_save():
            return
        name, _ = QFileDialog.getOpenFileName(self.window, "Open plan", self._folder(),
                                              f"{PLAN_FILES};;{SPREADSHEETS};;All files (*)")
        if name:
            self.open_paths([Path(name)], ask=False)

    def open_paths(self, paths: Sequence[Path], ask: bool = True, settings: PlanSettings | None = None) -> bool:
        """Open a plan file, or import spreadsheets as a new plan (what File > Open and drops do)."""
        paths = [Path(p) for p in paths]
        if not paths or (ask and not self.maybe_save()):
            return False
        if len(paths) == 1 and paths[0].suffix.lower() == SUFFIX:
            try:
                with WaitCursor():
                    scenarios = load_scenario_set(paths[0])
            except PlanReadError as exc:
                self._error("Could not open the plan", str(exc))
                return False
            self.document.replace_scenarios(scenarios, paths[0])
            self._remember(paths[0])
            return True
        return self.import_paths(paths, settings=settings)

    def import_paths(self, paths: Sequence[Path], settings: PlanSettings | None = None) -> bool:
        from effortplanner.io.importer import import_files

        try:
            with WaitCursor():
                plan = import_files(list(paths), settings=settings or self.document.plan.settings)
        except PlanReadError as exc:
            self._error("Could not import", str(exc))
            return False
        title = ", ".join(p.name for p in paths)
        self.document.replace(plan, None, title)
        for path in paths:
            self._remember(path)
        self.message.emit(f"Imported {len(paths)} file(s) with {len(plan.notes)} import notes")
        return True

    def import_dialog(self, paths: Sequence[Path] | None = None) -> bool:
        """Choose spreadsheets, check how they will be read, then import them as a new plan."""
        if paths is None:
            names, _ = QFileDialog.getOpenFileNames(self.window, "Import spreadsheets", self._folder(), SPREADSHEETS)
            paths = [Path(n) for n in names]
        if not paths or not self.maybe_save():
            return False
        from effortplanner.gui.import_dialog import ImportDialog

        dialog = ImportDialog(list(paths), self.document.plan.settings, self.window)
        if dialog.exec() != ImportDialog.DialogCode.Accepted or dialog.plan is None:
            return False
        title = ", ".join(p.name for p in dialog.selected_paths())
        self.document.replace(dialog.plan, None, title)
        for path in dialog.selected_paths():
            self._remember(path)
        return True

    def _remember(self, path: Path) -> None:
        self.settings.add_recent(path)
        self.settings.set_last_folder(path)
        self.recentChanged.emit()

    # --- saving ------------------------------------------------------------------------
    def save(self) -> bool:
        if self.document.path is None or self.document.path.suffix.lower() != SUFFIX:
            return self.save_as()
        return self._save_to(self.document.path)

    def save_as(self) -> bool:
        suggested = str(Path(self._folder()) / (Path(self.document.title).stem + SUFFIX))
        name, _ = QFileDialog.getSaveFileName(self.window, "Save plan as", suggested, PLAN_FILES)
        if not name:
            return False
        path = Path(name)
        if path.suffix.lower() != SUFFIX:
            path = path.with_suffix(SUFFIX)
        return self._save_to(path)

    def _save_to(self, path: Path) -> bool:
        try:
            with WaitCursor():
                save_scenario_set(path, self.document.scenarios)
        except PlanWriteError as exc:
            self._error("Could not save", f"{exc}\n\nYour changes are still open here; try another folder.")
            return False
        self.document.mark_saved(path)
        self._remember(path)
        self.message.emit(f"Saved {path.name}")
        return True

    def export_excel(self) -> bool:
        from effortplanner.io.review_report import export_review

        suggested = str(Path(self._folder()) / (Path(self.document.title).stem + " review.xlsx"))
        name, _ = QFileDialog.getSaveFileName(self.window, "Export review workbook", suggested,
                                              "Excel workbook (*.xlsx)")
        if not name:
            return False
        path = Path(name) if name.lower().endswith(".xlsx") else Path(name + ".xlsx")
        try:
            with WaitCursor():
                export_review(path, self.document.plan, title=self.document.title)
        except PlanWriteError as exc:
            self._error("Could not export", str(exc))
            return False
        self.settings.set_last_folder(path)
        self.message.emit(f"Exported {path.name}")
        return True

    def maybe_save(self) -> bool:
        """Ask Save / Discard / Cancel when there are unsaved changes; True when it is fine to go on."""
        if not self.document.modified:
            return True
        answer = QMessageBox.question(
            self.window, "Unsaved changes", f"Save the changes to {self.document.title}?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard
