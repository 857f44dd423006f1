"""Starting the application: the window on the given files (or the sample plan), or a screenshot."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

from effortplanner.core.plan import PlanSettings
from effortplanner.sample import SAMPLE_AS_OF, SAMPLE_TITLE

__all__ = ["SAMPLE_AS_OF", "run"]
ICON = Path(__file__).resolve().parent.parent / "resources" / "effortplanner.png"


def _application() -> object:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName("EffortPlanner")
    app.setApplicationName("Effort Planner")
    app.setDesktopFileName("effortplanner")
    from PySide6.QtGui import QIcon

    if ICON.is_file():
        app.setWindowIcon(QIcon(str(ICON)))
    return app


def run(files: Sequence[str], screenshot: str | None = None, tab: str = "assignments",
        is_sample: bool = False) -> int:
    """Open the window; with `screenshot`, render it offscreen to a PNG and exit."""
    if screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = _application()
    from PySide6.QtWidgets import QMessageBox

    from effortplanner.io.workbook import isolate_reads

    isolate_reads(True)  # a spreadsheet that crashes its reader must not take the window down

    from effortplanner.gui.main_window import MainWindow

    window = MainWindow()
    settings = PlanSettings(as_of=SAMPLE_AS_OF) if is_sample else None
    paths = [Path(f) for f in files]
    if not screenshot:
        window.restore_layout()
        pending = window.recovery.pending()
        if pending is not None:
            answer = QMessageBox.question(window, "Restore unsaved work?", recovery_question(window.recovery))
            restored = window.recovery.restore() if answer == QMessageBox.StandardButton.Yes else None
            window.recovery.discard()
            if restored is not None:
                scenarios, title, path = restored
                window.document.replace_scenarios(scenarios, path, title)  # the session memory
                window.document.mark_unsaved()  # restored work is unsaved work; scenario and tab come back
                paths = []
    if screenshot:
        if paths and not _load_quietly(window, paths, settings, SAMPLE_TITLE if is_sample else None):
            window.close()
            return 2
    elif paths:
        open_at_start(window, paths, is_sample, settings)
    if screenshot:
        window.files.wait()  # the files are read in the background
        return _screenshot(app, window, screenshot, tab)
    window.show()
    return app.exec()  # type: ignore[attr-defined]


def open_at_start(window: object, paths: list[Path], is_sample: bool, settings: PlanSettings | None = None) -> None:
    """Open the files given on the command line, or the bundled sample (as of its own date, under its
    own title, and not added to Open Recent: the user did not choose it)."""
    if is_sample:
        window.files.recent.not_chosen(paths)  # type: ignore[attr-defined]
    window.files.open_paths(paths, ask=False,  # type: ignore[attr-defined]
                            settings=settings or (PlanSettings(as_of=SAMPLE_AS_OF) if is_sample else None),
                            title=SAMPLE_TITLE if is_sample else None)


def recovery_question(recovery: object) -> str:
    """The recovery prompt: which plan, and when its copy was saved."""
    from datetime import datetime

    pending = recovery.pending() or {}  # type: ignore[attr-defined]
    try:
        saved = datetime.fromtimestamp(recovery.plan_path.stat().st_mtime)  # type: ignore[attr-defined]
        when = f" A copy was saved at {saved:%H:%M} on {saved:%d %b %Y}."
    except OSError:
        when = ""
    return (f"Effort Planner closed without saving {pending.get('title')!r}.{when} "
            "Restore the unsaved changes?")


def _load_quietly(window: object, paths: list[Path], settings: PlanSettings | None, title: str | None = None) -> bool:
    """Open files for a screenshot without any dialog: a file that cannot be read is one line on stderr.

    Imported into the fresh window as a new plan (no undo step), so a plan opened and not edited
    is not "modified"."""
    from effortplanner.io.errors import PlanReadError
    from effortplanner.io.importer import import_files
    from effortplanner.io.scenario_file import load_scenario_set

    try:
        if len(paths) == 1 and paths[0].suffix.lower() == ".effortplan":
            window.document.replace_scenarios(load_scenario_set(paths[0]), paths[0])  # type: ignore[attr-defined]
        else:
            plan = import_files(paths, settings or PlanSettings())
            window.document.new(plan, title or ", ".join(p.name for p in paths))  # type: ignore[attr-defined]
    except PlanReadError as exc:
        print(f"effortplanner: {exc}", file=sys.stderr)
        return False
    return True


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
