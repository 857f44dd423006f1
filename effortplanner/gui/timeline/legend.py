"""The legend: VO colours and what the marks mean; one painter function for the widget and the export."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QFontMetricsF, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from effortplanner.gui.timeline.palette import CONTRACT_END, MUTED, TEXT, Palette, load_colour, pixel_font

SWATCH = 11
GAP = 12
LINE_H = 16
LEGEND_TIP = ("<b>Timeline marks</b><br>Bar colour: the duty's VO (click an entry to hide or show it).<br>"
              "Hatched: the FTE is an estimate (from the duty's cadence).<br>"
              "Fading out: the duty runs on to the horizon with no end.<br>"
              "Red part: past the owner's contract end; light red: a named successor holds it.<br>"
              "Pale bar on another row: a duty inherited from someone who left.<br>"
              "Dark tick: contract end (dashed when uncertain); strip under a row: the load, red when over "
              "capacity.")


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
    """The timeline's legend; clicking a VO entry hides or shows that VO's bars (`voClicked`)."""

    voClicked = Signal(str)  # noqa: N815

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.palette_ = Palette([])
        self.vos: list[str] = []
        self.hidden: set[str] = set()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setToolTip(LEGEND_TIP)

    def set_palette(self, palette: Palette, vos: list[str], hidden: set[str] | None = None) -> None:
        self.palette_, self.vos, self.hidden = palette, list(vos), set(hidden or ())
        self._fit()
        self.update()

    def vo_at(self, x: float, y: float) -> str | None:
        """The VO whose legend entry is at (x, y), if any."""
        metrics = QFontMetricsF(pixel_font(10))
        for (ex, ey, kind, text, _colour), vo in zip(legend_layout(max(self.width(), 100), self.palette_, self.vos),
                                                      [*self.vos, *[None] * 8]):
            width = SWATCH + 4 + metrics.horizontalAdvance(text)
            if kind == "vo" and ex <= x <= ex + width and ey <= y <= ey + LINE_H:
                return vo
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        vo = self.vo_at(event.position().x(), event.position().y())
        if vo is not None:
            self.voClicked.emit(vo)

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
        if self.hidden:  # a VO toggled off: its entry struck through
            painter.setPen(MUTED)
            metrics = QFontMetricsF(pixel_font(10))
            for x, y, kind, text, _c in legend_layout(max(self.width(), 100), self.palette_, self.vos):
                if kind == "vo" and (text if text != "no VO" else "") in self.hidden:
                    mid = y + LINE_H / 2
                    painter.drawLine(QPointF(x, mid), QPointF(x + SWATCH + 4 + metrics.horizontalAdvance(text), mid))
        painter.end()
