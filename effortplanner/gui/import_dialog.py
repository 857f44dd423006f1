"""The Import dialog: choose files and sheets, check how each is read, import off the GUI thread.

What a sheet is and how its columns map is io's business (`inspect_file`, `sheet_rows`,
`import_files`); the dialog shows it, lets the user override it, and hands the
resulting layouts to `import_files`, which runs in a worker thread behind a progress
dialog that can be cancelled.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from PySide6.QtCore import QEvent, QEventLoop, QObject, QSignalBlocker, Qt
from PySide6.QtGui import QColor, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFileDialog, QHBoxLayout, QHeaderView, QLabel,
                               QMessageBox, QProgressDialog, QPushButton, QSplitter, QStackedWidget, QStyle,
                               QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from effortplanner.core.plan import Plan, PlanSettings
from effortplanner.io.errors import PlanReadError
from effortplanner.io import kinds
from effortplanner.io.headers import SheetLayout
from effortplanner.io.importer import inspect_file
from effortplanner.gui.import_choice import SheetChoice
from effortplanner.gui.import_thread import ImportThread
from effortplanner.gui.import_preview import SheetPanel
from effortplanner.gui.import_tables import boxed
from effortplanner.io.layout_choices import ImportChoices
from effortplanner.io.layout_edits import NOT_READ

log = logging.getLogger(__name__)

FILE_FILTER = "Spreadsheets (*.xlsx *.xlsm *.xls *.ods *.csv);;All files (*)"
ERROR_COLOR = QColor("#b3261e")
ROLE_KEY = Qt.ItemDataRole.UserRole


@dataclass
class FileEntry:
    path: Path
    sheets: list[SheetChoice] = field(default_factory=list)
    error: str | None = None  # the one-line message of a file that cannot be read

    def sheet(self, name: str) -> SheetChoice:
        return next(s for s in self.sheets if s.raw.name == name)


class ImportDialog(QDialog):
    """Files > sheets on the left; the selected sheet's kind, mapping, preview and notes on the right."""

    def __init__(self, paths: list[Path], settings: PlanSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import spreadsheets")
        self.plan: Plan | None = None
        self.progress_dialog: QProgressDialog | None = None
        self._settings = settings
        self._files: dict[str, FileEntry] = {}
        self._thread: ImportThread | None = None

        intro = QLabel("Tick the sheets to import. For the selected sheet, check what it holds and what each "
                       "column is read as: the preview shows the first rows exactly as they will be imported, "
                       "with the notes the import will make. Change a column's field and the preview follows.")
        intro.setWordWrap(True)

        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["File / sheet", "Read as"])
        self.tree.setUniformRowHeights(True)
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.add_button = QPushButton("&Add files…")
        self.remove_button = QPushButton("&Remove")
        self.remove_button.setToolTip("Remove the selected file from the import (Delete)")
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        left = boxed(self.tree)
        left.layout().addLayout(buttons)

        self.panel = SheetPanel()
        self.panel.grid_panel.settings = settings  # hours per month and days per week convert grids
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.message)
        self.pages.addWidget(self.panel)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.pages)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([340, 760])

        self.button_box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.button_box.addButton("&Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.button_box)

        self.tree.currentItemChanged.connect(self._current_changed)
        self.tree.itemChanged.connect(self._item_changed)
        self.panel.changed.connect(self._sheet_changed)
        self.add_button.clicked.connect(self._add_clicked)
        self.remove_button.clicked.connect(self.remove_current)
        self.tree.installEventFilter(self)  # Delete removes the selected file
        self.button_box.accepted.connect(self._import_clicked)
        self.button_box.rejected.connect(self.reject)

        self.add_paths(paths)
        self.resize(1100, 700)
        self.tree.setFocus()

    # --- public API --------------------------------------------------------------------------------
    def layouts(self) -> dict[str, dict[str, SheetLayout]]:
        """{str(path): {sheet name: layout}} for import_files; excluded sheets have kind "skip"."""
        return {key: {s.raw.name: s.effective_layout() for s in entry.sheets}
                for key, entry in self._files.items() if entry.error is None}

    def choices(self) -> ImportChoices:
        """{str(path): {sheet: choices}} of the sheets the user changed: kept with the recent entry."""
        out: ImportChoices = {}
        for key, entry in self._files.items():
            chosen = {s.raw.name: c for s in entry.sheets if (c := s.choices()) is not None}
            if entry.error is None and chosen:
                out[key] = chosen
        return out

    def selected_paths(self) -> list[Path]:
        """Readable files with at least one sheet that will be read."""
        return [entry.path for entry in self._files.values() if entry.error is None
                and any(s.included and s.layout.kind not in NOT_READ for s in entry.sheets)]

    def file_error(self, path: str | Path) -> str | None:
        entry = self._files.get(str(path))
        return entry.error if entry else None

    def select_sheet(self, path: str | Path, name: str) -> None:
        item = self._item_for(str(path), name)
        if item is not None:
            self.tree.setCurrentItem(item)

    def add_paths(self, paths: Sequence[str | Path]) -> None:
        """Read and show each file; one that cannot be read is listed with its message, never raised."""
        first: QTreeWidgetItem | None = None
        for raw_path in paths:
            path = Path(raw_path)
            if str(path) in self._files:
                continue
            entry = FileEntry(path)
            try:
                entry.sheets = [SheetChoice.detected_from(path, s.raw, s.layout) for s in inspect_file(path, self._settings)]
            except PlanReadError as exc:
                entry.error = exc.message
            except Exception as exc:  # a reader bug must not take the dialog down: list the file as unreadable
                log.exception("cannot inspect %s", path)
                entry.error = f"cannot be read ({type(exc).__name__}: {exc})"
            self._files[str(path)] = entry
            item = self._add_item(entry)
            first = first or item
        if first is not None:
            self.tree.setCurrentItem(first.child(0) if first.childCount() else first)
        self._update_buttons()

    def remove_current(self) -> None:
        item = self.tree.currentItem()
        if item is None:
            return
        key, _ = item.data(0, ROLE_KEY)
        top = self._item_for(key, None)
        self._files.pop(key, None)
        self.tree.takeTopLevelItem(self.tree.indexOfTopLevelItem(top))
        self._current_changed(self.tree.currentItem(), None)
        self._update_buttons()

    def run_import(self) -> Plan | None:
        """Import the chosen sheets off the GUI thread behind a progress dialog; None on cancel or error."""
        if self._thread is not None:
            return None  # one import at a time
        paths = self.selected_paths()
        if not paths:
            QMessageBox.information(self, "Nothing to import", "Tick at least one sheet that is read as a "
                                    "duty list, roster, FTE/activity table or milestone list.")
            return None
        thread = ImportThread(paths, self._settings, self.layouts(), self)
        progress = self._progress_dialog(thread)
        loop = QEventLoop(self)
        thread.finished.connect(loop.quit)
        self._thread, self.progress_dialog = thread, progress
        progress.setValue(0)
        thread.start()
        try:
            loop.exec()
        finally:
            thread.request_cancel()  # only matters if the loop ended early (the application quits)
            thread.wait()
            plan, error = thread.plan, thread.error
            self._thread, self.progress_dialog = None, None
            progress.close()
            progress.deleteLater()
            thread.deleteLater()
        if error:
            QMessageBox.warning(self, "Import failed", error)
        return plan

    def _progress_dialog(self, thread: ImportThread) -> QProgressDialog:
        """A window-modal progress dialog; Cancel asks the worker to stop and stays up until it has."""
        progress = QProgressDialog("Starting the import…", "", 0, 100, self)
        cancel = QPushButton("Cancel")
        progress.setCancelButton(cancel)
        progress.setWindowTitle("Importing")
        progress.setMinimumWidth(420)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.canceled.disconnect(progress.cancel)  # Qt would hide it at once

        def cancelled() -> None:
            thread.request_cancel()
            progress.setLabelText("Cancelling…")
            cancel.setEnabled(False)

        def progressed(fraction: float, text: str) -> None:
            if not thread.is_cancelled():
                progress.setLabelText(text)
            progress.setValue(round(fraction * 100))

        progress.canceled.connect(cancelled)
        thread.progressed.connect(progressed)
        return progress

    # --- tree --------------------------------------------------------------------------------------
    def _add_item(self, entry: FileEntry) -> QTreeWidgetItem:
        key = str(entry.path)
        with QSignalBlocker(self.tree):
            item = QTreeWidgetItem(self.tree, [entry.path.name, ""])
            item.setData(0, ROLE_KEY, (key, None))
            item.setToolTip(0, str(entry.path))
            font = item.font(0)
            font.setBold(True)
            item.setFont(0, font)
            if entry.error is not None:
                item.setIcon(0, self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning))
                item.setText(1, "cannot be read")
                message = QTreeWidgetItem(item, [entry.error])
                message.setData(0, ROLE_KEY, (key, None))
                message.setFirstColumnSpanned(True)
                message.setToolTip(0, f"{entry.path}: {entry.error}")
                for cell in (item, message):
                    for column in (0, 1):
                        cell.setForeground(column, ERROR_COLOR)
            else:
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                for sheet in entry.sheets:
                    child = QTreeWidgetItem(item, [sheet.raw.name, ""])
                    child.setData(0, ROLE_KEY, (key, sheet.raw.name))
                    child.setFlags(child.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                    child.setCheckState(0, Qt.CheckState.Unchecked)
            item.setExpanded(True)
        self._sync_item(key)
        return item

    def _item_for(self, key: str, sheet: str | None) -> QTreeWidgetItem | None:
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            if top.data(0, ROLE_KEY)[0] != key:
                continue
            if sheet is None:
                return top
            return next((top.child(j) for j in range(top.childCount())
                         if top.child(j).data(0, ROLE_KEY)[1] == sheet), None)
        return None

    def _sync_item(self, key: str) -> None:
        """Check boxes and "Read as" texts of one file from its sheets' state."""
        entry, top = self._files[key], self._item_for(key, None)
        if entry.error is not None or top is None:
            return
        with QSignalBlocker(self.tree):
            for j in range(top.childCount()):
                child = top.child(j)
                sheet = entry.sheet(child.data(0, ROLE_KEY)[1])
                read = sheet.included and sheet.layout.kind not in NOT_READ
                child.setCheckState(0, Qt.CheckState.Checked if sheet.included else Qt.CheckState.Unchecked)
                child.setText(1, kinds.label(sheet.layout.kind) if read else "skipped")
                child.setForeground(1, self.palette().text() if read else self.palette().placeholderText())
                child.setToolTip(0, "" if sheet.layout.kind not in NOT_READ else
                                 "Choose what this sheet holds under “Read as” to import it")
            read = sum(s.included and s.layout.kind not in NOT_READ for s in entry.sheets)
            top.setText(1, f"{read} of {len(entry.sheets)} sheet{'s' if len(entry.sheets) != 1 else ''}")
            states = {s.included for s in entry.sheets if s.layout.kind not in NOT_READ} or {False}
            top.setCheckState(0, Qt.CheckState.PartiallyChecked if len(states) > 1 else
                              Qt.CheckState.Checked if states == {True} else Qt.CheckState.Unchecked)

    def _item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        key, sheet = item.data(0, ROLE_KEY)
        entry = self._files.get(key)
        if column != 0 or entry is None or entry.error is not None:
            return
        if sheet is None:
            state = item.checkState(0)
            if state == Qt.CheckState.PartiallyChecked:
                return
            for s in entry.sheets:  # a sheet set to skip stays out until it is given a kind
                s.included = state == Qt.CheckState.Checked and s.layout.kind not in NOT_READ
        else:
            choice = entry.sheet(sheet)
            choice.included = item.checkState(0) == Qt.CheckState.Checked and choice.layout.kind not in NOT_READ
        self._sync_item(key)
        if self.panel.choice is not None and self.panel.choice.path == entry.path:
            self.panel.refresh()
        self._update_buttons()

    def _current_changed(self, item: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None) -> None:
        self.remove_button.setEnabled(item is not None)
        if item is None:
            self.panel.set_sheet(None)
            self.message.setText("Add the spreadsheets to import with “Add files…”.")
            self.pages.setCurrentWidget(self.message)
            return
        key, sheet = item.data(0, ROLE_KEY)
        entry = self._files[key]
        if entry.error is not None:
            self.panel.set_sheet(None)
            self.message.setText(f"<b>{escape(entry.path.name)}</b> cannot be read:<br>{escape(entry.error)}"
                                 "<br><br>It is left out of the import.")
            self.pages.setCurrentWidget(self.message)
            return
        choice = entry.sheet(sheet) if sheet is not None else entry.sheets[0]
        if choice is not self.panel.choice:
            self.panel.set_sheet(choice)
        self.pages.setCurrentWidget(self.panel)

    def _sheet_changed(self) -> None:
        if self.panel.choice is not None:
            self._sync_item(str(self.panel.choice.path))
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.import_button.setEnabled(bool(self.selected_paths()))
        self.remove_button.setEnabled(self.tree.currentItem() is not None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.tree and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                and event.matches(QKeySequence.StandardKey.Delete):
            self.remove_current()
            return True
        return super().eventFilter(watched, event)

    # --- buttons -----------------------------------------------------------------------------------
    def _add_clicked(self) -> None:
        start = str(next(iter(self._files.values())).path.parent) if self._files else ""
        names, _ = QFileDialog.getOpenFileNames(self, "Add spreadsheets", start, FILE_FILTER)
        self.add_paths([Path(n) for n in names])

    def _import_clicked(self) -> None:
        plan = self.run_import()
        if plan is not None:
            self.plan = plan
            self.accept()
