"""Reopen and crash recovery return to the scenario and tab that were open; the prompt says when."""

from __future__ import annotations

from effortplanner.core import edits, staffing
from effortplanner.gui.app import recovery_question
from effortplanner.io.scenario_file import save_scenario_set
from tests.gui_helpers import make_window


def test_recovery_returns_to_the_scenario_and_tab(qtbot, seed_plan, tmp_path) -> None:
    path = tmp_path / "plan.effortplan"
    window = make_window(qtbot, seed_plan, tmp_path, path=path)
    document = window.document
    save_scenario_set(path, document.scenarios)
    document.scenario_action(lambda s: s.create("Michele takes Paola"))
    document.edit(lambda plan: staffing.reassign(plan, ["A12"], "Vito Di Benedetto"))
    window.show_tab("timeline")
    assert window.recovery.save_now() and window.recovery.wait()  # the minute's copy (written off the GUI thread); then the session dies
    question = recovery_question(window.recovery)
    assert "plan.effortplan" in question and "A copy was saved at" in question

    second = make_window(qtbot, seed_plan.copy(), tmp_path)  # a new start, same settings and recovery folder
    assert second.tabs.currentWidget() is not second.timeline
    scenarios, title, original = second.recovery.restore()
    second.document.replace_scenarios(scenarios, original, title)
    assert second.document.scenarios.active == "Michele takes Paola"
    assert second.document.plan.person_name(second.document.plan.assignments.at["A12", "person"]) == \
        "Vito Di Benedetto"
    assert second.tabs.currentWidget() is second.timeline
    second.recovery.discard()
    window.recovery.discard()


def test_reopening_a_plan_returns_to_its_scenario_and_tab(qtbot, seed_plan, tmp_path) -> None:
    path = tmp_path / "plan.effortplan"
    window = make_window(qtbot, seed_plan, tmp_path)
    document = window.document
    document.scenario_action(lambda s: s.create("Hire in August"))
    window.files._save_to(path)
    window.show_tab("load")
    document.switch("Hire in August")
    window.files.new_plan()
    assert window.document.scenarios.active == "Baseline" and len(window.document.scenarios) == 1
    window.files.open_paths([path], ask=False)
    assert window.document.scenarios.active == "Hire in August"
    assert window.tabs.currentWidget() is window.load_view
