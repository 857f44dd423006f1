"""Shared fixtures. GUI tests run headless."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def sample_files() -> list[Path]:
    return sorted(SAMPLE.glob("*.xlsx"))


@pytest.fixture(scope="session")
def seed_plan(sample_files):
    """The whole bundled sample plan, imported once (tests must not edit it: copy first)."""
    from effortplanner.io.importer import import_files

    return import_files(sample_files)


@pytest.fixture(autouse=True)
def no_modal_dialog_left_open(request):
    """Fail any GUI test that opens an unexpected modal dialog or leaves one open.

    A modal dialog the test did not arrange to answer (an "Unsaved changes?" question after
    a save that had not finished, say) would wait for a click forever and hang the run; a
    watchdog closes it after a few seconds and the test fails naming it.
    """
    if "qtbot" not in request.fixturenames:
        yield
        return
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    stuck: list[str] = []
    seen: dict[int, int] = {}

    def close_stuck_dialog() -> None:
        modal = QApplication.activeModalWidget()
        if modal is None:
            return
        ticks = seen[id(modal)] = seen.get(id(modal), 0) + 1
        if ticks >= 20:  # about ten seconds: nobody is going to answer it
            stuck.append(modal.windowTitle())
            modal.close()

    watchdog = QTimer()
    watchdog.setInterval(500)
    watchdog.timeout.connect(close_stuck_dialog)
    watchdog.start()
    yield
    watchdog.stop()
    preload = sys.modules.get("effortplanner.gui.print_support")
    if preload is not None and preload._started is not None:
        preload._started.join(30)  # a window's print-support preload (once a process) ends before the next test
    modal = QApplication.activeModalWidget()
    if modal is not None:
        modal.close()
        pytest.fail(f"a modal dialog was left open: {modal.windowTitle()!r}")
    if stuck:
        pytest.fail(f"a modal dialog waited for an answer nobody gave: {stuck[0]!r}")
