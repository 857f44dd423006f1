"""The Load tab: person × period heatmap and committed-vs-capacity chart (QtCharts).

A thin Qt adapter over `analysis.heatmap`: the model only maps cells to colours and
text; hovering a cell lists the duties behind it; clicking selects them (signal
``dutiesChosen``), which the window passes to the Assignments table and the timeline.
The cells are parts of the window's one analysis per revision (`document.analysis`,
`analysis.snapshot.heatmap_part`): on a large plan the month heatmap and the capacity chart
are computed off the GUI thread when this tab asks for them (after an edit only while it is
shown, so that the flags and the timeline do not wait for them); another period is computed
when chosen, in the same background path. Nothing is computed here on the GUI thread.
"""

from __future__ import annotations

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QLineSeries,
    QStackedBarSeries,
    QValueAxis,
)
import pandas as pd
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from effortplanner.analysis.heatmap import DEPARTMENT, FREQUENCIES, Heatmap
from effortplanner.analysis.snapshot import CAPACITY_PART, Snapshot, heatmap_part
from effortplanner.core.values import fte_fraction_text, fte_text
from effortplanner.gui.document import PlanDocument
from effortplanner.gui.rows_model import OneCallPerCell
from effortplanner.gui.words import count

_Index = QModelIndex | QPersistentModelIndex
DISPLAY, TOOLTIP = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole
BACKGROUND, FONT = Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.FontRole
FOREGROUND, ALIGN = Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.TextAlignmentRole
STATE_BRUSHES = {"over": QBrush(QColor("#F4B183")), "low": QBrush(QColor("#EDF3FA")),
                 "ok": QBrush(QColor("#FFFFFF")), "away": QBrush(QColor("#E6E6E6"))}
GROUP_BRUSH = QBrush(QColor("#DDE4EE"))
RIGHT_ALIGNED = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
OVER_TEXT, MUTED_TEXT = QBrush(QColor("#9C0006")), QBrush(QColor("#777777"))
LEGEND = ("<span style='background:#F4B183;color:#9C0006'>&nbsp;over capacity&nbsp;</span> "
          "<span style='background:#EDF3FA'>&nbsp;under half&nbsp;</span> "
          "<span style='background:#E6E6E6'>&nbsp;not there&nbsp;</span> "
          "<i>~ estimated FTE included</i>")


WIDEST_CELLS = ("125% ~", "2026-12")  # as wide as a cell's load or a period's label gets


