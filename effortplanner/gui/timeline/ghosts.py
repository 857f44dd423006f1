"""Moves between two scenarios, ghosted on the timeline.

For each duty a Comparison says moved or was re-dated, a dashed, translucent outline stands
where it was (the base scenario's person row and dates), with a thin dotted connector to
its bar now. Seen from the base scenario it is the other way round: the ghost shows where
the duty goes. `MoveGhosts` belongs to the TimelineView: `show` takes the comparison, `fit`
reserves lanes for the ghosts in a fresh TimelineData (so a ghost never covers a bar, and
its row grows when it must), `place` puts the few items in the current scene after every
arrange. An edit that undoes a move drops its ghost; switching scenario clears them all.
"""

from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import pandas as pd
from PySide6.QtCore import QLineF, QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetricsF, QPainter, QPen, QPolygonF, QTransform
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem, QStyleOptionGraphicsItem, QWidget
from shiboken6 import isValid

from effortplanner.gui.timeline import layout
from effortplanner.gui.timeline.data import TimelineData
from effortplanner.gui.timeline.palette import cosmetic, pixel_font

if TYPE_CHECKING:
    from effortplanner.analysis.compare import Comparison
    from effortplanner.gui.timeline.view import TimelineGraphicsView
    from effortplanner.gui.timeline.widget import TimelineView

GHOST_Z, LINK_Z = 30.0, 29.0  # above bars and selection outlines, under labels and highlights
LABEL_MIN = 26.0  # device pixels a ghost needs before it gets a label
LINK = QColor("#1F2937")  # opaque and dark: the compare view's arrows must be seen
HALO = QColor(255, 255, 255, 220)
ELBOW, ELBOW_STEP = 8.0, 6.0  # device pixels left of the bars an elbow arrow turns
TEXT = QColor("#374151")
KEYS = ("person", "start", "end")


def _day(value: object) -> date | None:
    return None if value is None or value is pd.NaT or pd.isna(value) else pd.Timestamp(value).date()


def _fields(plan: object, aid: str) -> tuple[object, ...]:
    row = plan.assignments.loc[aid]  # type: ignore[attr-defined]
    person = row["person"]
    return (None if person is None or pd.isna(person) else person, *(_day(row[k]) for k in KEYS[1:]))


@dataclass
class Move:
    """One ghost: a duty (`aid` in the shown scenario) as the other scenario has it."""

    aid: str
    pid: str | None  # the row the ghost stands in
    old: tuple[object, ...]  # person, start, end (inclusive) in the other scenario
    lo: date | None  # earliest start / latest end (inclusive), drawn like a bar's fuzzy ends
    hi: date | None
    vo: str
    text: str  # tooltip
    label: str
    forward: bool = True  # the ghost is where the duty was (else: where it goes)
    x0: float = 0.0
    x1: float = 0.0
    lane: int = -1  # -1: not drawn (its row or its bar is not shown, or the move was undone)


def moves(comparison: Comparison, shown: object, other: object, other_name: str, forward: bool) -> list[Move]:
    """Ghosts of the moved and re-dated duties. `forward`: `shown` is the compared plan, `other` the
    base (ghosts say where duties were); else `shown` is the base (ghosts say where they go)."""
    diffs = comparison.moved + [d for d in comparison.changed if "re-dated" in d.changes]
    out = []
    for d in diffs:
        aid, gid = (d.other_id, d.base_id) if forward else (d.base_id, d.other_id)
        if aid is None or gid is None or aid not in shown.assignments.index or \
                gid not in other.assignments.index:  # type: ignore[attr-defined]
            continue
        row = other.assignments.loc[gid]  # type: ignore[attr-defined]
        old = _fields(other, gid)
        name = other.person_name(old[0]) if old[0] is not None else "unassigned"  # type: ignore[attr-defined]
        now = _fields(shown, aid)[0]
        now_name = shown.person_name(now) if now is not None else "unassigned"  # type: ignore[attr-defined]
        start = old[1].isoformat() if old[1] else "no start date"
        end = old[2].isoformat() if old[2] else "ongoing"
        duty = str(row["duty"] or row["vo"] or gid)
        head = "Was" if forward else "Goes to"
        where = f"{head}: {name}, {start}–{end} in {other_name}"
        now_text = f"Now: {now_name}" if forward else f"Here: {now_name}"
        label = (f"was: {duty}" if forward else f"in {other_name}: {duty}")
        if old[0] != now:
            label += f" ({'now ' + now_name.split()[0] if forward else 'from ' + now_name.split()[0]})"
        lo, hi = _day(row["start_earliest"]), _day(row["end_latest"])
        out.append(Move(aid, old[0], old, lo, hi, str(row["vo"] or ""), f"{where}\n{duty}\n{now_text}", label, forward))
    return out


