"""The parts that stay in view: the calendar header (FY, months, milestones) and the names column.

Each is painted by a function over a painter and a `Frame` (which scene x and y the
widget's left and top show, at which scale), so the on-screen widgets and the PNG/PDF
export draw exactly the same thing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFontMetricsF, QMouseEvent, QPainter, QPaintEvent, QPolygonF
from PySide6.QtWidgets import QWidget

from effortplanner.gui.timeline import describe, layout
from effortplanner.gui.timeline.data import Milestone, TimelineData
from effortplanner.gui.timeline.palette import (AS_OF, CONTRACT_END, GROUP_BAND, HORIZON, MILESTONE, MUTED, OVER,
                                                TEXT, cosmetic, pixel_font)
from effortplanner.gui.words import count

TIER_H = 16
LANE_H = 14
MILESTONE_LANES = 3
HEADER_H = 2 * TIER_H + MILESTONE_LANES * LANE_H + 4
NAMES_W = 210
HEADER_BG = QColor("#F7F8FA")
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


@dataclass
class Frame:
    """What a ruler shows: scene x at its left edge, scene y at its top, pixels per day."""

    x0: float
    y0: float
    ppd: float

    def px(self, x: float) -> float:
        return (x - self.x0) * self.ppd


def _month_text(day: object, width: float, first: bool) -> str:
    if width < 24:
        return f"{day:%b}"[0]  # type: ignore[str-format]
    return f"{day:%b %Y}" if (first or day.month == 1 or width > 90) else f"{day:%b}"  # type: ignore[attr-defined]


def _unit_text(unit: str, day: object, width: float, first: bool, fy_month: int, upper: bool) -> str:
    if unit == "week":
        return f"{day:%d %b}" if width > 44 else f"{day.day}"  # type: ignore[attr-defined]
    if unit == "month":
        if upper:
            return f"{day:%B %Y}" if width > 90 else f"{day:%b %Y}"
        return _month_text(day, width, first)
    if unit == "quarter":
        q = layout.quarter_of(day, fy_month)  # type: ignore[arg-type]
        last = layout.add_months(day, 2)  # type: ignore[arg-type]
        if width > 110:
            return f"Q{q} {day:%b}–{last:%b %Y}"
        return f"Q{q} {day:%b}–{last:%b}" if width > 70 else f"Q{q}"
    label = layout.fiscal_label(day, fy_month)  # type: ignore[arg-type]
    last = layout.add_months(day, 11)  # type: ignore[arg-type]
    return f"{label}  ·  {day:%b %Y} – {last:%b %Y}" if width > 220 else label


def _fitting(text: str, unit: str, day: object, room: float, metrics: QFontMetricsF) -> str:
    """`text`, or a shorter form of it that fits `room` (a clipped "Mar 2" helps no one): for a month
    "Mar", then "M"; otherwise elided; "" when nothing fits."""
    if metrics.horizontalAdvance(text) <= room:
        return text
    shorter = [f"{day:%b}", f"{day:%b}"[0]] if unit == "month" else []  # type: ignore[str-format]
    for candidate in shorter:
        if metrics.horizontalAdvance(candidate) <= room:
            return candidate
    return metrics.elidedText(text, Qt.TextElideMode.ElideRight, room) if not shorter else ""


def paint_header(painter: QPainter, width: float, data: TimelineData | None, frame: Frame) -> None:
    """FY (or month) and month (or week/quarter) tiers, then the milestone lanes, with the as-of line."""
    painter.fillRect(QRectF(0, 0, width, HEADER_H), HEADER_BG)
    if data is None:
        return
    font, bold = pixel_font(11), pixel_font(11, bold=True)
    upper, lower = layout.tiers(frame.ppd)
    x_lo, x_hi = max(frame.x0, 0.0), min(frame.x0 + width / frame.ppd, float(data.days))
    for tier, unit in ((0, upper), (1, lower)):
        painter.setFont(bold if tier == 0 else font)
        top = tier * TIER_H
        bounds = layout.ticks(data.first, unit, x_lo, x_hi, data.fy_start_month)
        end = frame.px(data.days)
        for k, (x, day) in enumerate(bounds[:-1]):
            a, b = frame.px(x), min(frame.px(bounds[k + 1][0]), end)
            if a >= end:
                break
            painter.setPen(cosmetic(QColor(0, 0, 0, 60)))
            painter.drawLine(QPointF(a, top), QPointF(a, top + TIER_H))
            shown_a = max(a, 0.0)  # a period that began left of view keeps its label in view
            text = _unit_text(unit, day, b - shown_a, k == 0, data.fy_start_month, tier == 0)
            text = _fitting(text, unit, day, max(b - shown_a - 6, 0), QFontMetricsF(painter.font()))
            painter.setPen(TEXT)
            painter.drawText(QRectF(shown_a + 4, top, max(b - shown_a - 6, 0), TIER_H), LEFT, text)
        painter.setPen(cosmetic(QColor(0, 0, 0, 40)))
        painter.drawLine(QPointF(0, top + TIER_H), QPointF(width, top + TIER_H))
    _paint_milestones(painter, width, data, frame)
    painter.setPen(cosmetic(QColor(0, 0, 0, 70)))
    painter.drawLine(QPointF(0, HEADER_H - 0.5), QPointF(width, HEADER_H - 0.5))


def milestone_slots(data: TimelineData, frame: Frame, metrics: QFontMetricsF) -> list[tuple[float, int, float, str,
                                                                                             list[Milestone]]]:
    """(x px, lane, label width, label, milestones) for each diamond, the same-day ones merged."""
    clusters: list[list[Milestone]] = []
    for m in data.milestones:
        if clusters and abs(frame.px(m.x) - frame.px(clusters[-1][0].x)) < 5:
            clusters[-1].append(m)
        else:
            clusters.append([m])
    ends = [-1e9] * MILESTONE_LANES
    out = []
    for group in clusters:
        x = frame.px(group[0].x)
        text = group[0].name
        lane = min(range(MILESTONE_LANES), key=lambda i: (ends[i] > x - 8, ends[i]))
        out.append((x, lane, metrics.horizontalAdvance(text), text, group))
        ends[lane] = x + 10 + min(metrics.horizontalAdvance(text), 230)
    # a label stops before the next diamond in its lane
    result = []
    for k, (x, lane, w, text, group) in enumerate(out):
        room = min([o[0] for o in out[k + 1:] if o[1] == lane] + [x + 240]) - x - 14
        result.append((x, lane, min(w, room), text, group))
    return result


def _paint_milestones(painter: QPainter, width: float, data: TimelineData, frame: Frame) -> None:
    font = pixel_font(10)
    metrics = QFontMetricsF(font)
    painter.setFont(font)
    base = 2 * TIER_H + 2
    range_colour = QColor(MILESTONE)
    range_colour.setAlpha(110)
    for x, lane, room, text, group in milestone_slots(data, frame, metrics):
        if x < -240 or x > width + 8:
            continue
        cy = base + lane * LANE_H + LANE_H / 2
        for m in group:  # a fuzzy date's possible range, as a whisker through the diamond
            a, b = frame.px(m.lo), frame.px(m.hi)
            if b - a > 3:
                painter.fillRect(QRectF(a, cy - 1, b - a, 2), range_colour)
                painter.fillRect(QRectF(a, cy - 3, 1, 6), range_colour)
                painter.fillRect(QRectF(b - 1, cy - 3, 1, 6), range_colour)
        diamond = QPolygonF([QPointF(x, cy - 5.5), QPointF(x + 5.5, cy), QPointF(x, cy + 5.5), QPointF(x - 5.5, cy)])
        painter.setPen(cosmetic(QColor("#8A5A00")))
        painter.setBrush(MILESTONE)
        painter.drawPolygon(diamond)
        more = f"  +{len(group) - 1}" if len(group) > 1 else ""
        if room > 16:
            shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, room - metrics.horizontalAdvance(more))
            painter.setPen(TEXT)
            painter.drawText(QRectF(x + 8, cy - LANE_H / 2, room, LANE_H), LEFT, shown)
            if more:
                painter.setPen(MUTED)
                painter.drawText(QRectF(x + 8 + metrics.horizontalAdvance(shown), cy - LANE_H / 2, 40, LANE_H), LEFT,
                                 more)
    for x_scene, colour in ((data.as_of_x, AS_OF), (data.horizon_x, HORIZON)):
        x = frame.px(x_scene)
        if 0 <= x <= width:
            painter.setPen(cosmetic(colour, 2.0))
            painter.drawLine(QPointF(x, 2 * TIER_H), QPointF(x, HEADER_H))


def milestone_at(data: TimelineData, frame: Frame, x: float, y: float) -> list[Milestone]:
    """The milestones under a header position (for tooltips)."""
    metrics = QFontMetricsF(pixel_font(10))
    base = 2 * TIER_H + 2
    for mx, lane, room, _text, group in milestone_slots(data, frame, metrics):
        top = base + lane * LANE_H
        if top <= y < top + LANE_H and mx - 7 <= x <= mx + 8 + max(room, 0):
            return group
    return []


def paint_names(painter: QPainter, height: float, rows: list[layout.Row], row_ys: list[float],
                data: TimelineData | None, frame: Frame, selected: str | None = None, width: float = NAMES_W) -> None:
    """Group headers (with fold arrow and head count) and person names with role, contract end and peak load."""
    painter.fillRect(QRectF(0, 0, width, height), QColor("#FFFFFF"))
    if data is None:
        return
    name_font, small, group_font = pixel_font(11, bold=True), pixel_font(10), pixel_font(11, bold=True)
    for i in layout.visible_range(row_ys, frame.y0, frame.y0 + height):
        row = rows[i]
        top = row.y - frame.y0
        box = QRectF(0, top, width, row.height)
        if row.kind == "group":
            painter.fillRect(box, GROUP_BAND)
            painter.setFont(group_font)
            painter.setPen(TEXT)
            arrow = "▸" if row.collapsed else "▾"
            painter.drawText(box.adjusted(6, 0, -6, 0), LEFT, f"{arrow}  {row.key}   ·  {row.count}")
            continue
        person = data.people.get(row.key)
        if person is None:
            continue
        if i % 2:
            painter.fillRect(box, QColor(0, 0, 0, 8))
        if selected is not None and row.key == selected:
            painter.fillRect(box, QColor(21, 101, 192, 40))
        painter.setFont(name_font)
        painter.setPen(TEXT)
        load = f"{person.peak * 100:.0f}%" if person.peak > 0 else ""
        load_w = 36 if load else 0
        painter.drawText(QRectF(14, top + 2, width - 20 - load_w, 15), LEFT,
                         QFontMetricsF(name_font).elidedText(person.name, Qt.TextElideMode.ElideRight,
                                                             width - 20 - load_w))
        if load:
            painter.setFont(small)
            painter.setPen(OVER if person.peak > 1.0 + 1e-9 else MUTED)
            painter.drawText(QRectF(width - 6 - load_w, top + 2, load_w, 15),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, load)
        if row.height >= 30:
            _second_line(painter, person, QRectF(14, top + 16, width - 20, 13), small, data)
    painter.setPen(cosmetic(QColor(0, 0, 0, 70)))
    painter.drawLine(QPointF(width - 0.5, 0), QPointF(width - 0.5, height))


def leaving_text(person: object, day: object) -> str:
    """'leaves 1 Jul 2016', or the words as written when the date is not exact ('leaving spring 2017?')."""
    text = str(getattr(person, "end_text", "") or "")
    if getattr(person, "end_certainty", "") in ("", "exact") or not text:
        return f"leaves {day.day} {day:%b %Y}"  # type: ignore[attr-defined]
    return text if text.lower().startswith("leav") else f"leaves {text}"


def corner_text(data: TimelineData) -> str:
    return f"as of {data.as_of.day} {data.as_of:%b %Y}  ·  horizon {data.horizon:%b %Y}"


def _second_line(painter: QPainter, person: object, box: QRectF, font: object, data: TimelineData) -> None:
    role = getattr(person, "role", "")
    painter.setFont(font)
    metrics = QFontMetricsF(font)
    if getattr(person, "end", None) is not None:
        tail = leaving_text(person, data.day(person.end - 1))  # type: ignore[attr-defined]
        role_w = max(box.width() - metrics.horizontalAdvance(tail) - 8, min(60.0, box.width() / 2))
        painter.setPen(MUTED)
        painter.drawText(QRectF(box.left(), box.top(), role_w, box.height()), LEFT,
                         metrics.elidedText(role, Qt.TextElideMode.ElideRight, role_w))
        painter.setPen(CONTRACT_END)
        shown_role = metrics.horizontalAdvance(metrics.elidedText(role, Qt.TextElideMode.ElideRight, role_w))
        left = box.left() + (shown_role + 8 if role else 0)
        painter.drawText(QRectF(left, box.top(), box.right() - left, box.height()), LEFT,
                         metrics.elidedText(tail, Qt.TextElideMode.ElideRight, box.right() - left))
        return
    text = role + (" · permanent" if getattr(person, "open_ended", False) else "")
    painter.setPen(MUTED)
    painter.drawText(box, LEFT, metrics.elidedText(text, Qt.TextElideMode.ElideRight, box.width()))


def paint_corner(painter: QPainter, width: float, data: TimelineData | None) -> None:
    """The top-left corner: as-of date and horizon, then the milestone lanes' title."""
    painter.fillRect(QRectF(0, 0, width, HEADER_H), QColor("#FFFFFF"))
    painter.setFont(pixel_font(10))
    if data is not None:
        painter.setPen(AS_OF)
        painter.drawText(QRectF(8, TIER_H, width - 12, TIER_H), LEFT, corner_text(data))
    painter.setPen(MUTED)
    painter.drawText(QRectF(8, 2 * TIER_H + 2, width - 12, LANE_H), LEFT, "◆ Milestones")
    painter.setPen(cosmetic(QColor(0, 0, 0, 70)))
    painter.drawLine(QPointF(0, HEADER_H - 0.5), QPointF(width, HEADER_H - 0.5))
    painter.drawLine(QPointF(width - 0.5, 0), QPointF(width - 0.5, HEADER_H))


