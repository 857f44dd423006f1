"""The tables of the import dialog's sheet panel: the preview of rows as io reads them, the
import notes, and the per-column field chooser. Display only: what a row holds is io's."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFocusEvent, QPalette, QWheelEvent
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QComboBox, QStyle, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from effortplanner.core.plan import Note
from effortplanner.core.values import as_text
from effortplanner.io.headers import SYNONYMS
from effortplanner.io.sheet_scan import column_letter
from effortplanner.io.sheets import SheetRows

IGNORE = "(ignore)"
PREVIEW_ROWS = 20
ROLE_FIELD = Qt.ItemDataRole.UserRole


def field_label(name: str) -> str:
    return name.replace("_", " ")


def muted() -> QColor:
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
                item.setForeground(muted())
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


def plain_table(view: QTableWidget) -> QTableWidget:
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
