"""The one item that draws the timeline's text and markers: duty labels, hand-over notes,
contract-end and start lines with their tags.

One Python paint() per frame for all the text in view, instead of a text item per bar:
it walks only the rows the exposed rectangle touches. Text is drawn at the painter's
vertical scale (so it reads the same on screen, in a PNG and in a PDF) while x follows
the time scale. Level of detail: a label is left out when its bar is narrower than
LABEL_MIN device pixels, so a zoomed-out timeline draws no text at all; and bars thinner
than THIN pixels, which Qt would round away, are drawn as marks merged with their
neighbours in the lane.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QLineF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QTransform
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from effortplanner.gui.timeline import layout
from effortplanner.gui.timeline.palette import CONTRACT_END, START, TEXT, pixel_font

if TYPE_CHECKING:
    from effortplanner.gui.timeline.scene import TimelineScene

LABEL_MIN = 26.0  # device pixels a bar needs before it gets a label
THIN = 2.0  # device pixels below which a bar is drawn as a (merged) mark
ALIGN = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
ELIDE = Qt.TextElideMode.ElideRight


def clear_of_tags(start: float, stop: float, tags: list[tuple[float, float]], k: float) -> tuple[float, float]:
    """The part of a bar label's span [start, stop) (scene x) that no tag (text-space spans) covers:
    before a tag when there is more room there, else after it."""
    for t0, t1 in tags:
        if t0 < stop * k and t1 > start * k + 3:
            if t0 - start * k >= stop * k - t1:
                stop = t0 / k
            else:
                start = t1 / k
    return start, stop


class LabelsLayer(QGraphicsItem):
    def __init__(self, scene: TimelineScene) -> None:
        super().__init__()
        self._scene = scene
        self._rect = QRectF()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(50)
        self.font = pixel_font(10)
        self.tag_font = pixel_font(9, bold=True)
        self.metrics = QFontMetricsF(self.font)
        self.tag_metrics = QFontMetricsF(self.tag_font)

    def set_extent(self, rect: QRectF) -> None:
        self.prepareGeometryChange()
        self._rect = QRectF(rect)

    def boundingRect(self) -> QRectF:
        return self._rect

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        scene = self._scene
        data = scene.data
        if data is None:
            return
        t = painter.worldTransform()
        sx, sy = t.m11(), t.m22()
        if sx <= 0 or sy <= 0:
            return
        k = sx / sy  # scene x -> text-space x
        exposed = option.exposedRect  # the whole layer when rendered off-screen: narrow it to what shows
        if painter.hasClipping():
            exposed = exposed.intersected(painter.clipBoundingRect())
        view = widget.parentWidget() if widget is not None else None
        if view is not None and hasattr(view, "mapToScene"):
            exposed = exposed.intersected(view.mapToScene(widget.rect()).boundingRect())
        left, right = exposed.left(), exposed.right()
        self._markers(painter, exposed)
        painter.save()
        painter.setTransform(QTransform(sy, 0, 0, sy, t.dx(), t.dy()))
        bars = scene.bar_lists
        for row in layout.rows_between(scene.rows, scene.row_ys, exposed.top(), exposed.bottom()):
            if row.kind != "person":
                continue
            person = data.people.get(row.key)
            if person is None:
                continue
            y = row.y
            thin: list[tuple[float, float, int]] = []
            tags = self._tags(painter, person, y, k, left, right, scene)
            for i in person.bars:
                x0, x1 = bars.x0[i], bars.x1[i]
                lane = bars.lane[i]
                top = y + layout.lane_y(lane)
                if bars.ids[i] == scene.dragging:
                    item = scene.bar_items.get(scene.dragging)
                    if item is not None:
                        x0 = item.pos().x()
                        x1 = x0 + item.rect().width()
                        top = y + item.pos().y()
                if x1 < left or x0 > right:
                    continue
                if (x1 - x0) * sx < THIN:  # would vanish at this zoom: drawn as a merged mark instead
                    thin.append((top, x0 * k, i))
                    continue
                if (x1 - x0) * sx < LABEL_MIN:
                    continue
                stop = x1
                pieces = bars.overflow.get(i)
                if pieces and scene.dragging != bars.ids[i]:
                    if (pieces[0][0] - max(x0, left)) * sx >= 60:
                        stop = pieces[0][0]
                    for p0, p1, holder in pieces:
                        if holder:
                            self._centred(painter, "→ " + holder.split()[0], max(p0, left), min(p1, right), top, k,
                                          QColor("#7F0000"))
                start, stop = max(x0, left), min(stop, right)
                if lane == 0:  # a start/end tag drawn at the row's top: the label keeps clear of it
                    start, stop = clear_of_tags(start, stop, tags, k)
                self._label(painter, bars.label[i], start, stop, top, k, TEXT)
            for ghost in person.ghosts:
                if ghost.x1 >= left and ghost.x0 <= right and (ghost.x1 - ghost.x0) * sx >= LABEL_MIN:
                    self._label(painter, ghost.label, max(ghost.x0, left), min(ghost.x1, right),
                                y + layout.lane_y(ghost.lane), k, QColor("#5D1010"))
            for text, x, colour, before in self._tag_list(person, left, k, scene):
                if left <= x <= right:
                    self._tag(painter, text, x, y, k, colour, before)
            if thin:
                self._thin(painter, thin, scene)
        painter.restore()

    def _thin(self, painter: QPainter, marks: list[tuple[float, float, int]], scene: TimelineScene) -> None:
        """Bars narrower than THIN pixels, one mark per lane and cluster: neighbours closer than a
        mark's width merge (grey when their colours differ), so nothing disappears when zoomed out."""
        vo = scene.data.bars.vo
        marks.sort()
        merged: list[list[object]] = []  # top, x0, x1 (text space), vo or None (mixed)
        for top, x, i in marks:
            last = merged[-1] if merged else None
            if last is not None and last[0] == top and x <= last[2] + 1:
                last[2] = max(last[2], x + THIN)
                if last[3] != vo[i]:
                    last[3] = None
            else:
                merged.append([top, x, x + THIN, vo[i]])
        for top, x0, x1, name in merged:
            colour = scene.palette.colour(name) if name is not None else QColor("#6B7280")
            painter.fillRect(QRectF(x0, top, x1 - x0, layout.BAR_H), colour.darker(115))  # type: ignore[arg-type]

    def _markers(self, painter: QPainter, exposed: QRectF) -> None:
        """Contract ends (red) and starts (green) across each row in view, fuzzy ranges as gradients."""
        scene = self._scene
        palette = scene.palette
        left, right = exposed.left(), exposed.right()
        for row in layout.rows_between(scene.rows, scene.row_ys, exposed.top(), exposed.bottom()):
            person = scene.data.people.get(row.key) if row.kind == "person" else None
            if person is None:
                continue
            strip = row.y + layout.strip_y(person.lanes)
            for span, colour in ((person.end_range, CONTRACT_END), (person.start_range, START)):
                if span is not None and span[1] > left and span[0] < right:
                    painter.fillRect(QRectF(span[0], row.y, span[1] - span[0], strip - row.y),
                                     palette.band_brush(colour, True))
            for x, pen in ((person.end, palette.end_pen), (person.start, palette.start_pen)):
                if x is not None and x > 0 and left <= x <= right:
                    painter.setPen(pen)
                    painter.drawLine(QLineF(x, row.y, x, row.y + row.height))

    def _tag_list(self, person: object, left: float, k: float,
                  scene: TimelineScene) -> list[tuple[str, float, QColor, bool]]:
        out = []
        start, end = getattr(person, "start", None), getattr(person, "end", None)
        if start is not None and start > 0:
            text = "from " + scene.short_date(start)
            room = (start - left) * k
            out.append((text, start, START, room > self.tag_metrics.horizontalAdvance(text) + 10))
        if end is not None:
            out.append(("ends " + scene.short_date(end - 1), end, CONTRACT_END, False))
        return out

    def _tags(self, painter: QPainter, person: object, y: float, k: float, left: float, right: float,
              scene: TimelineScene) -> list[tuple[float, float]]:
        """Text-space x spans the row's tags will cover (drawn after the labels, on top)."""
        spans = []
        for text, x, _colour, before in self._tag_list(person, left, k, scene):
            if left <= x <= right:
                width = self.tag_metrics.horizontalAdvance(text) + 6
                a = x * k - width - 2 if before else x * k + 2
                spans.append((a, a + width + 2))
        return spans

    def _label(self, painter: QPainter, text: str, x0: float, x1: float, top: float, k: float, colour: QColor) -> None:
        width = (x1 - x0) * k - 6
        if width < 12:
            return
        elided = self.metrics.elidedText(text, ELIDE, width)
        if not elided:
            return
        painter.setFont(self.font)
        painter.setPen(colour)
        painter.drawText(QRectF(x0 * k + 3, top, width, layout.BAR_H), ALIGN, elided)

    def _centred(self, painter: QPainter, text: str, x0: float, x1: float, top: float, k: float,
                 colour: QColor) -> None:
        width = self.metrics.horizontalAdvance(text)
        if (x1 - x0) * k < width + 8:
            return
        painter.setFont(self.font)
        painter.setPen(colour)
        painter.drawText(QRectF((x0 + x1) / 2 * k - width / 2, top, width + 2, layout.BAR_H), ALIGN, text)

    def _tag(self, painter: QPainter, text: str, x: float, row_y: float, k: float, colour: QColor,
             before: bool = False) -> None:
        """A small label at a marker line: right of it (a contract end), or left of it (a start)."""
        width = self.tag_metrics.horizontalAdvance(text) + 6
        box = QRectF(x * k - width - 2 if before else x * k + 2, row_y + 1, width, self.tag_metrics.height() + 1)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(255, 255, 255, 225))
        painter.drawRoundedRect(box, 2, 2)
        painter.setFont(self.tag_font)
        painter.setPen(colour)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
