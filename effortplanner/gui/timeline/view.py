"""The timeline's QGraphicsView: time zoom, Ctrl+wheel, fixed header and names column, hover, clicks, drags.

Zoom is the view's x scale (pixels per day); y is never scaled, so rows keep their
height and the number of items painted depends on the rows in view, not on the zoom.
The header and the names column are widgets in the view's margins, repainted when it
scrolls.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QPointF, Qt, Signal
from PySide6.QtGui import (QHelpEvent, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QResizeEvent, QTransform,
                           QWheelEvent)
from PySide6.QtWidgets import QFrame, QGraphicsView, QToolTip, QWidget

from effortplanner.gui.timeline import describe, ghosts, layout
from effortplanner.gui.timeline.data import TimelineData
from effortplanner.gui.timeline.drag import DragController, Drop, hit
from effortplanner.gui.timeline.rulers import HEADER_H, NAMES_W, Frame, HeaderWidget, NamesWidget, paint_corner
from effortplanner.gui.timeline.scene import TimelineScene

WHEEL_STEP = 1.2  # zoom factor per wheel notch


class _Corner(QWidget):
    """Above the names: where the plan speaks from, and what the lane beside it holds."""

    def __init__(self, source: Callable[[], tuple[TimelineData | None, Frame]], parent: QWidget) -> None:
        super().__init__(parent)
        self._source = source

    def paintEvent(self, event: QPaintEvent) -> None:
        data, _frame = self._source()
        painter = QPainter(self)
        paint_corner(painter, self.width(), data)
        painter.end()


class TimelineGraphicsView(QGraphicsView):
    zoomed = Signal(float)  # pixels per day
    resized = Signal()
    dropped = Signal(object)  # a drag.Drop
    barClicked = Signal(list)  # assignment ids (empty: clicked on nothing)

    def __init__(self, scene: TimelineScene, plan: Callable[[], object], parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self._plan = plan
        self.ppd = layout.ppd_of("months")
        self.setTransform(QTransform.fromScale(self.ppd, 1.0))
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontAdjustForAntialiasing)
        self.setViewportMargins(NAMES_W, HEADER_H, 0, 0)
        self.viewport().setMouseTracking(True)
        self.header = HeaderWidget(self.frame, self)
        self.names = NamesWidget(self.frame, self)
        self.corner = _Corner(self.frame, self)
        self.drag = DragController(self)

    def scene(self) -> TimelineScene:  # type: ignore[override]
        return super().scene()  # type: ignore[return-value]

    # --- where the view is -------------------------------------------------------------------------
    def frame(self) -> tuple[TimelineData | None, Frame]:
        top_left = self.mapToScene(0, 0)
        return self.scene().data, Frame(top_left.x(), top_left.y(), self.ppd)

    def visible_span(self) -> tuple[float, float, float, float]:
        """Scene x0, x1, y0, y1 of the viewport."""
        rect = self.mapToScene(self.viewport().rect()).boundingRect()
        return rect.left(), rect.right(), rect.top(), rect.bottom()

    def sync_rulers(self) -> None:
        scene = self.scene()
        self.names.rows, self.names.row_ys = scene.rows, scene.row_ys
        self.header.update()
        self.names.update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        vp = self.viewport().geometry()
        self.header.setGeometry(vp.left(), vp.top() - HEADER_H, vp.width(), HEADER_H)
        self.names.setGeometry(vp.left() - NAMES_W, vp.top(), NAMES_W, vp.height())
        self.corner.setGeometry(vp.left() - NAMES_W, vp.top() - HEADER_H, NAMES_W, HEADER_H)
        self.resized.emit()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)
        if dx:
            self.header.update()
        if dy:
            self.names.update()

    # --- zoom --------------------------------------------------------------------------------------
    def set_ppd(self, ppd: float, anchor: float | None = None) -> None:
        """Zoom to `ppd` pixels per day keeping the date under viewport x `anchor` (default: centre) in place."""
        ppd = layout.clamp_ppd(ppd)
        if anchor is None:
            anchor = self.viewport().width() / 2
        x = self.mapToScene(int(anchor), 0).x()
        self.ppd = ppd
        self.setTransform(QTransform.fromScale(ppd, 1.0))
        self.scroll_to_x(x, anchor)
        self.header.update()
        self.zoomed.emit(ppd)

    def scroll_to_x(self, x: float, at: float = 0.0) -> None:
        """Scroll so that scene x sits at viewport x `at`."""
        bar = self.horizontalScrollBar()
        shown = self.mapFromScene(QPointF(x, self.mapToScene(0, 0).y())).x()
        bar.setValue(bar.value() + round(shown - at))

    def fit(self, x0: float, x1: float) -> None:
        """Zoom so that scene x0..x1 fills the viewport's width."""
        width = max(self.viewport().width() - 12, 50)
        self.ppd = layout.clamp_ppd(width / max(x1 - x0, 1.0))
        self.setTransform(QTransform.fromScale(self.ppd, 1.0))
        self.scroll_to_x(x0, 6)
        self.header.update()
        self.zoomed.emit(self.ppd)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            notches = event.angleDelta().y() / 120
            if notches:
                self.set_ppd(self.ppd * WHEEL_STEP ** notches, event.position().x())
            event.accept()
            return
        super().wheelEvent(event)

    # --- hover -------------------------------------------------------------------------------------
    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            help_event: QHelpEvent = event  # type: ignore[assignment]
            text = self.tooltip_at(QPointF(help_event.pos()))
            if text:
                QToolTip.showText(help_event.globalPos(), text, self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def tooltip_at(self, pos: QPointF) -> str:
        scene = self.scene()
        data = scene.data
        if data is None:
            return ""
        moved = ghosts.tooltip_at(self, pos.toPoint())
        if moved:
            return moved
        found = hit(self, pos.toPoint())
        if found is not None and found.aid is not None:
            return describe.assignment(self._plan(), data, found.aid)
        point = self.mapToScene(pos.toPoint())
        row = layout.row_at(scene.rows, point.y())
        if row is None or row.kind != "person" or row.key not in data.people:
            return ""
        person = data.people[row.key]
        if found is not None and found.ghost is not None:
            return describe.ghost(self._plan(), data, found.ghost.ghost, person)
        local = point.y() - row.y
        if local >= layout.strip_y(person.lanes):
            return describe.load(data, person, point.x())
        return describe.person(data, person)

    # --- clicks and drags --------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        found = hit(self, event.position().toPoint())
        if found is not None and found.aid is not None:
            self.barClicked.emit([found.aid])
            self.drag.press(found.item, found.aid, event.position())  # type: ignore[arg-type]
        elif found is not None and found.ghost is not None:
            self.barClicked.emit(list(found.ghost.ghost.aids))
        else:
            self.barClicked.emit([])
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self.drag.state is not None and event.buttons() & Qt.MouseButton.LeftButton:
            self.drag.move(event.position(), event.globalPosition().toPoint())
        elif not event.buttons():
            self.drag.hover(event.position())
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            result: Drop | None = self.drag.release()
            if result is not None:
                self.dropped.emit(result)
        event.accept()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self.mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.drag.state is not None:
            self.drag.cancel()
            event.accept()
            return
        super().keyPressEvent(event)
