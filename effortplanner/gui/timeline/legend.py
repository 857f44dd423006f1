"""The legend: VO colours and what the marks mean; one painter function for the widget and the export."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QFontMetricsF, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from effortplanner.gui.timeline.palette import CONTRACT_END, MUTED, TEXT, Palette, load_colour, pixel_font

SWATCH = 11
GAP = 12
LINE_H = 16


def _entries(palette: Palette, vos: list[str]) -> list[tuple[str, str, object]]:
    out: list[tuple[str, str, object]] = [("vo", v or "no VO", palette.colour(v)) for v in vos]
    out += [("hatch", "estimated FTE", palette.colour(vos[0] if vos else "")),
            ("over", "past contract end", palette.over), ("handed", "successor holds", palette.handed),
            ("ghost", "inherited", None), ("end", "contract end", CONTRACT_END),
            ("load", "load (red: over)", None)]
    return out


def legend_layout(width: float, palette: Palette, vos: list[str]) -> list[tuple[float, float, str, str, object]]:
    """(x, y, kind, text, colour) for each entry, flowing into lines of `width`."""
    metrics = QFontMetricsF(pixel_font(10))
    x = y = 0.0
    out = []
    for kind, text, colour in _entries(palette, vos):
        w = SWATCH + 4 + metrics.horizontalAdvance(text)
        if x > 0 and x + w > width:
            x, y = 0.0, y + LINE_H
        out.append((x, y, kind, text, colour))
        x += w + GAP
    return out


def paint_legend(painter: QPainter, width: float, palette: Palette, vos: list[str], left: float = 0.0,
                 top: float = 0.0) -> float:
    """Paint the legend; returns the height used."""
    painter.save()
    painter.setFont(pixel_font(10))
    entries = legend_layout(width, palette, vos)
    for x, y, kind, text, colour in entries:
        box = QRectF(left + x, top + y + (LINE_H - SWATCH) / 2, SWATCH, SWATCH)
        painter.setPen(Qt.PenStyle.NoPen)
        if kind in ("vo", "hatch"):
            painter.fillRect(box, colour)
            if kind == "hatch":
                painter.fillRect(box, palette.hatch)
        elif kind in ("over", "handed"):
            painter.fillRect(box, colour)
        elif kind == "ghost":
            painter.setBrush(palette.ghost_brush)
            painter.setPen(palette.ghost_pen)
            painter.drawRect(box.adjusted(0.5, 0.5, -0.5, -0.5))
        elif kind == "end":
            painter.fillRect(QRectF(box.center().x() - 1, box.top() - 1, 2, SWATCH + 2), colour)
        else:
            for k in range(4):
                painter.fillRect(QRectF(box.left() + k * 3, box.top() + 3, 3, 5),
                                 QBrush(load_colour([0.3, 0.7, 1.0, 1.5][k])))
        painter.setPen(TEXT if kind == "vo" else MUTED)
        painter.drawText(QRectF(box.right() + 4, top + y, 400, LINE_H),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
    painter.restore()
    return (entries[-1][1] + LINE_H) if entries else 0.0


class LegendWidget(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.palette_ = Palette([])
        self.vos: list[str] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_palette(self, palette: Palette, vos: list[str]) -> None:
        self.palette_, self.vos = palette, list(vos)
        self._fit()
        self.update()

    def _fit(self) -> None:
        entries = legend_layout(max(self.width(), 100), self.palette_, self.vos)
        self.setMinimumHeight(int((entries[-1][1] + LINE_H) if entries else LINE_H))

    def resizeEvent(self, event: object) -> None:
        self._fit()

    def sizeHint(self) -> QSize:
        return QSize(600, LINE_H)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        paint_legend(painter, self.width(), self.palette_, self.vos)
        painter.end()
