"""Colours, pens and brushes of the timeline, made once and shared by every item.

Red is kept for trouble (past a contract end, over capacity); the VO palette avoids it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont, QGradient, QLinearGradient, QPen

VO_COLOURS = ("#4E79A7", "#F28E2B", "#59A14F", "#B07AA1", "#76B7B2", "#EDC948", "#9C755F", "#A0CBE8",
              "#FFBE7D", "#8CD17D", "#D4A6C8", "#86BCB6", "#BAB0AC", "#79706E")
NO_VO_COLOUR = "#8DA0B3"
OVER = QColor("#D32F2F")  # past a contract end with no one to hold the duty; over capacity
HANDED = QColor("#EF9A9A")  # past a contract end, held by a successor
CONTRACT_END = QColor("#C62828")
START = QColor("#2E7D32")
AS_OF = QColor("#1565C0")
HORIZON = QColor("#757575")
MILESTONE = QColor("#E08E0B")
GRID = QColor(0, 0, 0, 22)
GRID_MAJOR = QColor(0, 0, 0, 55)
GROUP_BAND = QColor("#E8ECF1")
ROW_ALT = QColor(0, 0, 0, 8)
UNAVAILABLE = QColor(0, 0, 0, 20)
HIGHLIGHT = QColor("#FFB300")
SELECTION = QColor("#111111")
TEXT = QColor("#202124")
MUTED = QColor("#6B7280")


def _lighter(name: str, share: float = 0.18) -> QColor:
    """A VO colour mixed with some white, so dark text reads on it."""
    c = QColor(name)
    return QColor(int(c.red() + (255 - c.red()) * share), int(c.green() + (255 - c.green()) * share),
                  int(c.blue() + (255 - c.blue()) * share))


def luminance(colour: QColor) -> float:
    return 0.2126 * colour.redF() + 0.7152 * colour.greenF() + 0.0722 * colour.blueF()


def load_colour(ratio: float) -> QColor:
    """Load strip: pale to deep green up to capacity, red above it."""
    if ratio > 1.0 + 1e-9:
        return QColor(OVER)
    t = max(0.0, min(ratio, 1.0))
    low, high = QColor("#DCEFD8"), QColor("#2E7D32")
    return QColor(int(low.red() + (high.red() - low.red()) * t), int(low.green() + (high.green() - low.green()) * t),
                  int(low.blue() + (high.blue() - low.blue()) * t))


def pixel_font(size: int, bold: bool = False, base: QFont | None = None) -> QFont:
    """A font sized in pixels, so it scales with the painter on screen, in PNG and in PDF alike."""
    font = QFont(base) if base is not None else QFont()
    font.setPixelSize(size)
    font.setBold(bold)
    return font


def cosmetic(colour: QColor, width: float = 1.0, style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> QPen:
    pen = QPen(colour, width, style)
    pen.setCosmetic(True)
    return pen


class Palette:
    """VO colours for one plan, and cached brushes (a fuzzy or fading bar shares its brush with its twins)."""

    def __init__(self, vos: list[str]) -> None:
        named = [v for v in vos if v]
        self.colours: dict[str, QColor] = {v: _lighter(VO_COLOURS[i % len(VO_COLOURS)]) for i, v in enumerate(named)}
        self.colours[""] = _lighter(NO_VO_COLOUR)
        self._brushes: dict[tuple[object, ...], QBrush] = {}
        self.hatch = QBrush(QColor(255, 255, 255, 110), Qt.BrushStyle.BDiagPattern)
        self.no_pen = QPen(Qt.PenStyle.NoPen)
        self.over = QBrush(OVER)
        self.handed = QBrush(HANDED)
        self.unavailable = QBrush(UNAVAILABLE)
        self.ghost_pen = cosmetic(QColor("#B71C1C"), 1.0, Qt.PenStyle.DashLine)
        self.ghost_brush = QBrush(QColor(HANDED.red(), HANDED.green(), HANDED.blue(), 120))
        self.end_pen = cosmetic(CONTRACT_END, 2.0)
        self.start_pen = cosmetic(START, 2.0)
        self.load = [QBrush(load_colour(k / 10)) for k in range(11)] + [QBrush(QColor(OVER))]

    def colour(self, vo: str) -> QColor:
        return self.colours.get(vo, self.colours[""])

    def text_colour(self, vo: str) -> QColor:
        return QColor("#FFFFFF") if luminance(self.colour(vo)) < 0.55 else QColor(TEXT)

    def load_brush(self, load: float, capacity: float) -> QBrush:
        ratio = load / capacity if capacity > 0 else 2.0
        return self.load[-1] if ratio > 1.0 + 1e-9 else self.load[int(round(min(ratio, 1.0) * 10))]

    def bar_brush(self, vo: str, fade_in: float = 0.0, fade_out: float = 1.0) -> QBrush:
        """Solid VO colour; with a fuzzy start or end (or an ongoing end) a gradient over that stretch.

        fade_in/fade_out are fractions of the bar's width where it becomes certain / stops being.
        """
        key = (vo, round(fade_in, 2), round(fade_out, 2))
        brush = self._brushes.get(key)
        if brush is None:
            colour = self.colour(vo)
            if key[1] <= 0.0 and key[2] >= 1.0:
                brush = QBrush(colour)
            else:
                faint = QColor(colour)
                faint.setAlpha(25)
                gradient = QLinearGradient(0.0, 0.0, 1.0, 0.0)
                gradient.setCoordinateMode(QGradient.CoordinateMode.ObjectMode)
                gradient.setColorAt(0.0, faint if key[1] > 0 else colour)
                gradient.setColorAt(max(key[1], 0.0), colour)
                gradient.setColorAt(min(max(key[2], key[1]), 1.0), colour)
                gradient.setColorAt(1.0, faint if key[2] < 1 else colour)
                brush = QBrush(gradient)
            self._brushes[key] = brush
        return brush

    def band_brush(self, colour: QColor, rising: bool) -> QBrush:
        """A fuzzy date's range: transparent to `colour` (rising) or back."""
        key = ("band", colour.name(), rising)
        brush = self._brushes.get(key)
        if brush is None:
            clear, solid = QColor(colour), QColor(colour)
            clear.setAlpha(0)
            solid.setAlpha(90)
            gradient = QLinearGradient(0.0, 0.0, 1.0, 0.0)
            gradient.setCoordinateMode(QGradient.CoordinateMode.ObjectMode)
            gradient.setColorAt(0.0, clear if rising else solid)
            gradient.setColorAt(1.0, solid if rising else clear)
            brush = self._brushes[key] = QBrush(gradient)
        return brush
