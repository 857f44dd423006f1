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
from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, QEvent, QModelIndex, QObject, QPersistentModelIndex, QPoint, Qt
from PySide6.QtGui import QKeyEvent, QValidator
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QApplication,
    QComboBox,
    QCompleter,
    QDoubleSpinBox,
    QLabel,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from effortplanner.core.dates import DateParser, FuzzyDate
from effortplanner.core.edits import parser_for
from effortplanner.core.schema import CADENCES, SCHEMAS, Column
from effortplanner.core.values import FTE_RULE, ValueError_, coerce_scalar, fte_fraction_text, fte_text
from effortplanner.gui.table_model import PERCENT_COLUMNS, PlanTableModel

_Index = QModelIndex | QPersistentModelIndex
EDIT = Qt.ItemDataRole.EditRole
_INITIAL = "effortplanner_initial"  # editor property: the text shown when the editor opened
CHOICE_LISTS = {"vo"}  # free-text columns edited with completion over the plan's own values


# --- the date editor ---------------------------------------------------------------------
def describe_date(parsed: FuzzyDate) -> tuple[str, bool]:
    """What a date text reads as, in a line for the editor's preview; and whether it is valid."""
    if parsed.kind == "empty":
        return "→ no date (clears the cell)", True
    if parsed.kind == "open_ended":
        return f"→ open-ended, no date ({parsed.certainty})", True
    if not parsed.is_valid or parsed.value is None:
        note = parsed.note or "not a date"
        return (note if note.startswith("not a date") else f"not a date: {note}"), False
    if parsed.earliest == parsed.latest:
        text = f"→ {parsed.value.isoformat()} ({parsed.certainty})"
    else:
        span = f"{parsed.earliest.isoformat() if parsed.earliest else '?'} – " \
               f"{parsed.latest.isoformat() if parsed.latest else '?'}"
        text = f"→ {parsed.value.isoformat()} ({parsed.certainty}, {span})"
    return (f"{text}; {parsed.note}" if parsed.note else text), True


def describe_fte(column: Column, text: str) -> tuple[str, bool]:
    """What an FTE text reads as, by the importer's own rule (core.values.parse_fraction)."""
    if not text.strip():
        if column.required:
            return f"{column.label} is required", False
        return "→ no FTE (clears the cell)", True
    try:
        value, note = coerce_scalar(column, text)
    except ValueError_ as exc:
        return f"not an FTE: {exc}", False
    shown = f"→ {fte_text(value)} of one person's time ({fte_fraction_text(value)})"
    return (f"{shown}; {note}" if note else shown), True


class PreviewLineEdit(QLineEdit):
    """A line edit that says, while typing, how the plan reads the text (or why it cannot).

    The preview is a small label just below (or above) the editor in the view's
    viewport; its text is also the editor's tooltip. ``preview_text()`` returns it.
    """

    def __init__(self, parent: QWidget, describe: Callable[[str], tuple[str, bool]], placeholder: str = "") -> None:
        super().__init__(parent)
        self._describe = describe
        self.setPlaceholderText(placeholder)
        self.preview = QLabel(parent)
        self.preview.setObjectName("datePreview")
        self.preview.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.preview.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.preview.setAutoFillBackground(True)
        self.preview.setMargin(3)
        self.textChanged.connect(self._update_preview)
        self._valid = True
        self._update_preview(self.text())

    def preview_text(self) -> str:
        return self.preview.text()

    def preview_is_valid(self) -> bool:
        return self._valid

    def refuse(self) -> None:
        """Keep the typed text and say, in the preview, why it cannot be taken."""
        message = self.preview.text()
        if not message.startswith("Not changed"):
            self.preview.setText(f"Not changed — {message}")
            self.setToolTip(self.preview.text())
            self._place_preview()
        QApplication.beep()
        self.setFocus()

    def _update_preview(self, text: str) -> None:
        message, self._valid = self._describe(text)
        colour = "#1b5e20" if self._valid else "#b71c1c"
        background = "#f1f8e9" if self._valid else "#fdecea"
        self.preview.setStyleSheet(f"QLabel#datePreview {{ color: {colour}; background: {background};"
                                   " border: 1px solid #9e9e9e; }")
        self.preview.setText(message)
        self.setToolTip(message)
        self._place_preview()

    def _place_preview(self) -> None:
        self.preview.adjustSize()
        area = self.preview.parentWidget()
        below = self.geometry().bottomLeft() + QPoint(0, 1)
        if area is not None:
            if below.y() + self.preview.height() > area.height():  # no room below: show it above
                below = self.geometry().topLeft() - QPoint(0, self.preview.height() + 1)
            below.setX(max(0, min(below.x(), area.width() - self.preview.width())))
        self.preview.move(below)
        self.preview.raise_()

    def moveEvent(self, event: object) -> None:  # noqa: N802 (Qt override)
        super().moveEvent(event)  # type: ignore[arg-type]
        self._place_preview()

    def resizeEvent(self, event: object) -> None:  # noqa: N802
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._place_preview()

    def showEvent(self, event: object) -> None:  # noqa: N802
        super().showEvent(event)  # type: ignore[arg-type]
        self.preview.show()
        self._place_preview()

    def hideEvent(self, event: object) -> None:  # noqa: N802
        super().hideEvent(event)  # type: ignore[arg-type]
        self.preview.hide()


class DateLineEdit(PreviewLineEdit):
    """Fuzzy date text with a live preview, read by the plan's own parser."""

    def __init__(self, parent: QWidget, parser: DateParser, role: str) -> None:
        super().__init__(parent, lambda text: describe_date(parser.parse(text, role)),
                         "e.g. July 31st, 2016 · late Spring 2016 · FY17 Q1 · Permanent position")


class FteLineEdit(PreviewLineEdit):
    """An FTE typed as people write it ("0.5", ".5", "50%", "50", "0,5"), previewed by the importer's rule."""

    def __init__(self, parent: QWidget, column: Column) -> None:
        super().__init__(parent, lambda text: describe_fte(column, text), "0.5 · 50% · 50 · 0,5")
        self.setProperty("rule", FTE_RULE)


# --- number editors ----------------------------------------------------------------------
class NumberSpinBox(QDoubleSpinBox):
    """A spin box that keeps any text typed (so the core can refuse it) and shows 30, not 30.0."""

    def validate(self, text: str, pos: int) -> object:  # noqa: D401 (Qt override)
        result = super().validate(text, pos)
        state = result[0] if isinstance(result, tuple) else result
        if state == QValidator.State.Invalid:  # out of range or not a number: keep it, the core decides
            return QValidator.State.Intermediate, text, pos
        return result

    def textFromValue(self, value: float) -> str:  # noqa: N802
        text = self.locale().toString(float(value), "f", self.decimals())
        point = self.locale().decimalPoint()
        return text.rstrip("0").rstrip(point) if point in text else text


def _number_spin(parent: QWidget, column: Column) -> NumberSpinBox:
    spin = NumberSpinBox(parent)
    spin.setRange(column.minimum if column.minimum is not None else 0.0,
                  column.maximum if column.maximum is not None else 1000.0)
    spin.setDecimals(2)
    spin.setSingleStep(0.1)
    spin.setProperty("percent", False)
    return spin


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
        return _number_spin(parent, self.column(index))

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
