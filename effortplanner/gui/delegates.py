"""Cell editors for the plan tables: one item delegate per kind of column.

Every editor commits what the user typed, as typed; the core (through
``PlanDocument.set_value``) reads it, or refuses it with a reason that the document
signals. The editors only help: a date editor previews what the core reads from the
text, name editors complete over the plan's names, FTE editors read "0.5", "50%", "50"
or "0,5" by the importer's rule (``core.values.FTE_RULE``) and say what they understood.
An editor closed without a change commits nothing (so opening and leaving a cell
never re-reads or rounds what is stored).

``install_delegates(view, model)`` sets them on a view showing a :class:`PlanTableModel`.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QAbstractItemModel, QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QComboBox,
    QCompleter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from effortplanner.core.edits import parser_for
from effortplanner.core.schema import CADENCES, SCHEMAS, Column
from effortplanner.core.values import fte_text
from effortplanner.gui.cell_editors import DateLineEdit, FteLineEdit, NumberSpinBox, PreviewLineEdit, number_spin
from effortplanner.gui.table_model import PERCENT_COLUMNS, PlanTableModel

_Index = QModelIndex | QPersistentModelIndex
EDIT = Qt.ItemDataRole.EditRole
_INITIAL = "effortplanner_initial"  # editor property: the text shown when the editor opened
CHOICE_LISTS = {"vo"}  # free-text columns edited with completion over the plan's own values


def _is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


# --- the delegates -----------------------------------------------------------------------
class PlanDelegate(QStyledItemDelegate):
    """Base: knows the model and its column; commits nothing when the editor's text is unchanged."""

    def __init__(self, model: PlanTableModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.model = model

    def column(self, index: _Index) -> Column:
        return self.model.columns[index.column()].column

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem,  # noqa: N802
                             index: _Index) -> None:
        """Place the editor on the cell, widened (never narrowed) so that its content fits."""
        super().updateEditorGeometry(editor, option, index)
        wanted = min(editor.sizeHint().width(), 360)
        if editor.width() < wanted:
            geometry = editor.geometry()
            geometry.setWidth(wanted)
            area = editor.parentWidget()
            if area is not None and geometry.right() > area.width():
                geometry.moveRight(max(wanted - 1, area.width() - 1))
            editor.setGeometry(geometry)

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:  # noqa: N802
        """Enter or Tab on text the plan cannot read: the editor stays open with the text and says why."""
        if (isinstance(editor, PreviewLineEdit) and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
                and not editor.preview_is_valid()):
            editor.refuse()
            return True
        return super().eventFilter(editor, event)

    @staticmethod
    def _remember(editor: QWidget, text: str) -> None:
        editor.setProperty(_INITIAL, text)

    @staticmethod
    def _unchanged(editor: QWidget, text: str) -> bool:
        return editor.property(_INITIAL) == text


class PreviewDelegate(PlanDelegate):
    """Text editors with a live reading: the text is committed as typed and the core reads it."""

    def editor_text(self, index: _Index) -> str:
        return str(index.data(EDIT) or "")

    def setEditorData(self, editor: QWidget, index: _Index) -> None:  # noqa: N802
        text = self.editor_text(index)
        editor.setText(text)  # type: ignore[attr-defined]
        self._remember(editor, text)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: _Index) -> None:  # noqa: N802
        text = editor.text()  # type: ignore[attr-defined]
        if not self._unchanged(editor, text):
            model.setData(index, text, EDIT)

    def destroyEditor(self, editor: QWidget, index: _Index) -> None:  # noqa: N802
        if isinstance(editor, PreviewLineEdit):
            editor.preview.hide()
            editor.preview.deleteLater()
        super().destroyEditor(editor, index)


class DateDelegate(PreviewDelegate):
    """Dates are typed as text ("late Spring 2016"); the editor previews the core's reading."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: _Index) -> QWidget:  # noqa: N802
        return DateLineEdit(parent, parser_for(self.model.document.plan), self.column(index).date_role)


class FteDelegate(PreviewDelegate):
    """FTE of one person's time: opens as shown ("50%", empty when none), read by FTE_RULE when committed."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: _Index) -> QWidget:  # noqa: N802
        return FteLineEdit(parent, self.column(index))

    def editor_text(self, index: _Index) -> str:
        return fte_text(index.data(EDIT))


