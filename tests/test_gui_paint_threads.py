"""The window's paints are done by the thread that paints: Qt's raster engine would otherwise hand
large fills to a process-wide pool of threads and wait for them, and a background export's
rasterising, or a loaded machine, then holds the GUI thread (effortplanner/gui/__init__.py)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

_PAINT = """
import os, sys
if sys.argv[1] == "ours":
    import effortplanner.gui  # noqa: F401
from PySide6.QtCore import QThread
from PySide6.QtGui import QColor, QGuiApplication, QImage, QLinearGradient, QPainter
app = QGuiApplication([])
before = len(os.listdir("/proc/self/task"))
image = QImage(2000, 2000, QImage.Format.Format_ARGB32_Premultiplied)
painter = QPainter(image)
painter.setRenderHint(QPainter.RenderHint.Antialiasing)
gradient = QLinearGradient(0, 0, 2000, 2000)
gradient.setColorAt(0, QColor("#4472C4"))
gradient.setColorAt(1, QColor(200, 0, 0, 128))
for _ in range(5):
    painter.fillRect(0, 0, 2000, 2000, gradient)
    painter.drawEllipse(10, 10, 1900, 1900)
painter.end()
print(before, len(os.listdir("/proc/self/task")), QThread.idealThreadCount())
"""


def _threads(how: str) -> tuple[int, int, int]:
    env = {k: v for k, v in os.environ.items() if k != "QT_NO_GUI_THREADPOOL"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    out = subprocess.run([sys.executable, "-c", _PAINT, how], capture_output=True, text=True, env=env,
                         cwd=os.getcwd(), timeout=120, check=True).stdout.split()
    before, after, ideal = (int(x) for x in out[-3:])
    return before, after, ideal


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="threads are counted in /proc")
def test_a_large_paint_starts_no_helper_threads() -> None:
    before, after, ideal = _threads("ours")
    assert after == before  # every span filled by the painting thread
    plain_before, plain_after, _ = _threads("plain")
    if ideal > 1:  # the control: without the setting, Qt starts its pool for the same paint
        assert plain_after > plain_before
