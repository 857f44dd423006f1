"""The right half of the import dialog: how one sheet will be read.

A thin adapter over `effortplanner.io`: the detected layout comes from `io.headers`,
the rows and their notes from `io.sheets.sheet_rows`. This module shows them and,
when the user changes the sheet's kind, its header row or a column's field, builds the
new `SheetLayout` from those choices and asks io to read the sheet again.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtGui import QColor, QFocusEvent, QPalette, QWheelEvent
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QComboBox, QHBoxLayout, QLabel,
                               QPushButton, QSpinBox, QSplitter, QStyle, QTableWidget,
                               QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget)

from effortplanner.core.plan import Note
from effortplanner.core.values import as_text
from effortplanner.gui.import_grid import GridPanel, column_role, fill_records
from effortplanner.io import kinds
from effortplanner.io.headers import SYNONYMS, SheetLayout
from effortplanner.io.layout_edits import NOT_READ, SKIP, with_field, with_header_row, with_kind  # noqa: F401
from effortplanner.io.sheets import SheetRows, column_letter, sheet_rows
from effortplanner.io.workbook import RawSheet

IGNORE = "(ignore)"
PREVIEW_ROWS = 20
KIND_CHOICES = kinds.choices() + [(SKIP, "skip (do not read)")]
ROLE_FIELD = Qt.ItemDataRole.UserRole


def field_label(name: str) -> str:
    return name.replace("_", " ")


def _filled(value: object) -> bool:
    return value is not None and value != ""


@dataclass
class SheetChoice:
    """One sheet of one file: what io detected, what the user made of it, and whether it is read."""

    path: Path
    raw: RawSheet
    detected: SheetLayout
    layout: SheetLayout
    included: bool
    chosen: set[int] = field(default_factory=set)  # columns whose field the user set
    width: int = 0

    @classmethod
    def detected_from(cls, path: Path, raw: RawSheet, layout: SheetLayout) -> SheetChoice:
        width = max([len(layout.headers)] + [next((i + 1 for i in range(len(row) - 1, -1, -1) if _filled(row[i])), 0)
                                             for row in raw.rows])
        if layout.header_row < 0:  # no header found: columns are known by their letters
            layout = SheetLayout(layout.sheet, layout.kind, -1, [""] * width, dict(layout.mapping), {})
        return cls(path, raw, layout, layout, layout.kind not in NOT_READ, set(), width)

    def reset(self) -> None:
        self.layout, self.included, self.chosen = self.detected, self.detected.kind not in NOT_READ, set()

    def effective_layout(self) -> SheetLayout:
        """The layout import_files gets: an excluded sheet is left out ("skip")."""
        return self.layout if self.included else replace(self.layout, kind=SKIP)

    def example(self, column: int, scan: int = 50) -> str:
        """The first value under the header in `column`: what the column holds, at a glance."""
        start = self.layout.header_row + 1
        for row in self.raw.rows[start:start + scan]:
            if column < len(row) and _filled(row[column]):
                return as_text(row[column])
        return ""

    def read(self) -> SheetRows:
        return sheet_rows(self.raw.rows, self.raw.merged, self.layout, self.path.name)


# --- showing rows ---------------------------------------------------------------------------------
def _muted() -> QColor:
    return QApplication.palette().color(QPalette.ColorRole.PlaceholderText)


def _item(text: str, tooltip: str | None = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setToolTip(tooltip if tooltip is not None else text)
    return item


def fill_preview(table: QTableWidget, rows: SheetRows, limit: int = PREVIEW_ROWS) -> None:
    """The first rows as io reads them, one column per field; filled-in cells in grey italics."""
    layout = rows.layout
    columns = [(i, f) for i, f in sorted(layout.mapping.items()) if f != "number"]
    shown = rows.rows[:limit]
    table.clear()
    table.setColumnCount(len(columns))
    table.setRowCount(len(shown))
    for c, (i, name) in enumerate(columns):
        header = layout.headers[i] if i < len(layout.headers) and layout.headers[i] else column_letter(i)
        item = _item(f"{field_label(name)}\n{header}", f"column {column_letter(i)} {header!r} read as {name}")
        item.setData(ROLE_FIELD, name)
        table.setHorizontalHeaderItem(c, item)
    for r, row in enumerate(shown):
        table.setVerticalHeaderItem(r, _item(str(row.row), f"row {row.row} of the sheet"))
        for c, (_, name) in enumerate(columns):
            text, filled = as_text(row.values.get(name)), name in row.filled
            why = ["filled in from the block or merged cell above"] * filled + \
                ["a stated total: not imported as a record"] * row.is_total
            item = _item(text, "\n".join([text] + [f"({w})" for w in why]).strip())
            if why:
                font = item.font()
                font.setItalic(filled)
                font.setStrikeOut(row.is_total)
                item.setFont(font)
                item.setForeground(_muted())
            table.setItem(r, c, item)


def fill_notes(table: QTableWidget, notes: list[Note]) -> None:
    table.setRowCount(len(notes))
    style = QApplication.style()
    for r, note in enumerate(notes):
        values = (note.kind, "" if note.row is None else str(note.row), note.column or "", note.message)
        for c, value in enumerate(values):
            table.setItem(r, c, _item(value))
        icon = QStyle.StandardPixmap.SP_MessageBoxWarning if note.kind in ("warning", "invalid") \
            else QStyle.StandardPixmap.SP_MessageBoxInformation
        table.item(r, 0).setIcon(style.standardIcon(icon))


class FieldCombo(QComboBox):
    """A column's field; the wheel only turns it when it has focus (so scrolling the table is safe)."""

    focused = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.addItem(IGNORE, None)
        for name, words in SYNONYMS.items():
            self.addItem(field_label(name), name)
            self.setItemData(self.count() - 1, "headers read as this: " + ", ".join(words[:8]),
                             Qt.ItemDataRole.ToolTipRole)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.focused.emit()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()

    def field(self) -> str | None:
        return self.currentData()

    def set_field(self, name: str | None) -> None:
        if name is not None and self.findData(name) < 0:  # a companion field, e.g. "start_text"
            self.addItem(field_label(name), name)
        self.setCurrentIndex(max(self.findData(name), 0))


def _table(view: QTableWidget) -> QTableWidget:
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setTabKeyNavigation(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    view.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    return view


def fit_columns(view: QTableWidget, cap: int = 320) -> None:
    view.resizeColumnsToContents()
    for column in range(view.columnCount()):
        view.setColumnWidth(column, min(view.columnWidth(column) + 12, cap))


def boxed(*widgets: QWidget) -> QWidget:
    """Widgets stacked in a margin-less box (a splitter pane)."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget)
    return box


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
        _table(self.mapping)
        self.mapping.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.mapping.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes from one field combo to the next
        self.mapping.horizontalHeader().setStretchLastSection(True)
        self.mapping.verticalHeader().setDefaultSectionSize(self.kind_combo.sizeHint().height() + 4)
        self.mapping_label = QLabel("&Columns: choose what each column holds")
        self.mapping_label.setBuddy(self.mapping)

        self.preview = _table(QTableWidget())
        self.notes = _table(QTableWidget(0, 4))
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
            self.mapping.item(column, 0).setForeground(self.palette().text() if header else _muted())
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
        current = self.choice.layout
        whole = kind not in NOT_READ and (not kinds.is_tabular(kind) or current.detail is not None)
        # Grids and long tables find their own periods and columns; tables keep the columns as mapped.
        found = kinds.redetect(self.choice.raw, kind, current, self.grid_panel.settings) if whole else None
        self._apply(found if found is not None else with_kind(current, kind))

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
