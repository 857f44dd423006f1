"""Starting the application: the window on the given files (or the sample plan), or a screenshot."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from effortplanner.core.plan import PlanSettings

SAMPLE_AS_OF = date(2016, 3, 30)  # the date of the sample plan's document (version 1.1)


def _application() -> object:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName("EffortPlanner")
    app.setApplicationName("Effort Planner")
    return app


def run(files: Sequence[str], screenshot: str | None = None, tab: str = "assignments",
        is_sample: bool = False) -> int:
    """Open the window; with `screenshot`, render it offscreen to a PNG and exit."""
    if screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = _application()
    from PySide6.QtWidgets import QMessageBox

    from effortplanner.gui.main_window import MainWindow

    window = MainWindow()
    settings = PlanSettings(as_of=SAMPLE_AS_OF) if is_sample else None
    paths = [Path(f) for f in files]
    if not screenshot:
        window.restore_layout()
        pending = window.recovery.pending()
        if pending is not None:
            answer = QMessageBox.question(window, "Restore unsaved work?",
                                          f"Effort Planner closed without saving {pending.get('title')!r}. "
                                          "Restore the unsaved changes?")
            restored = window.recovery.restore() if answer == QMessageBox.StandardButton.Yes else None
            window.recovery.discard()
            if restored is not None:
                scenarios, title, path = restored
                window.document.replace_scenarios(scenarios, path, title)
                window.document.mark_unsaved()  # restored work is unsaved work
                paths = []
    if paths:
        window.files.open_paths(paths, ask=False, settings=settings,
                                title="Sample plan (OPOS ramp-down)" if is_sample else None)
    if screenshot:
        window.files.wait()  # the files are read in the background
        return _screenshot(app, window, screenshot, tab)
    window.show()
    return app.exec()  # type: ignore[attr-defined]


def _screenshot(app: object, window: object, out: str, tab: str) -> int:
    from PySide6.QtCore import QCoreApplication

    window.resize(1400, 900)  # type: ignore[attr-defined]
    window.show_tab(tab)  # type: ignore[attr-defined]
    window.show()  # type: ignore[attr-defined]
    for _ in range(5):
        QCoreApplication.processEvents()
    window.flags.recompute()  # type: ignore[attr-defined]
    QCoreApplication.processEvents()
    ok = window.grab().save(out)  # type: ignore[attr-defined]
    window.document.set_clean()  # type: ignore[attr-defined]
    window.close()  # type: ignore[attr-defined]
    if not ok:
        print(f"effortplanner: could not write {out}", file=sys.stderr)
        return 2
    return 0
