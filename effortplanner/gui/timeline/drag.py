"""Dragging bars: move sideways, drag an end, or drop on another person's row.

While dragging, only the bar's item moves (snapped to the zoom level's unit); the plan
is touched once, on release, by the widget (one core Change, one undo step). Esc
cancels. The controller knows Qt geometry and dates, never a business rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtWidgets import QApplication, QGraphicsItem, QGraphicsRectItem, QToolTip

from effortplanner.gui.timeline import layout
from effortplanner.gui.timeline.drop import KEEP, end_from_exclusive
from effortplanner.gui.timeline.items import GhostItem

if TYPE_CHECKING:
    from effortplanner.gui.timeline.view import TimelineGraphicsView

EDGE = 6.0  # device pixels from a bar's end that grab the end instead of the bar


@dataclass
class Drop:
    aid: str
    start: date | None  # new start, or None: unchanged
    end: date | None  # new (inclusive) end, or None: unchanged
    person: object = KEEP  # new owner id (None: unassigned), or KEEP


@dataclass
class _Drag:
    aid: str
    item: QGraphicsRectItem
    mode: str  # "move" | "start" | "end"
    press: QPointF  # viewport position of the press
    press_x: float  # scene x of the press
    orig_pos: QPointF
    orig_x1: float
    start_x: float  # the start the plan uses
    end_x: float | None  # the (exclusive) end the plan uses; None: ongoing
    own: str | None  # owner's person id
    own_y: float
    lane_top: float
    level: str
    started: bool = False
    start: date | None = None
    end: date | None = None  # exclusive
    target: object = KEEP


@dataclass
class Hit:
    item: QGraphicsItem
    aid: str | None = None  # a bar's assignment
    ghost: GhostItem | None = None  # or duties inherited from a leaver


def hit(view: TimelineGraphicsView, pos: QPoint) -> Hit | None:
    """The bar or hand-over under a viewport position (a bar's hatching or red part resolves to it)."""
    aid_of = view.scene().bars.aid_of
    for item in view.items(pos):
        while item is not None:
            aid = aid_of.get(item)
            if aid is not None:
                return Hit(item, aid)
            if isinstance(item, GhostItem):
                return Hit(item, ghost=item)
            item = item.parentItem()
    return None


class DragController:
    def __init__(self, view: TimelineGraphicsView) -> None:
        self.view = view
        self.state: _Drag | None = None

    def mode_at(self, item: QGraphicsItem, pos: QPointF) -> str:
        box = self.view.mapFromScene(item.sceneBoundingRect()).boundingRect()
        near = min(EDGE, box.width() / 4)
        if abs(pos.x() - box.left()) <= near:
            return "start"
        if abs(pos.x() - box.right()) <= near:
            return "end"
        return "move"

    def hover(self, pos: QPointF) -> None:
        found = hit(self.view, pos.toPoint())
        shape = Qt.CursorShape.ArrowCursor
        if found is not None and found.aid is not None:
            mode = self.mode_at(found.item, pos)
            shape = Qt.CursorShape.SizeHorCursor if mode != "move" else Qt.CursorShape.OpenHandCursor
        self.view.viewport().setCursor(shape)

    def press(self, item: QGraphicsRectItem, aid: str, pos: QPointF) -> None:
        scene = self.view.scene()
        data = scene.data
        i = data.index[aid]
        bars = data.bars
        own = bars.person[i]
        row = scene.row_of(own)
        end = float(bars.end[i])
        self.state = _Drag(aid, item, self.mode_at(item, pos), pos, self.view.mapToScene(pos.toPoint()).x(),
                           item.pos(), float(bars.x1[i]), float(bars.start[i]), None if end != end else end, own,
                           row.y if row else 0.0, item.pos().y(), layout.nearest_level(self.view.ppd))

    def move(self, pos: QPointF, global_pos: QPoint) -> None:
        st = self.state
        if st is None:
            return
        if not st.started:
            if (pos - st.press).manhattanLength() < QApplication.startDragDistance():
                return
            st.started = True
            scene = self.view.scene()
            scene.dragging = st.aid
            for child in st.item.childItems():
                child.setVisible(False)
            st.item.parentItem().setZValue(10)
            self.view.viewport().setCursor(Qt.CursorShape.ClosedHandCursor if st.mode == "move"
                                           else Qt.CursorShape.SizeHorCursor)
        scene_pos = self.view.mapToScene(pos.toPoint())
        self._preview(scene_pos)
        QToolTip.showText(global_pos, self._describe(), self.view.viewport())

    def _snap(self, x: float, dx: float) -> date:
        """The boundary `x` moved by `dx` snaps to; `x` itself while that is still its own nearest
        boundary (a drag that has not reached the next step leaves the date alone)."""
        data = self.view.scene().data
        moved = layout.snap(data.day(x + dx + 0.5), self.state.level, data.fy_start_month)
        here = layout.snap(data.day(x + 0.5), self.state.level, data.fy_start_month)
        return data.day(x) if moved == here else moved

    def _preview(self, scene_pos: QPointF) -> None:
        st = self.state
        scene = self.view.scene()
        data = scene.data
        dx = scene_pos.x() - st.press_x
        x0, x1 = st.orig_pos.x(), st.orig_x1
        st.start = st.end = None
        if st.mode in ("move", "start"):
            limit = st.end_x if st.end_x is not None else st.orig_x1
            st.start = self._snap(st.start_x, dx)
            if data.x(st.start) >= limit:
                st.start = data.day(limit - 1)
            x0 = data.x(st.start)
        if st.mode == "end" or (st.mode == "move" and st.end_x is not None):
            base = st.end_x if st.end_x is not None else st.orig_x1
            st.end = self._snap(base, dx)
            floor = x0 if st.mode == "move" else st.start_x
            if data.x(st.end) <= floor:
                st.end = data.day(floor + 1)
            x1 = data.x(st.end)
        dy = 0.0
        st.target = KEEP
        row = layout.row_at(scene.rows, scene_pos.y())
        if st.mode == "move" and row is not None and row.kind == "person" and row.key != st.own:
            st.target = row.key
            dy = row.y - st.own_y + layout.lane_y(0) - st.lane_top
            scene.target.setRect(QRectF(0.0, row.y, float(data.days), row.height))
            scene.target.show()
        else:
            scene.target.hide()
        st.item.setPos(x0, st.lane_top + dy)
        st.item.setRect(0.0, 0.0, max(x1 - x0, 0.5), layout.BAR_H)
        scene.labels.update()

    def _describe(self) -> str:
        st = self.state
        data = self.view.scene().data
        start = st.start or data.day(st.start_x)
        end = st.end or (data.day(st.end_x) if st.end_x is not None else None)
        span = f"{start:%d %b %Y} – " + (f"{end_from_exclusive(end):%d %b %Y}" if end else "ongoing")
        if st.target is not KEEP:
            who = data.people[st.target].name if st.target in data.people else "nobody"
            span += f"  →  {who}"
        return span

    def release(self) -> Drop | None:
        """End the drag; the Drop to apply, or None (a click, or nothing changed)."""
        st, self.state = self.state, None
        if st is None or not st.started:
            return None
        self._restore(st)
        data = self.view.scene().data
        start = st.start if st.start is not None and st.start != data.day(st.start_x) else None
        end = None
        if st.end is not None and (st.end_x is None or st.end != data.day(st.end_x)):
            end = end_from_exclusive(st.end)
        if start is None and end is None and st.target is KEEP:
            return None
        return Drop(st.aid, start, end, st.target)

    def cancel(self) -> None:
        st, self.state = self.state, None
        if st is not None and st.started:
            self._restore(st)

    def _restore(self, st: _Drag) -> None:
        scene = self.view.scene()
        scene.dragging = None
        scene.target.hide()
        st.item.setPos(st.orig_pos)
        st.item.setRect(0.0, 0.0, max(st.orig_x1 - st.orig_pos.x(), 0.5), layout.BAR_H)
        for child in st.item.childItems():
            child.setVisible(True)
        if st.item.parentItem() is not None:
            st.item.parentItem().setZValue(0)
        QToolTip.hideText()
        self.view.viewport().unsetCursor()
        scene.labels.update()
