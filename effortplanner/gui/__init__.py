"""PySide6 user interface: the only package that imports Qt."""

import os as _os

# Qt's raster engine splits a large fill across a process-wide pool of threads and waits for them
# (a QLatch): the window's own paints (a progress bar, the timeline) then wait for threads that a
# background job's rasterising (timeline PNG, print preview) keeps busy, or that a loaded machine
# leaves without a CPU. Seen at 50,000 assignments: the GUI thread asleep in QLatch::waitInternal
# under QProgressBar::paintEvent 30-70 ms at a time during a timeline export
# (tests/benchmarks/pdf_probe.py). Qt reads this when the pool is first asked for: every paint is
# then done by the thread that paints.
_os.environ.setdefault("QT_NO_GUI_THREADPOOL", "1")
