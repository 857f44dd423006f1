"""Helpers for GUI tests: windows with isolated settings, and no modal dialog left open."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from effortplanner.core.plan import Plan
from effortplanner.gui.document import PlanDocument
from effortplanner.gui.main_window import MainWindow
from effortplanner.gui.settings import AppSettings


def make_window(qtbot, plan: Plan, tmp_path: Path, path: Path | None = None) -> MainWindow:
    settings = AppSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    window = MainWindow(PlanDocument(plan.copy(), path), settings, recovery_folder=tmp_path / "recovery")
    # Closing a modified window asks Save/Discard/Cancel; tests that want that ask for it themselves.
    qtbot.addWidget(window, before_close_func=lambda w: w.document.set_clean())
    return window


def shown_on(qtbot, window: MainWindow, tab: str) -> object:
    """The window shown at 1400 x 900 on a tab; returns that tab's widget."""
    window.resize(1400, 900)
    window.show()
    window.show_tab(tab)
    qtbot.waitExposed(window)
    return window.tabs.currentWidget()
