"""Edit › Undo History Length…: a user setting that reaches the core history, also after a reload."""

from __future__ import annotations

from unittest import mock

import pytest

from PySide6.QtWidgets import QInputDialog

from effortplanner.core import edits
from tests.gui_helpers import make_window


def _edit_five_times(document) -> None:
    for i in range(5):
        document.edit(lambda plan, i=i: edits.set_value(plan, "assignments", "A1", "fte", 0.1 * (i + 1)),
                      note=f"step {i}")


def test_the_undo_length_setting_holds_after_save_and_reopen(qtbot, seed_plan, tmp_path) -> None:
    window = make_window(qtbot, seed_plan, tmp_path)
    with mock.patch.object(QInputDialog, "getInt", return_value=(3, True)):
        window.actions_["undo_limit"].trigger()
    assert window.settings.undo_limit() == 3
    document = window.document
    _edit_five_times(document)
    assert document.undo_stack.count() == 3  # Qt's mirror keeps what the core keeps
    assert [s.note for s in document.scenarios.current.history.done] == ["step 2", "step 3", "step 4"]
    path = tmp_path / "plan.effortplan"
    assert window.files._save_to(path)
    window.files.wait()

    second = make_window(qtbot, seed_plan, tmp_path)  # the same settings file: the setting is remembered
    assert second.settings.undo_limit() == 3
    second.files.open_paths([path], ask=False)
    second.files.wait()
    stack = second.document.undo_stack
    assert stack.count() == 3 and stack.isClean()
    for _ in range(3):
        stack.undo()
    assert not stack.canUndo()
    assert second.document.plan.assignments.at["A1", "fte"] == pytest.approx(0.2)  # the plan as after the second edit
    assert [e.note for e in second.document.scenarios.current.log] == ["step 0", "step 1"]


def test_shortening_the_history_keeps_unsaved_changes_unsaved(qtbot, seed_plan, tmp_path) -> None:
    window = make_window(qtbot, seed_plan, tmp_path)
    _edit_five_times(window.document)
    window.document.set_history_limit(2)
    assert window.document.undo_stack.count() == 2 and window.document.modified
    window.document.undo_stack.undo()
    window.document.undo_stack.undo()
    assert not window.document.undo_stack.canUndo()
    assert window.document.plan.assignments.at["A1", "fte"] == pytest.approx(0.3)
