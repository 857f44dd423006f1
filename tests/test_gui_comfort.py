"""Session comfort (issue 12, Deliver 8): the flag counter follows the filters, help windows open
once and name what each shortcut does."""

from __future__ import annotations

from collections import Counter

from PySide6.QtWidgets import QApplication, QDialog, QTextBrowser

from tests.gui_helpers import make_window


def _n(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def test_the_flag_counter_follows_the_kind_filter(qtbot, seed_plan, tmp_path) -> None:
    window = make_window(qtbot, seed_plan, tmp_path)
    panel = window.flags
    panel.recompute()
    qtbot.waitUntil(lambda: bool(panel.all_flags))
    flags = panel.all_flags
    everything = panel.summary.text()
    assert "(of" not in everything

    def expected(kind: str, person: str = "") -> str:
        shown = Counter(f.severity for f in flags if f.kind == kind and person in (f.message or ""))
        return f"{_n(shown['error'], 'error')}, {_n(shown['warning'], 'warning')}, {_n(shown['info'], 'note')} " \
               f"(of {len(flags)})"

    for kind in ("over_allocation", "contract_end_gap", "name_alias"):
        panel.kind.setCurrentIndex(panel.kind.findData(kind))
        assert panel.summary.text() == expected(kind), kind
    panel.kind.setCurrentIndex(panel.kind.findData("contract_end_gap"))
    panel.person.setText("Felipe")  # the text filter narrows the count further
    assert panel.summary.text() == expected("contract_end_gap", "Felipe") != expected("contract_end_gap")
    panel.kind.setCurrentIndex(0)
    panel.person.clear()
    assert panel.summary.text() == everything


def test_help_opens_once_and_says_what_the_tab_shortcuts_do(qtbot, seed_plan, tmp_path) -> None:
    window = make_window(qtbot, seed_plan, tmp_path)
    window.show()
    for _ in range(3):
        window.actions_["shortcuts"].trigger()  # F1 pressed three times: one window
    shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]
    assert [d.windowTitle() for d in shown] == ["Keyboard Shortcuts"]
    text = shown[0].findChild(QTextBrowser).toPlainText()
    assert "Show the Timeline tab" in text and "Timeline Zoom In" in text
    shown[0].close()


def test_a_layout_saved_on_a_larger_screen_still_fits_this_one(qtbot, seed_plan, tmp_path) -> None:
    first = make_window(qtbot, seed_plan, tmp_path)
    first.show()
    first.setGeometry(0, 0, 5000, 4000)  # saved on a big monitor (or at another scaling)
    first.settings.save_window(first.saveGeometry(), first.saveState())
    second = make_window(qtbot, seed_plan, tmp_path)  # the same settings file
    second.restore_layout()
    second.show()
    free = second.screen().availableGeometry()
    assert second.width() <= free.width() and second.height() <= free.height()
