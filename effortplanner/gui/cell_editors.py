"""The editors the plan table's delegates open: a line edit that previews what the core will read
(dates, FTE) and a number spin box. They only help the user: what was typed is committed as typed
and the core reads it, or refuses it with a reason (see `delegates`)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QApplication, QDoubleSpinBox, QLabel, QLineEdit, QWidget

from effortplanner.core.dates import DateParser, FuzzyDate
from effortplanner.core.schema import Column
from effortplanner.core.values import FTE_RULE, ValueError_, coerce_scalar, fte_fraction_text, fte_text


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


def number_spin(parent: QWidget, column: Column) -> NumberSpinBox:
    spin = NumberSpinBox(parent)
    spin.setRange(column.minimum if column.minimum is not None else 0.0,
                  column.maximum if column.maximum is not None else 1000.0)
    spin.setDecimals(2)
    spin.setSingleStep(0.1)
    spin.setProperty("percent", False)
    return spin
