"""The window's undo is the scenario's core history: notes kept, imports undoable, history reloaded."""

from __future__ import annotations

from pathlib import Path

from effortplanner.core import staffing
from effortplanner.io.scenario_file import save_scenario_set
from tests.gui_helpers import make_window

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data"


def test_undo_then_redo_in_the_window_keeps_the_note(qtbot, seed_plan, tmp_path) -> None:
    window = make_window(qtbot, seed_plan, tmp_path)
    document = window.document
    document.edit(lambda plan: staffing.reassign(plan, ["A12"], "Vito Di Benedetto"), note="Tyler leaves in June")
    document.undo_stack.undo()
    assert document.scenarios.current.log == []
    document.undo_stack.redo()
    assert [e.note for e in document.scenarios.current.log] == ["Tyler leaves in June"]
    assert document.plan.assignments.at["A12", "person"] == document.plan.find_person("Vito Di Benedetto")


def test_an_import_into_the_open_plan_can_be_undone(qtbot, seed_plan, tmp_path) -> None:
    window = make_window(qtbot, seed_plan, tmp_path)
    document = window.document
    shown = document.plan
    assert window.files.import_paths([SAMPLE / "appendix_ii.xlsx"])
    window.files.wait()
    assert document.plan is not shown and len(document.plan.assignments) == 19
    assert document.undo_stack.undoText() == "Replace the plan with appendix_ii.xlsx"
    document.undo_stack.undo()
    assert document.plan is shown and window.pages["assignments"].model.rowCount() == len(shown.assignments)
    document.undo_stack.redo()
    assert len(document.plan.assignments) == 19


def test_a_reopened_plan_can_undo_its_last_edits(qtbot, seed_plan, tmp_path) -> None:
    window = make_window(qtbot, seed_plan, tmp_path)
    window.document.edit(lambda plan: staffing.reassign(plan, ["A12"], "Vito Di Benedetto"), note="Tyler leaves")
    path = tmp_path / "plan.effortplan"
    save_scenario_set(path, window.document.scenarios)
    second = make_window(qtbot, seed_plan, tmp_path)
    second.files.open_paths([path], ask=False)
    second.files.wait()
    stack = second.document.undo_stack
    assert stack.count() == 1 and stack.isClean() and not second.isWindowModified()
    assert stack.undoText() == "Reassigned 'Production Systems Monitoring' from Tyler to Vito Di Benedetto"
    stack.undo()
    assert second.document.plan.assignments.at["A12", "person"] == seed_plan.assignments.at["A12", "person"]
    assert second.isWindowModified()