def span(move: Move, data: TimelineData) -> tuple[float, float]:
    """x0, x1 of a ghost as the timeline would draw its bar (no start: from the as-of date or the
    owner's start; no end: to the horizon)."""
    start, end = move.old[1], move.old[2]
    person = data.people.get(move.pid)
    owner_start = person.start if person is not None and person.start is not None else -1e9
    x0 = data.x(start) if start else max(data.as_of_x, owner_start)
    if move.lo:
        x0 = min(x0, data.x(move.lo))
    if end:
        x1 = data.x(end) + 1.0
    else:
        x1 = data.horizon_x if x0 < data.horizon_x else x0 + 60.0
    if move.hi:
        x1 = max(x1, data.x(move.hi) + 1.0)
    return x0, max(x1, x0 + 1.0)


def fit_lanes(entries: list[Move], data: TimelineData, plan: object) -> None:
    """Give each ghost a free lane in its row (a new one below the row's bars when none is free);
    a ghost whose duty is no longer shown, or is back where it was, gets none."""
    by_row: dict[str | None, list[Move]] = {}
    for move in entries:
        move.lane = -1
        if move.aid in data.index and move.pid in data.people and _fields(plan, move.aid) != move.old:
            move.x0, move.x1 = span(move, data)
            by_row.setdefault(move.pid, []).append(move)
    bars = data.bars
    for pid, group in by_row.items():
        person = data.people[pid]
        busy: list[list[tuple[float, float]]] = [[] for _ in range(person.lanes)]
        for i in person.bars:
            busy[int(bars.lane[i])].append((float(bars.x0[i]), float(bars.x1[i])))
        for ghost in person.ghosts:
            busy[ghost.lane].append((ghost.x0, ghost.x1))
        for move in sorted(group, key=lambda m: (m.x0, m.x1)):
            free = (k for k, spans in enumerate(busy) if all(e <= move.x0 or s >= move.x1 for s, e in spans))
            move.lane = next(free, len(busy))
            if move.lane == len(busy):
                busy.append([])
            busy[move.lane].append((move.x0, move.x1))
        person.lanes = len(busy)


class MoveGhostItem(QGraphicsRectItem):
    """A ghost: dashed outline, faint fill in the duty's colour, and a label at screen size."""

    def __init__(self, move: Move, colour: QColor) -> None:
        super().__init__(0.0, 0.0, max(move.x1 - move.x0, 0.5), layout.BAR_H)
        self.move = move
        fill = QColor(colour)
        fill.setAlpha(80)
        self.setBrush(QBrush(fill))
        self.setPen(cosmetic(colour.darker(170), 1.5, Qt.PenStyle.DashLine))
        self.setZValue(GHOST_Z)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)
        self.setToolTip(move.text)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        rect = self.rect()
        painter.setPen(self.pen())
        painter.setBrush(self.brush())
        painter.drawRect(rect)
        t = painter.worldTransform()
        sx, sy = t.m11(), t.m22()
        shown = rect.intersected(option.exposedRect) if not option.exposedRect.isEmpty() else rect
        if sx <= 0 or sy <= 0 or shown.width() * sx < LABEL_MIN:
            return
        font = pixel_font(10)
        font.setItalic(True)
        k = sx / sy
        width = shown.width() * k - 6
        text = QFontMetricsF(font).elidedText(self.move.label, Qt.TextElideMode.ElideRight, width)
        painter.save()
        painter.setTransform(QTransform(sy, 0, 0, sy, t.dx(), t.dy()))
        painter.setFont(font)
        painter.setPen(TEXT)
        painter.drawText(QRectF(shown.left() * k + 3, 0.0, width, layout.BAR_H),
                         Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text)
        painter.restore()