class ComboDelegate(PlanDelegate):
    """An editable combo with case-insensitive "contains" completion, or a fixed list.

    Names of people or activities for reference columns, the VOs already in the plan
    for ``vo``, and "" + CADENCES (not editable) for the cadence. The first entry is ""
    to clear the cell. The text is committed as typed: the core resolves names to ids
    and refuses unknown ones.
    """

    def items(self, index: _Index) -> list[str]:
        column, plan = self.column(index), self.model.document.plan
        if column.type == "ref":
            frame = plan.tables[column.ref or ""]
            values = frame[SCHEMAS[column.ref or ""].display]
        elif column.type == "choice":
            return ["", *(column.choices or CADENCES)]
        else:
            values = plan.tables[self.model.table][column.name]
        names = {str(v).strip() for v in values if not _is_missing(v) and str(v).strip()}
        return ["", *sorted(names, key=str.casefold)]

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: _Index) -> QWidget:  # noqa: N802
        combo = QComboBox(parent)
        combo.addItems(self.items(index))
        if self.column(index).type == "choice":
            combo.setEditable(False)
            return combo
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        combo.setMaxVisibleItems(20)
        completer = QCompleter(combo.model(), combo)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        combo.setCompleter(completer)
        if combo.lineEdit() is not None:
            what = {"people": "a person's name", "activities": "an activity"}.get(self.column(index).ref or "",
                                                                                  "a value")
            combo.lineEdit().setPlaceholderText(f"type {what}; empty clears")
        return combo

    def setEditorData(self, editor: QWidget, index: _Index) -> None:  # noqa: N802
        combo: QComboBox = editor  # type: ignore[assignment]
        text = str(index.data(EDIT) or "")
        found = combo.findText(text, Qt.MatchFlag.MatchFixedString | Qt.MatchFlag.MatchCaseSensitive)
        if found < 0 and not combo.isEditable():
            combo.addItem(text)  # a stored value the list does not know: show it as it is
            found = combo.count() - 1
        if found >= 0:
            combo.setCurrentIndex(found)
        if combo.isEditable():
            combo.setEditText(text)
        self._remember(editor, text)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: _Index) -> None:  # noqa: N802
        text = editor.currentText()  # type: ignore[attr-defined]
        if not self._unchanged(editor, text):
            model.setData(index, text, EDIT)


class NumberDelegate(PlanDelegate):
    """Other numbers (an activity's FTE required, interns): a plain spin box, 0–1000.

    Text the spin box cannot read is committed as typed so the core refuses it with
    its reason. An emptied box clears the cell.
    """

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: _Index) -> QWidget:  # noqa: N802
        return number_spin(parent, self.column(index))

    def setEditorData(self, editor: QWidget, index: _Index) -> None:  # noqa: N802
        spin: NumberSpinBox = editor  # type: ignore[assignment]
        value = index.data(EDIT)
        if _is_missing(value):
            spin.setValue(spin.minimum())
            spin.lineEdit().clear()
        else:
            spin.setValue(float(value))  # type: ignore[arg-type]
        self._remember(editor, spin.cleanText())

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: _Index) -> None:  # noqa: N802
        spin: NumberSpinBox = editor  # type: ignore[assignment]
        text = spin.cleanText().strip()
        if self._unchanged(editor, text):
            return
        if not text:
            value: object = ""
        elif spin.hasAcceptableInput():
            spin.interpretText()
            value = spin.value()
        else:
            value = text
        model.setData(index, value, EDIT)


# --- installing --------------------------------------------------------------------------
def delegate_for(column: Column, model: PlanTableModel, parent: QObject) -> QAbstractItemDelegate | None:
    """The delegate a column needs, or None for the view's default (text, ids, ticks)."""
    if column.type == "date":
        return DateDelegate(model, parent)
    if column.type in ("ref", "choice") or column.name in CHOICE_LISTS:
        return ComboDelegate(model, parent)
    if column.type == "float":
        return FteDelegate(model, parent) if column.name in PERCENT_COLUMNS else NumberDelegate(model, parent)
    return None


def install_delegates(view: QTableView, model: PlanTableModel) -> None:
    """Set an item delegate on each column of *view* that needs one; the view owns them."""
    for i, view_column in enumerate(model.columns):
        delegate = delegate_for(view_column.column, model, view)
        if delegate is not None:
            view.setItemDelegateForColumn(i, delegate)
