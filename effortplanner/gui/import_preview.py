"""The right half of the import dialog: how one sheet will be read.

A thin adapter over `effortplanner.io`: the detected layout comes from `io.headers`,
the rows and their notes from `io.sheets.sheet_rows`. This module shows them and,
when the user changes the sheet's kind, its header row or a column's field, builds the
new `SheetLayout` with io's rules (`layout_edits`, `layout_choices`) and asks io to read
the sheet again.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QLabel, QPushButton, QSpinBox, QSplitter,
                               QTableWidget, QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget)

from effortplanner.gui.import_choice import SheetChoice
from effortplanner.gui.import_grid import GridPanel, column_role, fill_records
from effortplanner.gui.import_tables import (FieldCombo, boxed, fill_notes, fill_preview, fit_columns, muted,
                                             plain_table)
from effortplanner.io import kinds
from effortplanner.io.headers import SheetLayout
from effortplanner.io.layout_replay import with_chosen_kind
from effortplanner.io.layout_edits import NOT_READ, SKIP, with_field, with_header_row
from effortplanner.io.sheet_scan import column_letter

KIND_CHOICES = kinds.choices() + [(SKIP, "skip (do not read)")]


class SheetPanel(QWidget):
    """Kind, header row, column mapping, preview and notes of one sheet."""

    changed = Signal()  # the sheet's layout or inclusion changed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choice: SheetChoice | None = None
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)  # sheet and file names are not markup
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.title.setFont(font)
        self.kind_combo = QComboBox()
        for kind, label in KIND_CHOICES:
            self.kind_combo.addItem(label, kind)
        self.header_spin = QSpinBox()
        self.header_spin.setSpecialValueText("none")
        self.header_spin.setToolTip("The row that holds the column headers; data rows follow it")
        self.reset_button = QPushButton("Re&set to detected")
        self.reset_button.setToolTip("Forget the changes made to this sheet")
        kind_label, header_label = QLabel("Read &as:"), QLabel("&Header row:")
        kind_label.setBuddy(self.kind_combo)
        header_label.setBuddy(self.header_spin)
        controls = QHBoxLayout()
        for widget in (kind_label, self.kind_combo, header_label, self.header_spin):
            controls.addWidget(widget)
        controls.addStretch(1)
        controls.addWidget(self.reset_button)

        self.mapping = QTableWidget(0, 4)
        self.mapping.setHorizontalHeaderLabels(["Header as written", "Read as", "Detected", "Example"])
        plain_table(self.mapping)
        self.mapping.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.mapping.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes from one field combo to the next
        self.mapping.horizontalHeader().setStretchLastSection(True)
        self.mapping.verticalHeader().setDefaultSectionSize(self.kind_combo.sizeHint().height() + 4)
        self.mapping_label = QLabel("&Columns: choose what each column holds")
        self.mapping_label.setBuddy(self.mapping)

        self.preview = plain_table(QTableWidget())
        self.notes = plain_table(QTableWidget(0, 4))
        self.notes.setHorizontalHeaderLabels(["Kind", "Row", "Column", "Message"])
        self.notes.verticalHeader().setVisible(False)
        self.notes.horizontalHeader().setStretchLastSection(True)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.preview, "Preview")
        self.tabs.addTab(self.notes, "Notes")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(boxed(self.mapping_label, self.mapping))
        self.splitter.addWidget(boxed(self.tabs, self.summary))
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addLayout(controls)
        self.grid_panel = GridPanel()
        layout.addWidget(self.grid_panel)
        layout.addWidget(self.splitter, 1)
        self.grid_panel.changed.connect(self._apply)

        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self.header_spin.valueChanged.connect(self._header_changed)
        self.reset_button.clicked.connect(self._reset)

    # --- showing a sheet -------------------------------------------------------------------------
    def set_sheet(self, choice: SheetChoice | None) -> None:
        self.choice = choice
        self._build_mapping()
        self.refresh()
        fit_columns(self.mapping, cap=260)
        self.mapping.setColumnWidth(1, max(self.mapping.columnWidth(1), 180))
        self._fit_mapping_height()

    def _fit_mapping_height(self) -> None:
        """Give the mapping as much height as its rows need (up to 8), the preview the rest."""
        rows = min(max(self.mapping.rowCount(), 3), 8)
        wanted = (self.mapping.horizontalHeader().sizeHint().height() + 2 * self.mapping.frameWidth() +
                  rows * self.mapping.verticalHeader().defaultSectionSize() +
                  self.mapping_label.sizeHint().height() + 12)
        total = max(sum(self.splitter.sizes()), 480)
        self.splitter.setSizes([wanted, max(total - wanted, 200)])

    def combo(self, column: int) -> FieldCombo:
        widget = self.mapping.cellWidget(column, 1)
        assert isinstance(widget, FieldCombo)
        return widget

    def _build_mapping(self) -> None:
        choice = self.choice
        width = choice.width if choice else 0
        self.mapping.setRowCount(0)
        self.mapping.setRowCount(width)
        self.mapping.setVerticalHeaderLabels([column_letter(i) for i in range(width)])
        for column in range(width):
            for cell in (0, 2, 3):
                self.mapping.setItem(column, cell, QTableWidgetItem())
            combo = FieldCombo()
            combo.setAccessibleName(f"Field of column {column_letter(column)}")
            combo.currentIndexChanged.connect(partial(self._field_changed, column))
            combo.focused.connect(partial(lambda c: self.mapping.scrollToItem(self.mapping.item(c, 0)), column))
            self.mapping.setCellWidget(column, 1, combo)
        chain = [self.reset_button] + [self.combo(c) for c in range(width)] + [self.tabs]
        for before, after in zip(chain, chain[1:]):
            QWidget.setTabOrder(before, after)
        self.mapping_label.setBuddy(chain[1] if width else self.mapping)

    def refresh(self) -> None:
        """Controls, mapping, preview and notes from the current layout."""
        choice = self.choice
        self.setEnabled(choice is not None)
        if choice is None:
            self.title.setText("")
            self.preview.setRowCount(0)
            self.notes.setRowCount(0)
            self.summary.setText("")
            return
        layout = choice.layout
        excluded = "" if choice.included and layout.kind not in NOT_READ else "  (not imported)"
        self.title.setText(f"{choice.raw.name} — {choice.path.name}{excluded}")
        with QSignalBlocker(self.kind_combo), QSignalBlocker(self.header_spin):
            self.kind_combo.setCurrentIndex(self.kind_combo.findData(SKIP if layout.kind in NOT_READ else layout.kind))
            self.header_spin.setRange(0, max(len(choice.raw.rows), 1))
            self.header_spin.setValue(layout.header_row + 1)
        for column in range(self.mapping.rowCount()):
            header = layout.headers[column] if column < len(layout.headers) else ""
            self.mapping.item(column, 0).setText(header or "(no header)")
            self.mapping.item(column, 0).setForeground(self.palette().text() if header else muted())
            combo = self.combo(column)
            with QSignalBlocker(combo):
                combo.set_field(layout.mapping.get(column))
            self.mapping.item(column, 2).setText(self._detected_text(choice, column))
            example = choice.example(column)
            self.mapping.item(column, 3).setText(example)
            self.mapping.item(column, 3).setToolTip(example)
        self.mapping.resizeColumnToContents(2)
        self.grid_panel.set_layout(layout)
        if kinds.is_tabular(layout.kind) or layout.kind in NOT_READ:
            rows = choice.read()
            fill_preview(self.preview, rows)
            notes, total, what = rows.notes, len(rows.rows), "row"
        else:  # a kind read as a whole: preview the records it gives
            pending = kinds.preview(choice.raw, layout, self.grid_panel.settings, choice.path.name)
            notes, total, what = pending.notes, fill_records(self.preview, pending), "record"
        fill_notes(self.notes, notes)
        fit_columns(self.preview)
        fit_columns(self.notes)
        shown = self.preview.rowCount()
        self.tabs.setTabText(0, f"Preview (first {shown} of {total} {what}s)" if shown < total else
                             f"Preview ({total} {what}{'' if total == 1 else 's'})")
        self.tabs.setTabText(1, f"Notes ({len(notes)})")
        self.summary.setText(self._summary(choice))

    def _detected_text(self, choice: SheetChoice, column: int) -> str:
        role = column_role(choice.layout, column)
        if role is not None:
            return role
        score = choice.layout.scores.get(column) if column in choice.layout.mapping else None
        return "set by you" if column in choice.chosen else "" if score is None else \
            "exact" if score >= 100 else f"similar ({score:.0f}%)"

    @staticmethod
    def _summary(choice: SheetChoice) -> str:
        layout = choice.layout
        if layout.kind in NOT_READ:
            return "This sheet is skipped. To import it, choose what it holds under “Read as”."
        if not choice.included:
            return "This sheet is not ticked in the list on the left: it will not be imported."
        header = f"header in row {layout.header_row + 1}" if layout.header_row >= 0 else "no header row"
        if not kinds.is_tabular(layout.kind):
            return f"Read as {kinds.label(layout.kind)}, {header}. The preview shows the records it gives."
        return (f"Read as {kinds.label(layout.kind)}, {header}. Rows are shown as they will be imported; "
                "grey italic cells are filled in from the block or merged cell above.")

    # --- the user's changes ----------------------------------------------------------------------
    def _apply(self, layout: SheetLayout) -> None:
        assert self.choice is not None
        self.choice.layout = layout
        self.refresh()
        self.changed.emit()

    def _kind_changed(self, index: int) -> None:
        if self.choice is None:
            return
        kind = self.kind_combo.itemData(index)
        self.choice.included = kind not in NOT_READ
        self._apply(with_chosen_kind(self.choice.raw, self.choice.layout, kind, self.grid_panel.settings))

    def _header_changed(self, value: int) -> None:
        if self.choice is None:
            return
        layout = with_header_row(self.choice.layout, self.choice.raw.rows, value - 1, self.choice.width)
        self.choice.chosen.clear()
        if self.choice.layout.kind in NOT_READ and layout.kind not in NOT_READ:
            self.choice.included = True  # a header found at last: read the sheet
        self._apply(layout)

    def _field_changed(self, column: int, index: int) -> None:
        if self.choice is None:
            return
        name = self.combo(column).itemData(index)
        layout = self.choice.layout
        moved_from = layout.column_of(name) if name else None
        if moved_from is not None and moved_from != column:
            self.choice.chosen.add(moved_from)
        self.choice.chosen.add(column)
        self._apply(with_field(layout, column, name))

    def _reset(self) -> None:
        if self.choice is None:
            return
        self.choice.reset()
        self.refresh()
        self.changed.emit()
