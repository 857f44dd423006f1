"""The timeline scene: rows of bars built from TimelineData, re-arranged on sort or collapse.

Scene units are days (x) and pixels (y). Rows are containers, so sorting or folding a
group moves a few hundred row items, never the bars in them. After an edit only the
rows whose content changed are rebuilt (`update_data`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from types import SimpleNamespace

from PySide6.QtCore import QLineF, QRectF, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QPainter
from PySide6.QtWidgets import QGraphicsLineItem, QGraphicsRectItem, QGraphicsScene
from shiboken6 import isValid

from effortplanner.gui.timeline import layout
from effortplanner.gui.timeline.data import Person, TimelineData, changed_people
from effortplanner.gui.timeline.items import Bars, RowItem, bar_brushes, fill_row, outline
from effortplanner.gui.timeline.labels import LabelsLayer
from effortplanner.gui.timeline.palette import (AS_OF, GRID, GRID_MAJOR, GROUP_BAND, HIGHLIGHT, HORIZON, ROW_ALT,
                                                SELECTION, Palette, cosmetic)

WHITE = QColor("#FFFFFF")
BEYOND = QColor(0, 0, 0, 10)


@dataclass
class Prepared:
    """What updating the scene to new rows needs that is pure (no item is touched), so the
    timeline can work it out off the GUI thread: rows that changed, the bars as plain lists
    (what painting reads), the groups' order, and what the rows' order depends on."""

    changed: set[str | None]
    lists: SimpleNamespace
    group_order: list[str]
    people_key: list[tuple[object, ...]]


def prepare(old: TimelineData, data: TimelineData, sort: str) -> Prepared:
    return Prepared(changed_people(old, data), *_lists_of(data), _people_key(data, sort))


def _lists_of(data: TimelineData) -> tuple[SimpleNamespace, list[str]]:
    b = data.bars
    lists = SimpleNamespace(ids=b.ids, x0=b.x0.tolist(), x1=b.x1.tolist(), lane=b.lane.tolist(), label=b.label,
                            overflow=b.overflow)
    duties: dict[str, int] = {}
    for person in data.people.values():
        duties[person.group] = duties.get(person.group, 0) + len(person.bars)
    return lists, layout.group_order(data.people.values(), duties)


def _people_key(data: TimelineData, sort: str) -> list[tuple[object, ...]]:
    """What the rows' order and heights read of each person under `sort` (a load edit moves no row
    sorted by group)."""
    by = {"contract_end": "end", "load": "peak"}.get(sort, "lanes")
    return [(p.pid, p.name, p.group, p.lanes, getattr(p, by)) for p in data.people.values()]


class TimelineScene(QGraphicsScene):
    def __init__(self, parent: object = None) -> None:
        super().__init__(parent)
        self.data: TimelineData | None = None
        self.palette = Palette([])
        self.rows: list[layout.Row] = []
        self.row_ys: list[float] = []
        self.row_items: dict[str | None, RowItem] = {}
        self.bars = Bars()
        self.bar_lists = SimpleNamespace()
        self.sort = "group"
        self.collapsed: set[str] = set()
        self.group_order: list[str] = []
        self.dragging: str | None = None  # the assignment being dragged (labels follow its item)
        self.selected: list[str] = []
        self._outlines: list[QGraphicsRectItem] = []
        self._arranged: object = None  # what the rows' order was worked out from (`arrange`)
        self._placed: dict[str | None, float | None] = {}  # person id -> the y its row item is at (None: hidden)
        self._ys: dict[str | None, float] = {}  # person id -> the y `arrange` gave its row
        self._fixed_items()

    def _fixed_items(self) -> None:
        """The items every plan has: the labels layer, as-of and horizon lines, highlight, drop target."""
        self.labels = LabelsLayer(self)
        self.addItem(self.labels)
        self.as_of_line = self._line(cosmetic(AS_OF, 2.0), 40)
        self.horizon_line = self._line(cosmetic(HORIZON, 1.5, Qt.PenStyle.DashLine), 40)
        self.highlight = QGraphicsRectItem()
        self.highlight.setBrush(QBrush(Qt.BrushStyle.NoBrush))  # a frame only: the row keeps its VO colours
        self.highlight.setPen(cosmetic(HIGHLIGHT, 3.0))
        self.highlight.setZValue(45)
        self.highlight.hide()
        self.addItem(self.highlight)
        self.target = QGraphicsRectItem()  # the row a dragged bar would land in
        self.target.setBrush(QBrush(QColor(21, 101, 192, 35)))
        self.target.setPen(cosmetic(QColor(21, 101, 192), 1.5))
        self.target.setZValue(44)
        self.target.hide()
        self.addItem(self.target)

    def _line(self, pen: object, z: float) -> QGraphicsLineItem:
        line = QGraphicsLineItem()
        line.setPen(pen)
        line.setZValue(z)
        self.addItem(line)
        return line

    # --- building ------------------------------------------------------------------------------
    def set_data(self, data: TimelineData) -> None:
        """Build every row (once: a scene with rows is replaced, see `retire`)."""
        assert not self.row_items, "build a new scene instead of rebuilding this one"
        self.data = data
        self.palette = Palette(data.vos)
        self._lists(data)
        brushes = bar_brushes(data, self.palette)
        for pid, person in data.people.items():
            self._build_row(pid, person, brushes)
        self.arrange()
        self.select(self.selected)

    def retire(self, chunk: int = 150) -> None:
        """Delete this scene's items a few rows per event-loop turn, then the scene: deleting 40,000
        items at once would freeze the window for most of a second."""
        rows = list(self.row_items.values())
        self.row_items, self.bars, self._outlines, self.data = {}, Bars(), [], None

        def step() -> None:
            if self.itemIndexMethod() != QGraphicsScene.ItemIndexMethod.NoIndex:
                self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
                QTimer.singleShot(0, step)
                return
            for _ in range(min(chunk, len(rows))):
                self.removeItem(rows.pop())
            if rows:
                QTimer.singleShot(0, step)
            else:
                self.deleteLater()

        QTimer.singleShot(0, step)

    def can_update(self, data: TimelineData) -> bool:
        """Whether `update_data` can take this state (same time axis and colours), or a new scene is needed."""
        old = self.data
        return old is not None and (old.first, old.days, old.vos) == (data.first, data.days, data.vos)

    def update_data(self, data: TimelineData, prepared: Prepared | None = None) -> set[str | None]:
        """Rebuild only the rows whose content changed; returns their person ids. `prepared`: what
        `prepare` worked out off the GUI thread against this scene's data."""
        old = self.data
        assert old is not None and self.can_update(data)
        if prepared is None:
            prepared = prepare(old, data, self.sort)
        changed = prepared.changed
        self.data = data
        self.bar_lists, self.group_order = prepared.lists, prepared.group_order
        brushes = bar_brushes(data, self.palette, [i for pid in changed if pid in data.people
                                                   for i in data.people[pid].bars])
        for pid in changed:
            item = self.row_items.pop(pid, None)
            self._placed.pop(pid, None)
            if item is not None:
                self.bars.forget_row(item)
                self.removeItem(item)
            if pid in data.people:
                self._build_row(pid, data.people[pid], brushes)
        self.arrange(prepared.people_key)
        self.select([a for a in self.selected if a in data.index])
        return changed

    def _lists(self, data: TimelineData) -> None:
        self.bar_lists, self.group_order = _lists_of(data)

    def _build_row(self, pid: str | None, person: Person, brushes: dict[int, QBrush]) -> None:
        assert self.data is not None
        row = RowItem(pid)
        fill_row(row, person, self.data, self.palette, brushes, self.bars)
        self.addItem(row)
        self.row_items[pid] = row

    def arrange(self, people_key: list[tuple[object, ...]] | None = None) -> None:
        """Order and position rows (sort, folded groups); resize the scene. After an edit the order
        is worked out again only when something it depends on changed (`people_key`), and only rows
        that move or were rebuilt are touched (both would otherwise cost tens of ms per edit on a
        5,000-person plan)."""
        data = self.data
        if data is None:
            return
        key = (self.sort, frozenset(self.collapsed), tuple(self.group_order),
               people_key if people_key is not None else _people_key(data, self.sort))
        placed = self._placed
        if key != self._arranged:
            self.rows = layout.arrange(data.people.values(), self.sort, self.collapsed, self.group_order)
            self.row_ys = [r.y for r in self.rows]
            self._arranged = key
            self._ys = {row.key: row.y for row in self.rows if row.kind == "person"}
            touched = self.row_items.keys()
        else:  # same order: only the rows rebuilt since are not in place yet
            touched = [pid for pid in self.row_items if pid not in placed] if len(placed) != len(self.row_items) \
                else []
        for pid in list(touched):
            item = self.row_items[pid]
            y = self._ys.get(pid)  # None: in a folded group
            if placed.get(pid, -1.0) != y:
                if y is not None:
                    item.setPos(0.0, y)
                item.setVisible(y is not None)
                placed[pid] = y
        height = max(layout.total_height(self.rows), 40.0)
        rect = QRectF(0.0, 0.0, float(data.days), height)
        self.setSceneRect(rect)
        self.labels.set_extent(rect)
        self.as_of_line.setLine(QLineF(data.as_of_x, 0.0, data.as_of_x, height))
        self.horizon_line.setLine(QLineF(data.horizon_x, 0.0, data.horizon_x, height))

    # --- looking things up ------------------------------------------------------------------
    def row_of(self, pid: str | None) -> layout.Row | None:
        return next((r for r in self.rows if r.kind == "person" and r.key == pid), None)

    @property
    def bar_items(self) -> dict[str, QGraphicsRectItem]:
        """Bar item by assignment id."""
        return self.bars.by_id

    def bar_rect(self, aid: str) -> QRectF | None:
        item = self.bars.by_id.get(aid)
        return item.sceneBoundingRect() if item is not None and item.isVisible() else None

    def short_date(self, x: float) -> str:
        assert self.data is not None
        day = self.data.day(x)
        return f"{day.day} {day:%b %Y}"

    def day_at(self, x: float) -> date:
        assert self.data is not None
        return self.data.day(x)

    # --- selection and highlights -----------------------------------------------------------
    def select(self, aids: list[str]) -> None:
        for item in self._outlines:
            if isValid(item) and item.scene() is self:  # an outline goes with its bar's rebuilt row
                self.removeItem(item)
        self._outlines = []
        self.selected = list(aids)
        for aid in aids:
            item = self.bars.by_id.get(aid)
            if item is not None:
                self._outlines.append(outline(item, item.rect().adjusted(-0.2, -1, 0.2, 1), SELECTION))

    def show_highlight(self, rect: QRectF | None) -> None:
        if rect is None:
            self.highlight.hide()
            return
        self.highlight.setRect(rect)
        self.highlight.show()

    # --- background: group bands, row stripes, availability, load strips, the calendar grid -------
    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:
        painter.fillRect(rect, WHITE)
        data = self.data
        if data is None:
            return
        left, right = rect.left(), rect.right()
        palette = self.palette
        for i in layout.visible_range(self.row_ys, rect.top(), rect.bottom()):
            row = self.rows[i]
            band = QRectF(left, row.y, right - left, row.height)
            if row.kind == "group":
                painter.fillRect(band, GROUP_BAND)
                continue
            if i % 2:
                painter.fillRect(band, ROW_ALT)
            person = data.people.get(row.key)
            if person is None:
                continue
            strip = row.y + layout.strip_y(person.lanes)
            if person.start is not None and person.start > left:  # outside the contract: shaded
                painter.fillRect(QRectF(left, row.y, person.start - left, strip - row.y), palette.unavailable)
            if person.end is not None and person.end < right:
                x = max(person.end, left)
                painter.fillRect(QRectF(x, row.y, right - x, strip - row.y), palette.unavailable)
            for x0, x1, load, capacity in person.load:  # the load strip: the person x time heatmap
                if x1 > left and x0 < right:
                    painter.fillRect(QRectF(x0, strip + 1, x1 - x0, layout.STRIP_H - 1),
                                     palette.load_brush(load, capacity))
        horizon = data.horizon_x
        if horizon < right:
            painter.fillRect(QRectF(max(horizon, left), rect.top(), right - max(horizon, left), rect.height()), BEYOND)
        sx = painter.worldTransform().m11()
        minor, major = cosmetic(GRID), cosmetic(GRID_MAJOR)
        for x, is_major in layout.grid(data.first, max(left, 0.0), min(right, float(data.days)), sx,
                                       data.fy_start_month):
            if not 0.0 <= x <= data.days:
                continue
            painter.setPen(major if is_major else minor)
            painter.drawLine(QLineF(x, rect.top(), x, rect.bottom()))