class LinkItem(QGraphicsItem):
    """A dotted arrow from a ghost to its bar now (or, `backwards`, from the bar to the ghost), drawn in
    device pixels: an elbow just left of both when their dates overlap (the `k`-th a little further
    out, so arrows do not merge), else straight between their nearer ends."""

    def __init__(self, ghost: QRectF, bar: QRectF, k: int, backwards: bool = False) -> None:
        super().__init__()
        self.ghost, self.bar, self.k, self.backwards = QRectF(ghost), QRectF(bar), k, backwards
        reach = (ELBOW + ELBOW_STEP * (k + 1)) / layout.MIN_PPD  # the elbow, in days at the lowest zoom
        self._bounds = ghost.united(bar).adjusted(-reach, -4, 4, 4)
        self.setZValue(LINK_Z)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        t = painter.worldTransform()
        g, b = t.mapRect(self.ghost), t.mapRect(self.bar)
        gy, by = g.center().y(), b.center().y()
        if min(g.right(), b.right()) > max(g.left(), b.left()):
            x = min(g.left(), b.left()) - ELBOW - ELBOW_STEP * self.k
            points = [QPointF(g.left(), gy), QPointF(x, gy), QPointF(x, by), QPointF(b.left() - 1, by)]
        elif b.left() >= g.right():
            points = [QPointF(g.right(), gy), QPointF(b.left() - 1, by)]
        else:
            points = [QPointF(g.left(), gy), QPointF(b.right() + 1, by)]
        if self.backwards:
            points.reverse()
        painter.save()
        painter.resetTransform()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(HALO, 4.0))  # a white edge so the arrow reads over coloured bars
        painter.drawPolyline(points)
        painter.setPen(QPen(LINK, 2.0, Qt.PenStyle.DashLine))
        painter.drawPolyline(points)
        tip, before = points[-1], points[-2]
        line = QLineF(before, tip)
        if line.length() > 0:
            unit = line.unitVector()
            d = QPointF(unit.dx(), unit.dy())
            n = QPointF(-d.y(), d.x())
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(LINK)
            painter.drawPolygon(QPolygonF([tip, tip - d * 10 + n * 5, tip - d * 10 - n * 5]))
        painter.restore()


class MoveGhosts:
    """The timeline's ghosts of one comparison (none until `show`)."""

    def __init__(self, timeline: TimelineView) -> None:
        self.timeline = timeline
        self.comparison: Comparison | None = None
        self.entries: list[Move] = []
        self.items: list[QGraphicsItem] = []  # ghosts and their arrows

    def show(self, comparison: Comparison, base_plan: object) -> int:
        """Ghost the moves of `comparison` against the shown scenario; returns how many (0 when
        the timeline shows neither compared scenario)."""
        document = self.timeline.document
        scenarios, active = document.scenarios, document.scenarios.active
        base, other = comparison.base_label, comparison.other_label
        if active == other and base_plan is not document.plan:
            entries = moves(comparison, document.plan, base_plan, base, forward=True)
        elif active == base and other in scenarios:
            entries = moves(comparison, document.plan, scenarios[other].plan, other, forward=False)
        else:
            self.clear()
            return 0
        self.comparison, self.entries = comparison, entries
        self._rebuild()
        return len(entries)

    def clear(self, rebuild: bool = True) -> None:
        had = bool(self.entries)
        self.comparison, self.entries = None, []
        self._remove()
        if had and rebuild:
            self._rebuild()

    def _rebuild(self) -> None:
        """Rows change height with their ghosts: refresh now, or when the tab is next shown."""
        timeline = self.timeline
        if timeline.isVisible():
            timeline.refresh()
        else:
            timeline._stale = True  # noqa: SLF001 -- the widget catches up in showEvent

    def fit(self, data: TimelineData) -> TimelineData:
        """The rows with lanes for the ghosts: a copy, as the snapshot's rows are shared."""
        if self.entries:
            data = dataclasses.replace(data, people={pid: copy.copy(p) for pid, p in data.people.items()})
            fit_lanes(self.entries, data, self.timeline.document.plan)
        return data

    def drawn(self) -> list[MoveGhostItem]:
        """The ghost items in the scene (brought up to date first)."""
        self.timeline.ensure_fresh()
        return [i for i in self.items if isinstance(i, MoveGhostItem)]

    def _remove(self) -> None:
        for item in self.items:
            if isValid(item) and item.scene() is not None:
                item.scene().removeItem(item)
        self.items = []

    def place(self) -> None:
        """(Re)create the items in the current scene, at the rows' current places."""
        self._remove()
        scene = self.timeline.scene
        if scene.data is None:
            return
        for move in self.entries:
            row = scene.row_of(move.pid) if move.lane >= 0 else None
            if row is None:  # folded group, or nothing to show
                continue
            ghost = MoveGhostItem(move, scene.palette.colour(move.vo))
            ghost.setPos(move.x0, row.y + layout.lane_y(move.lane))
            scene.addItem(ghost)
            self.items.append(ghost)
            bar = scene.bar_rect(move.aid)
            if bar is not None:
                link = LinkItem(ghost.mapRectToScene(ghost.rect()), bar, len(self.items) // 2, not move.forward)
                scene.addItem(link)
                self.items.append(link)


def tooltip_at(view: TimelineGraphicsView, pos: QPoint) -> str:
    """The hover text of a ghost under a viewport position, if any."""
    return next((i.move.text for i in view.items(pos) if isinstance(i, MoveGhostItem)), "")

