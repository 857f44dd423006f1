"""Edit › Undo History Length…: how many steps undo reaches back, a setting kept between sessions.

The number goes to the core history of every scenario (`PlanDocument.set_history_limit`);
a reopened plan gets its last that-many logged edits back as undo steps.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QInputDialog

from effortplanner.core.history import LIMIT_RANGE

if TYPE_CHECKING:
    from effortplanner.gui.main_window import MainWindow


def ask_undo_limit(window: MainWindow) -> bool:
    """Ask for the number of undo steps; store it and apply it to the open plan. True when changed."""
    steps, ok = QInputDialog.getInt(window, "Undo history length",
                                    "Steps that undo reaches back (also kept when the plan is saved and reopened):",
                                    window.settings.undo_limit(), LIMIT_RANGE[0], LIMIT_RANGE[1])
    if not ok or steps == window.settings.undo_limit():
        return False
    window.settings.set_undo_limit(steps)
    window.document.set_history_limit(steps)
    return True
