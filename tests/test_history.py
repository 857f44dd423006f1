"""Undo and redo belong to the scenario, in the core: notes survive undo then redo, a plan
replacement is one undoable step, and the last logged edits stay undoable after a reload."""

from __future__ import annotations

import pandas as pd
import pytest

from effortplanner.core import edits, staffing
from effortplanner.core.history import History, Step
from effortplanner.core.plan import Plan
from effortplanner.core.scenarios import ScenarioSet, now
from effortplanner.io.scenario_file import load_scenario_set, save_scenario_set


def _same(a: Plan, b: Plan) -> None:
    for table in a.tables:
        pd.testing.assert_frame_equal(a.tables[table], b.tables[table])


def test_undo_then_redo_keeps_the_note(seed_plan) -> None:
    s = ScenarioSet(seed_plan.copy())
    s.record(staffing.reassign(s.plan, ["A12"], "Vito Di Benedetto"), note="Tyler leaves in June")
    after = s.plan.copy()
    step = s.undo()
    assert step.note == "Tyler leaves in June" and s.plan.assignments.at["A12", "person"] != after.assignments.at[
        "A12", "person"]
    assert s.current.log == [] and s.current.history.can_redo
    s.redo()
    assert [(e.description, e.note) for e in s.current.log] == [
        ("Reassigned 'Production Systems Monitoring' from Tyler to Vito Di Benedetto", "Tyler leaves in June")]
    _same(s.plan, after)


def test_a_new_edit_clears_what_could_be_redone(seed_plan) -> None:
    s = ScenarioSet(seed_plan.copy())
    s.record(edits.set_value(s.plan, "assignments", "A1", "fte", 0.5))
    s.undo()
    s.record(edits.set_value(s.plan, "assignments", "A1", "fte", 0.4))
    assert not s.current.history.can_redo
    with pytest.raises(IndexError):
        s.redo()


def test_a_plan_replacement_is_one_undoable_step(seed_plan) -> None:
    s = ScenarioSet(seed_plan.copy())
    before = s.plan
    imported = Plan()
    s.replace_plan(imported, "Replace the plan with other.xlsx")
    assert s.plan is imported
    step = s.undo()
    assert step.replaces and s.plan is before
    s.redo()
    assert s.plan is imported


def test_the_history_keeps_the_last_steps_only() -> None:
    history = History(limit=2)
    for i in range(3):
        history.push(Step(f"step {i}", "", now(), edits.Change(f"step {i}")))
    assert [s.description for s in history.done] == ["step 1", "step 2"]


def test_the_history_survives_save_and_reload(seed_plan, tmp_path) -> None:
    s = ScenarioSet(seed_plan.copy())
    s.create("Option A")
    s.switch("Option A")
    s.record(staffing.reassign(s.plan, ["A12"], "Vito Di Benedetto"), note="Tyler leaves in June")
    s.record(edits.set_value(s.plan, "assignments", "A12", "fte", 0.3), note="half time")
    path = tmp_path / "plan.effortplan"
    save_scenario_set(path, s)
    loaded = load_scenario_set(path, active="Option A")
    assert [step.note for step in loaded.current.history.done] == ["Tyler leaves in June", "half time"]
    loaded.undo()
    loaded.undo()
    _same(loaded.plan, loaded["Baseline"].plan)  # both edits taken back on the reloaded plan
    loaded.redo()
    assert loaded.current.log[-1].note == "Tyler leaves in June"


def test_the_last_n_steps_survive_save_and_reload(seed_plan, tmp_path) -> None:
    """N is the user's setting: a reload rebuilds exactly the last N logged edits, with their notes."""
    s = ScenarioSet(seed_plan.copy())
    s.set_history_limit(3)
    for i in range(5):
        s.record(edits.set_value(s.plan, "assignments", "A1", "fte", 0.1 * (i + 1)), note=f"step {i}")
    assert [step.note for step in s.current.history.done] == ["step 2", "step 3", "step 4"]
    path = tmp_path / "plan.effortplan"
    save_scenario_set(path, s)
    loaded = load_scenario_set(path)
    loaded.set_history_limit(3)
    assert [step.note for step in loaded.current.history.done] == ["step 2", "step 3", "step 4"]
    for _ in range(3):
        loaded.undo()
    assert loaded.plan.assignments.at["A1", "fte"] == pytest.approx(0.2)  # back to after step 1
    with pytest.raises(IndexError):
        loaded.undo()
    longer = load_scenario_set(path)
    longer.set_history_limit(4)  # a longer setting reaches further back into the stored log
    assert [step.note for step in longer.current.history.done] == ["step 1", "step 2", "step 3", "step 4"]


def test_a_shorter_limit_keeps_an_import_step_and_drops_the_oldest(seed_plan) -> None:
    s = ScenarioSet(seed_plan.copy())
    s.record(edits.set_value(s.plan, "assignments", "A1", "fte", 0.5), note="first")
    s.replace_plan(Plan(), "Replace the plan with other.xlsx")
    s.set_history_limit(1)
    assert [step.description for step in s.current.history.done] == ["Replace the plan with other.xlsx"]
    assert s.create("Option A").history.limit == 1  # new scenarios get the setting too
