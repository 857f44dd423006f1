"""Edit › Plan Settings…: as-of date, horizon, fiscal-year start, units and cadence estimates.

The dialog only collects values; `core.settings_edit.set_settings` checks them and makes
the change, pushed by the document as one undo step (flags and views recompute on it).
"""

from __future__ import annotations

import calendar
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from effortplanner.analysis.window import plan_window
from effortplanner.core.edits import EditError
from effortplanner.core.plan import DEFAULT_CADENCE_FTE, Plan
from effortplanner.core.settings_edit import set_settings
from effortplanner.gui.document import PlanDocument


def qdate(value: date) -> QDate:
    """A Python date as a QDate (the date editors' type)."""
    return QDate(value.year, value.month, value.day)


def pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class _DateField(QWidget):
    """A date, or "automatic" (today for the as-of date, the end of next fiscal year for the horizon)."""

    def __init__(self, value: date | None, shown: date, automatic: str) -> None:
        super().__init__()
        self.edit = QDateEdit(qdate(value or shown))
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("yyyy-MM-dd")
        self.auto = QCheckBox(automatic)
        self.auto.setChecked(value is None)
        self.auto.toggled.connect(lambda on: self.edit.setEnabled(not on))
        self.edit.setEnabled(value is not None)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(self.auto)
        layout.addStretch(1)

    def value(self) -> date | None:
        return None if self.auto.isChecked() else pydate(self.edit.date())


class PlanSettingsDialog(QDialog):
    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Plan Settings")
        self.document = document
        settings = document.plan.settings
        as_of, horizon = plan_window(document.plan)
        self.as_of = _DateField(settings.as_of, as_of, "today")
        self.horizon = _DateField(settings.horizon, horizon, "end of next fiscal year")
        self.fy_month = QComboBox()
        self.fy_month.addItems(list(calendar.month_name)[1:])
        self.fy_month.setCurrentIndex(settings.fy_start_month - 1)
        self.fy_day = QSpinBox()
        self.fy_day.setRange(1, 31)
        self.fy_day.setValue(settings.fy_start_day)
        fiscal = QWidget()
        row = QHBoxLayout(fiscal)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.fy_day)
        row.addWidget(self.fy_month)
        row.addStretch(1)
        self.hours = QDoubleSpinBox()
        self.hours.setRange(1, 744)
        self.hours.setDecimals(1)
        self.hours.setValue(settings.hours_per_month)
        self.hours.setSuffix(" h")
        self.days = QDoubleSpinBox()
        self.days.setRange(1, 7)
        self.days.setDecimals(1)
        self.days.setValue(settings.days_per_week)
        self.days.setSuffix(" days")
        window = QFormLayout()
        window.addRow("As of", self.as_of)
        window.addRow("Horizon", self.horizon)
        window.addRow("Fiscal year starts", fiscal)
        units = QFormLayout()
        units.addRow("Full-time hours per month", self.hours)
        units.addRow("Working days per week", self.days)
        self.cadence: dict[str, QDoubleSpinBox] = {}
        estimates = QFormLayout()
        for name in {**DEFAULT_CADENCE_FTE, **settings.cadence_fte}:
            spin = QDoubleSpinBox()
            spin.setRange(0, 150)
            spin.setDecimals(1)
            spin.setSuffix(" %")
            spin.setValue(100.0 * settings.cadence_fte.get(name, DEFAULT_CADENCE_FTE.get(name, 0.0)))
            spin.setToolTip(f"FTE assumed for a {name} duty whose FTE is not stated (estimated, marked as such)")
            self.cadence[name] = spin
            estimates.addRow(name.capitalize(), spin)
        layout = QVBoxLayout(self)
        for title, form in (("Plan window", window), ("Units", units), ("Cadence estimates", estimates)):
            box = QGroupBox(title)
            box.setLayout(form)
            layout.addWidget(box)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b71c1c")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.apply)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def values(self) -> dict[str, object]:
        """What the dialog holds, as the core's settings names."""
        return {"as_of": self.as_of.value(), "horizon": self.horizon.value(),
                "fy_start_month": self.fy_month.currentIndex() + 1, "fy_start_day": self.fy_day.value(),
                "hours_per_month": self.hours.value(), "days_per_week": self.days.value(),
                "cadence_fte": {name: round(spin.value() / 100.0, 6) for name, spin in self.cadence.items()}}

    def apply(self) -> None:
        """One undo step for everything changed; a refusal stays in the dialog with its reason."""
        values = self.values()

        def edit(plan: Plan) -> object:
            return set_settings(plan, values)

        try:
            self.document.edit_or_raise(edit)  # type: ignore[arg-type]
        except EditError as exc:
            self.error.setText(f"Not changed: {exc}")
            return
        self.accept()


def open_plan_settings(document: PlanDocument, parent: QWidget | None = None) -> PlanSettingsDialog:
    """Show the dialog (window-modal); it applies itself on OK."""
    dialog = PlanSettingsDialog(document, parent)
    dialog.setModal(True)
    dialog.show()
    return dialog


