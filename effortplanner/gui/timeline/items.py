"""The scene's items: one RowItem per person holding its bars and inherited duties.

All are Qt's built-in rect items (no Python paint()), so painting stays in C++. What
needs no interaction is painted per frame for the rows in view instead of being an
item: availability shading and load strips by the scene's background, contract-end
and start markers and all text by the one overlay layer (`labels.py`). A bar is
positioned at its left edge with its rect starting at 0, so a drag moves it with one
setPos and gradients (in object coordinates) stretch with it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import QRectF
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem

from effortplanner.gui.timeline import layout
from effortplanner.gui.timeline.data import Ghost, Person, TimelineData
from effortplanner.gui.timeline.palette import Palette, cosmetic

HAS_NO_CONTENTS = QGraphicsItem.GraphicsItemFlag.ItemHasNoContents


class GhostItem(QGraphicsRectItem):
    """Duties held after their owner leaves (drawn in the successor's row; not draggable)."""

    def __init__(self, ghost: Ghost, parent: QGraphicsItem) -> None:
        super().__init__(parent)
        self.ghost = ghost


class RowItem(QGraphicsRectItem):
    """A person's row: a container positioned at the row's y; its children are in row coordinates."""

    def __init__(self, pid: str | None) -> None:
        super().__init__()
        self.pid = pid
        self.setFlag(HAS_NO_CONTENTS)


def _rect(parent: QGraphicsItem, x: float, y: float, w: float, h: float, brush: object,
          pen: object) -> QGraphicsRectItem:
    item = QGraphicsRectItem(x, y, w, h, parent)
    item.setBrush(brush)
    item.setPen(pen)
    return item


def bar_brushes(data: TimelineData, palette: Palette, only: Sequence[int] | None = None) -> dict[int, QBrush]:
    """Bar index -> its brush: its VO colour, with gradients where a date is fuzzy or the duty ongoing
    (fractions rounded so that bars alike share one brush). `only` names the bars wanted (the rows an
    edit rebuilds), so an edit does not pay for every bar of the plan."""
    bars = data.bars
    at = np.arange(len(bars.x0)) if only is None else np.asarray(only, dtype=np.int64)
    x0 = bars.x0[at]
    width = np.maximum(bars.x1[at] - x0, 0.5)
    fade_in = np.round((bars.fade_in[at] - x0) / width, 2).tolist()
    fade_out = np.round((bars.fade_out[at] - x0) / width, 2).tolist()
    vos = bars.vo if only is None else [bars.vo[i] for i in at.tolist()]
    cache: dict[tuple[str, float, float], QBrush] = {}
    out = {}
    for i, key in zip(at.tolist(), zip(vos, fade_in, fade_out)):
        brush = cache.get(key)
        if brush is None:
            brush = cache[key] = palette.bar_brush(*key)
        out[i] = brush
    return out


class Bars:
    """The bar items of a scene: by assignment id, and the id of an item (a bar is a plain
    QGraphicsRectItem: a Python subclass would double what 20,000 of them cost to make)."""

    def __init__(self) -> None:
        self.by_id: dict[str, QGraphicsRectItem] = {}
        self.aid_of: dict[QGraphicsItem, str] = {}

    def add(self, aid: str, item: QGraphicsRectItem) -> None:
        self.by_id[aid] = item
        self.aid_of[item] = aid

    def forget_row(self, row: QGraphicsItem) -> None:
        for child in row.childItems():
            aid = self.aid_of.pop(child, None)
            if aid is not None and self.by_id.get(aid) is child:
                del self.by_id[aid]


def fill_row(row: RowItem, person: Person, data: TimelineData, palette: Palette, brushes: dict[int, QBrush],
             bars_out: Bars) -> None:
    """Create a person row's children: its bars (with their hatching and red parts) and hand-overs."""
    row.setRect(0.0, 0.0, float(data.days), layout.person_height(person.lanes))
    x0, x1, lanes = data.bars.x0, data.bars.x1, data.bars.lane
    ids, estimated, overflow = data.bars.ids, data.bars.estimated, data.bars.overflow
    no_pen, hatch, bar_h = palette.no_pen, palette.hatch, layout.BAR_H
    for i in person.bars:
        left = float(x0[i])
        width = max(float(x1[i]) - left, 0.5)
        item = QGraphicsRectItem(0.0, 0.0, width, bar_h, row)
        item.setPos(left, layout.lane_y(int(lanes[i])))
        item.setBrush(brushes[i])
        item.setPen(no_pen)
        if estimated[i]:
            _rect(item, 0.0, 0.0, width, bar_h, hatch, no_pen)
        for p0, p1, holder in overflow.get(i, ()):
            _rect(item, p0 - left, 0.0, p1 - p0, bar_h, palette.handed if holder else palette.over, no_pen)
        bars_out.add(ids[i], item)
    for ghost in person.ghosts:
        item = GhostItem(ghost, row)
        item.setPos(ghost.x0, layout.lane_y(ghost.lane))
        item.setRect(0.0, 0.0, max(ghost.x1 - ghost.x0, 0.5), layout.BAR_H)
        item.setBrush(palette.ghost_brush)
        item.setPen(palette.ghost_pen)


def outline(parent: QGraphicsItem, rect: QRectF, colour: object, width: float = 2.0) -> QGraphicsRectItem:
    """A selection or highlight frame around an item (a child, so it follows a drag)."""
    item = QGraphicsRectItem(rect, parent)
    item.setPen(cosmetic(colour, width))
    item.setZValue(20)
    return item