class HeatmapModel(OneCallPerCell, QAbstractTableModel):
    """Rows: a header row per group, then its people; columns: periods. Read-only; a repaint asks
    each cell's roles in one call (`OneCallPerCell`)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.result: Heatmap | None = None
        self._rows: list[tuple[str, str]] = []  # ("group", name) | ("person", id)
        self._values: dict[str, list[tuple[float, bool, str, float]]] = {}
        self._labels: list[str] = []
        self._names: dict[str, str] = {}  # person id -> name, for the row headers
        self._bold, self._italic = QFont(), QFont()
        self._bold.setBold(True)
        self._italic.setItalic(True)

    def set_heatmap(self, result: Heatmap | None) -> None:
        """Show `result`; None (no analysis window) shows nothing."""
        self.beginResetModel()
        self.result = result
        if result is None:
            self._labels, self._values, self._rows = [], {}, []
            self.endResetModel()
            return
        self._labels = list(result.periods["period"])
        cells = result.cells
        values = list(zip(cells["fte"].to_numpy(dtype=float), cells["estimated"].to_numpy(dtype=bool),
                          cells["state"].to_numpy(dtype=object), cells["capacity"].to_numpy(dtype=float)))
        width = len(self._labels)
        persons = cells["person"].to_numpy(dtype=object)
        self._values = {persons[i]: values[i:i + width] for i in range(0, len(values), width)} if width else {}
        self._rows = []
        self._names = dict(zip(map(str, result.people.index), map(str, result.people["name"])))  # headers, at once
        group = None
        for pid, row_group in zip(result.people.index, result.people["group"], strict=True):
            if row_group != group:
                group = row_group
                self._rows.append(("group", str(group)))
            self._rows.append(("person", str(pid)))
        self.endResetModel()

    def person_at(self, row: int) -> str | None:
        kind, key = self._rows[row]
        return key if kind == "person" else None

    def period_at(self, column: int) -> str:
        return self._labels[column]

    def row_of_person(self, pid: str) -> int:
        return next((r for r, (kind, key) in enumerate(self._rows) if kind == "person" and key == pid), -1)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._labels)

    def data(self, index: _Index, role: int = DISPLAY) -> object:
        if not index.isValid() or self.result is None:
            return None
        kind, key = self._rows[index.row()]
        if kind == "group":
            return GROUP_BRUSH if role == BACKGROUND else None
        fte, estimated, state, capacity = self._values[key][index.column()]
        if role == DISPLAY:
            if state == "away" and fte <= 0:
                return ""
            return fte_text(fte) + (" ~" if estimated else "")
        if role == BACKGROUND:
            return STATE_BRUSHES[state]
        if role == FOREGROUND:
            return OVER_TEXT if state == "over" else MUTED_TEXT if state == "away" else None
        if role == FONT:
            return self._italic if estimated else None
        if role == ALIGN:
            return RIGHT_ALIGNED
        if role == TOOLTIP:
            return self.tooltip(key, self._labels[index.column()], fte, capacity, state)
        return None

    def tooltip(self, pid: str, period: str, fte: float, capacity: float, state: str) -> str:
        """The duties behind a cell, in the words a head reads."""
        assert self.result is not None
        name = self.result.people.at[pid, "name"]
        words = {"over": "over capacity", "low": "under half of capacity", "ok": "", "away": "not there"}[state]
        lines = [f"<b>{name}</b>, {period}: {fte_text(fte)} of {fte_text(capacity)} ({fte_fraction_text(fte)})"
                 + (f" — {words}" if words else "")]
        for duty in self.result.duties(pid, period).itertuples():
            marks = " (estimated)" if duty.estimated else ""
            marks += " (inherited)" if duty.inherited else ""
            lines.append(f"• {duty.duty} [{duty.vo or 'no VO'}] {fte_text(duty.fte)}{marks}")
        if len(lines) == 1:
            lines.append("no duties")
        return "<br>".join(lines)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> object:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal:
            return self._labels[section] if role == DISPLAY else None
        if self.result is None:
            return None
        kind, key = self._rows[section]
        if role == DISPLAY:
            return key if kind == "group" else self._names.get(key, key)
        if role == FONT and kind == "group":
            return self._bold
        return None


def _month_label(period: object) -> str:
    """'4/16' for a month label '2016-04': short enough to stay upright (categories must be unique)."""
    text = str(period)
    year, _, month = text.partition("-")
    if not month.isdigit():
        return text
    return f"{int(month)}/{year[2:]}"


class CapacityChart(QChartView):
    """Committed FTE (bars) against capacity (line) by month, for the department or one group."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(220)
        self.frame = None

    def show_group(self, frame: object, group: str) -> None:
        assert isinstance(frame, pd.DataFrame)
        part = frame[frame["group"] == group]
        chart = QChart()
        chart.setTitle(f"Committed FTE against capacity by month — {group}")
        firm, estimated = QBarSet("committed (stated FTE)"), QBarSet("committed (estimated FTE)")
        firm.setColor(QColor("#4F81BD"))
        estimated.setColor(QColor("#B8CCE4"))
        capacity = QLineSeries()
        capacity.setName("capacity")
        capacity.setPen(QPen(QColor("#C00000"), 2))
        for i, row in enumerate(part.itertuples()):
            firm.append(float(row.fte - row.estimated_fte))
            estimated.append(float(row.estimated_fte))
            capacity.append(float(i), float(row.capacity))
        bars = QStackedBarSeries()
        bars.append(firm)
        bars.append(estimated)
        chart.addSeries(bars)
        chart.addSeries(capacity)
        months = QBarCategoryAxis()
        months.append([_month_label(p) for p in part["period"]])
        months.setLabelsAngle(-90 if len(part) > 40 else 0)
        small = QFont()
        small.setPointSizeF(max(6.0, small.pointSizeF() - 1))
        months.setLabelsFont(small)
        top = max(1.0, float(part[["fte", "capacity"]].to_numpy().max()) * 1.1) if len(part) else 1.0
        axis = QValueAxis()
        axis.setRange(0.0, top)
        axis.setTitleText("FTE")
        axis.setLabelFormat("%.1f")
        chart.addAxis(months, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(axis, Qt.AlignmentFlag.AlignLeft)
        for series in (bars, capacity):
            series.attachAxis(months)
            series.attachAxis(axis)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.setChart(chart)
        self.frame = part


class LoadView(QWidget):
    """The Load tab."""

    dutiesChosen = Signal(list)  # assignment ids behind a clicked cell  # noqa: N815
    answered = Signal(str)  # a refresh has shown its heatmap: "" or, without one, why not (printing waits)

    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.period = QComboBox()
        for key, label in FREQUENCIES.items():
            self.period.addItem(label, key)
        self.period.setCurrentIndex(1)
        self.group = QComboBox()
        self.model = HeatmapModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setMouseTracking(True)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        # Cells of one width (a load, "125% ~") and one line high: sizing each row and column to its
        # contents asked all 2,000 rows x 25 cells for their data on every relayout (a job's progress
        # showing in the status bar froze the window for 7-18 s at 20,000 duties).
        metrics = self.table.fontMetrics()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setDefaultSectionSize(max(map(metrics.horizontalAdvance, WIDEST_CELLS)) + 14)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(metrics.height() + 8)
        self.table.clicked.connect(self._clicked)
        self.chart = CapacityChart()
        self.summary = QLabel()
        top = QHBoxLayout()
        top.addWidget(QLabel("Period:"))
        top.addWidget(self.period)
        top.addSpacing(16)
        top.addWidget(QLabel(LEGEND))
        top.addStretch(1)
        top.addWidget(self.summary)
        bottom = QWidget()
        lower = QVBoxLayout(bottom)
        lower.setContentsMargins(0, 0, 0, 0)
        chooser = QHBoxLayout()
        chooser.addWidget(QLabel("Chart for:"))
        chooser.addWidget(self.group)
        chooser.addStretch(1)
        lower.addLayout(chooser)
        lower.addWidget(self.chart)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(bottom)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split)
        self._capacity: pd.DataFrame | None = None
        self._stale = True
        self.period.currentIndexChanged.connect(lambda _i: self.refresh())
        self.group.currentIndexChanged.connect(lambda _i: self._show_chart())
        document.analysis.ready.connect(self._analysed)

    def _analysed(self, _snapshot: Snapshot) -> None:
        self._stale = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: object) -> None:  # noqa: N802
        super().showEvent(event)  # type: ignore[arg-type]
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        """Show the chosen period's heatmap of the current analysis (asked for off the GUI thread)."""
        self._stale = False
        self.document.analysis.part(heatmap_part(str(self.period.currentData())), self._show)

    def _show(self, snap: Snapshot, result: object) -> None:
        if result is not None and not isinstance(result, Heatmap):
            raise TypeError(f"heatmap part is a {type(result).__name__}")
        if result is not None and result.freq != self.period.currentData():
            return  # the period was changed meanwhile: its own part is on its way
        self.model.set_heatmap(result)
        capacity = snap.part(CAPACITY_PART)
        self._capacity = capacity if isinstance(capacity, pd.DataFrame) else None
        if result is None or self._capacity is None:
            self.summary.setText(snap.window_error or "no analysis")
            self.chart.setChart(QChart())
            self.answered.emit(self.summary.text() if result is None else "")
            return
        cells = result.cells
        over = int(cells.loc[cells["state"] == "over", "person"].nunique())
        self.summary.setText(f"{count(len(result.people), 'person', 'people')} · {over} over capacity in some "
                             f"{FREQUENCIES[result.freq].lower()} · {result.as_of} to {result.horizon}")
        current = self.group.currentText()
        groups = [DEPARTMENT, *[g for g in dict.fromkeys(self._capacity["group"]) if g != DEPARTMENT]]
        self.group.blockSignals(True)
        self.group.clear()
        self.group.addItems(groups)
        self.group.setCurrentIndex(max(0, groups.index(current)) if current in groups else 0)
        self.group.blockSignals(False)
        self._show_chart()
        self.answered.emit("")

    def _show_chart(self) -> None:
        if self._capacity is not None and self.group.currentText():
            self.chart.show_group(self._capacity, self.group.currentText())

    def duties_at(self, index: QModelIndex) -> list[str]:
        pid = self.model.person_at(index.row()) if index.isValid() else None
        if pid is None or self.model.result is None:
            return []
        return [str(a) for a in self.model.result.duties(pid, self.model.period_at(index.column()))["assignment"]]

    def _clicked(self, index: QModelIndex) -> None:
        duties = self.duties_at(index)
        if duties:
            self.dutiesChosen.emit(duties)
