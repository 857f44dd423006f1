"""The import dialog's view of a period grid (and of other kinds read as a whole, not row by row).

Shows what io detected in a grid sheet (the periods, first to last and how many; the
unit and its conversion; the project the sheet is about) and lets the user change the
unit and the units per period that make 1.0 FTE. The reading itself is
`effortplanner.io.kinds`; this module only builds the changed `GridSpec`.
"""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtWidgets import (QComboBox, QDoubleSpinBox, QFormLayout, QGroupBox, QLabel, QTableWidget,
                               QTableWidgetItem, QWidget)

from effortplanner.core.plan import PlanSettings
from effortplanner.core.values import as_text
from effortplanner.io.headers import SheetLayout
from effortplanner.io.kinds.grid_layout import GridSpec
from effortplanner.io.kinds.period_grid import describe_grid
from effortplanner.io.layout_replay import with_unit
from effortplanner.io.records import Pending
from effortplanner.io.units import FTE, PERCENT, UNIT_LABELS, UNITS

RECORD_COLUMNS = (("person_name", "Person"), ("duty", "Duty"), ("vo", "VO"), ("fte", "FTE"), ("start", "Start"),
                  ("end", "End"), ("probability", "Probability"), ("group", "Group"), ("capacity_fte", "Capacity"))


def fill_records(table: QTableWidget, pending: Pending, limit: int = 20) -> int:
    """The assignments (or, when there are none, the people) a sheet gives; returns how many in all."""
    # Duties first, then the people a roster-like kind (a team list) gives with their capacity.
    records: list[dict[str, object]] = list(pending.assignments) + [
        {"person_name": m.name, "group": m.cells.get("group", ""), "capacity_fte": m.cells.get("capacity_fte", "")}
        for m in pending.listed_mentions() if m.from_roster]
    columns = [(k, label) for k, label in RECORD_COLUMNS if any(as_text(r.get(k)) for r in records)]
    table.clear()
    table.setColumnCount(len(columns))
    table.setHorizontalHeaderLabels([label for _, label in columns])
    shown = records[:limit]
    table.setRowCount(len(shown))
    for r, record in enumerate(shown):
        for c, (key, _) in enumerate(columns):
            value = record.get(key)
            text = value.date().isoformat() if hasattr(value, "date") and as_text(value) else as_text(value)
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            table.setItem(r, c, item)
    return len(records)


def column_role(layout: SheetLayout, column: int) -> str | None:
    """What a grid column is (a period and its span, a stated total), for the mapping table; None if not a grid."""
    spec = layout.detail
    if not isinstance(spec, GridSpec):
        return None
    period = spec.periods.columns.get(column)
    if period is not None:
        last = period.end.toordinal() - 1
        return f"period {period.start.isoformat()} – {period.start.fromordinal(last).isoformat()}"
    if column in spec.total_columns or column in spec.covered_columns:
        return "stated total (checked)"
    return "name" if column == spec.label_column else "role" if column == spec.role_column else "not read"


class GridPanel(QGroupBox):
    """Periods, unit, conversion and project of one grid sheet; unit and units per period editable."""

    changed = Signal(object)  # the new SheetLayout

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Period grid", parent)
        self.layout_: SheetLayout | None = None
        self.settings = PlanSettings()
        self.periods = QLabel()
        self.project = QLabel()
        self.conversion = QLabel()
        for label in (self.periods, self.project, self.conversion):
            label.setWordWrap(True)
        self.unit = QComboBox()
        for unit in UNITS:
            self.unit.addItem(UNIT_LABELS[unit], unit)
        self.unit.setAccessibleName("Unit of the grid's numbers")
        self.per_fte = QDoubleSpinBox()
        self.per_fte.setRange(0.0, 10000.0)
        self.per_fte.setDecimals(1)
        self.per_fte.setSpecialValueText("as detected")
        self.per_fte.setToolTip("How many hours (or person-days) in one period make 1.0 FTE; "
                                "'as detected' uses the sheet's available-hours row or the plan setting")
        form = QFormLayout(self)
        form.addRow("Periods:", self.periods)
        form.addRow("Project:", self.project)
        form.addRow("&Unit:", self.unit)
        form.addRow("Units per period for 1.0 &FTE:", self.per_fte)
        form.addRow("Conversion:", self.conversion)
        self.unit.currentIndexChanged.connect(self._edited)
        self.per_fte.valueChanged.connect(self._edited)

    def set_layout(self, layout: SheetLayout | None) -> None:
        """Show a layout; hidden unless it is a period grid."""
        self.layout_ = layout
        spec = layout.detail if layout is not None else None
        self.setVisible(isinstance(spec, GridSpec))
        if not isinstance(spec, GridSpec) or layout is None:
            return
        columns = list(spec.periods.columns.values())
        kind = "weekly" if spec.periods.weekly else "processing-month" if spec.processing_row is not None \
            else "monthly" if all(27 <= p.days <= 32 for p in columns) else "dated"
        self.periods.setText(f"{spec.first} to {spec.last} ({len(columns)} {kind} periods, "
                             f"{columns[0].start.isoformat()} to {columns[-1].end.isoformat()} exclusive)")
        meta = spec.metadata
        source = "from the metadata block" if meta.title else "from the sheet name"
        if spec.rows_are == "projects":
            person = meta.person or layout.sheet
            self.project.setText(f"rows are projects of {person}")
        else:
            extra = [f"code {meta.code}"] * bool(meta.code) + \
                [f"funding probability {meta.probability:g}"] * (meta.probability is not None)
            self.project.setText(f"{spec.project(layout.sheet)} ({source}{'; ' + ', '.join(extra) if extra else ''})")
        with QSignalBlocker(self.unit), QSignalBlocker(self.per_fte):
            self.unit.setCurrentIndex(self.unit.findData(spec.unit))
            self.per_fte.setValue(spec.per_fte or 0.0)
            self.per_fte.setEnabled(spec.unit not in (FTE, PERCENT))
        self.conversion.setText(f"{describe_grid(spec, self.settings)} (unit from {spec.unit_reason})")

    def _edited(self) -> None:
        layout = self.layout_
        if layout is None or not isinstance(layout.detail, GridSpec):
            return
        self.changed.emit(with_unit(layout, self.unit.currentData(), self.per_fte.value() or None))