class HeaderWidget(QWidget):
    """The calendar header above the view; asks `frame()` where the view is."""

    def __init__(self, source: Callable[[], tuple[TimelineData | None, Frame]], parent: QWidget) -> None:
        super().__init__(parent)
        self._source = source
        self.setMouseTracking(True)

    def paintEvent(self, event: QPaintEvent) -> None:
        data, frame = self._source()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        paint_header(painter, self.width(), data, frame)
        painter.end()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        data, frame = self._source()
        group = milestone_at(data, frame, event.position().x(), event.position().y()) if data else []
        tip = "\n".join(f"◆ {m.name} — {m.text or data.day(m.x).isoformat()}" + (f" ({m.owner})" if m.owner else "")
                        for m in group) if data else ""
        self.setToolTip(tip)


class NamesWidget(QWidget):
    """The names column left of the view: click a group to fold it, a person to select them."""

    groupClicked = Signal(str)
    personClicked = Signal(object)

    def __init__(self, source: Callable[[], tuple[TimelineData | None, Frame]], parent: QWidget) -> None:
        super().__init__(parent)
        self._source = source
        self.rows: list[layout.Row] = []
        self.row_ys: list[float] = []
        self.selected: str | None = None
        self.setMouseTracking(True)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        data, frame = self._source()
        row = layout.row_at(self.rows, event.position().y() + frame.y0)
        if data is None or row is None:
            self.setToolTip("")
        elif row.kind == "group":
            self.setToolTip(f"{row.key}: {count(row.count, 'person', 'people')} — "
                            f"click to {'unfold' if row.collapsed else 'fold'}")
        elif row.key in data.people:
            self.setToolTip(describe.person(data, data.people[row.key]))

    def paintEvent(self, event: QPaintEvent) -> None:
        data, frame = self._source()
        painter = QPainter(self)
        paint_names(painter, self.height(), self.rows, self.row_ys, data, frame, self.selected, self.width())
        painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        _data, frame = self._source()
        row = layout.row_at(self.rows, event.position().y() + frame.y0)
        if row is None:
            return
        if row.kind == "group":
            self.groupClicked.emit(row.key)
        else:
            self.personClicked.emit(row.key)

