"""Help › Keyboard Shortcuts and Help › Flags Explained; the status bar's plurals."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QDialog, QTextBrowser

from effortplanner.analysis.flag_help import FLAG_HELP
from effortplanner.analysis.model import FLAG_KINDS
from tests.gui_helpers import make_window


def test_every_flag_kind_is_explained() -> None:
    assert set(FLAG_HELP) == set(FLAG_KINDS)
    assert all(title and meaning and todo for title, meaning, todo in FLAG_HELP.values())


def test_help_windows_list_shortcuts_and_flags(qtbot, seed_plan, tmp_path) -> None:
    window = make_window(qtbot, seed_plan, tmp_path)
    window.actions_["shortcuts"].trigger()
    window.actions_["flags_help"].trigger()
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]
    texts = {d.windowTitle(): d.findChild(QTextBrowser).toPlainText() for d in dialogs}
    assert "Ctrl+Z" in texts["Keyboard Shortcuts"] and "Find" in texts["Keyboard Shortcuts"]
    assert "Probably the same person" in texts["Flags Explained"] and "What to do" in texts["Flags Explained"]
    for dialog in dialogs:
        dialog.close()
    window.flags.recompute()
    window._refresh_status()
    assert "(1 error)" in window.status.text()


def test_the_window_fits_the_screen_it_opens_on(qtbot, seed_plan, tmp_path) -> None:
    window = make_window(qtbot, seed_plan, tmp_path)
    free = window.screen().availableGeometry()
    assert window.width() <= free.width() and window.height() <= free.height()
    window.fit_screen(4000, 3000)  # asked for more than any screen: still inside it
    assert window.width() <= free.width() and window.height() <= free.height()


def test_counts_read_right_in_the_singular() -> None:
    from effortplanner.gui.words import count

    assert count(1, "error") == "1 error" and count(2, "error") == "2 errors" and count(0, "flag") == "0 flags"
    assert count(1, "person", "people") == "1 person" and count(3, "duty", "duties") == "3 duties"
