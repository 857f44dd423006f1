"""Aliases one click away: merge (one undo step), not the same person (remembered), and no Tyler/Taylor guess."""

from __future__ import annotations

from datetime import date

import pytest

from effortplanner.analysis.flags import compute_flags
from effortplanner.core import edits
from effortplanner.core.edits import EditError
from effortplanner.core.merge_people import mark_distinct, merge_people
from tests.gui_helpers import make_window


def _pid(plan, name: str) -> str:
    return str(plan.people.index[plan.people["name"] == name][0])


def _aliases(plan) -> list[tuple[str, str]]:
    return [(plan.person_name(f.person), plan.person_name(f.related[0]))
            for f in compute_flags(plan, date(2016, 3, 30)) if f.kind == "name_alias"]


def test_the_sample_proposes_filipe_but_not_tyler_and_taylor(seed_plan) -> None:
    assert _aliases(seed_plan) == [("Filipe", "Felipe Alba")]


def test_a_similar_first_name_is_proposed_when_the_roster_gives_reason(seed_plan) -> None:
    plan = seed_plan.copy()
    tyler, taylor = _pid(plan, "Tyler"), _pid(plan, "Taylor Propp")
    edits.set_value(plan, "people", tyler, "group", "OPOS")  # same group as Taylor Propp: worth asking
    assert ("Tyler", "Taylor Propp") in _aliases(plan)
    assert taylor in plan.people.index


def test_merge_moves_every_duty_and_is_one_undoable_change(seed_plan) -> None:
    plan = seed_plan.copy()
    filipe, felipe = _pid(plan, "Filipe"), _pid(plan, "Felipe Alba")
    moved = set(plan.assignments.index[plan.assignments["person"] == filipe])
    before = plan.copy()
    change = merge_people(plan, filipe, felipe)
    assert filipe not in plan.people.index
    assert set(plan.assignments.index[plan.assignments["person"] == felipe]) >= moved
    assert "Filipe" in plan.people.at[felipe, "aliases"]
    assert not (plan.assignments[["person", "successor"]] == filipe).any().any()
    assert _aliases(plan) == []
    edits.undo(plan, change)
    for table in ("people", "assignments", "milestones"):
        assert plan.tables[table].equals(before.tables[table])
    with pytest.raises(EditError):
        merge_people(plan, felipe, felipe)


def test_not_the_same_person_is_remembered_and_the_flag_goes(seed_plan, tmp_path) -> None:
    from effortplanner.io.scenario_file import load_scenario_set, save_scenario_set
    from effortplanner.core.scenarios import ScenarioSet

    plan = seed_plan.copy()
    change = mark_distinct(plan, _pid(plan, "Filipe"), _pid(plan, "Felipe Alba"))
    assert _aliases(plan) == []
    save_scenario_set(tmp_path / "p.effortplan", ScenarioSet(plan))
    again = load_scenario_set(tmp_path / "p.effortplan").plan
    assert _aliases(again) == []  # remembered in the plan file
    edits.undo(plan, change)
    assert _aliases(plan) == [("Filipe", "Felipe Alba")]


def test_merge_from_the_flags_panel_is_one_undo_step(qtbot, seed_plan, tmp_path) -> None:
    window = make_window(qtbot, seed_plan, tmp_path)
    window.flags.recompute()
    row = next(i for i, f in enumerate(window.flags.model.items) if f.kind == "name_alias")
    menu = window.alias_actions.menu_for(window.alias_actions.flag_at(row))
    assert [a.text() for a in menu.actions() if not a.isSeparator()] == \
        ["Show in Table", "Show on Timeline", "Merge…", "Not the Same Person"]
    other = window.alias_actions.menu_for(next(f for f in window.flags.model.items if f.kind != "name_alias"))
    assert [a.text() for a in other.actions()] == ["Show in Table", "Show on Timeline"]
    menu.actions()[-2].trigger()
    dialog = window.alias_actions.dialog
    plan = window.document.plan
    felipe, filipe = _pid(plan, "Felipe Alba"), _pid(plan, "Filipe")
    assert dialog.isVisible() and dialog.survivor() == felipe
    dialog.merge()
    assert not dialog.isVisible()
    assert filipe not in plan.people.index and window.document.undo_stack.count() == 1
    qtbot.waitUntil(lambda: not any(f.kind == "name_alias" for f in window.flags.all_flags))
    window.document.undo_stack.undo()
    assert filipe in plan.people.index
    qtbot.waitUntil(lambda: any(f.kind == "name_alias" for f in window.flags.all_flags))
    row = next(i for i, f in enumerate(window.flags.model.items) if f.kind == "name_alias")
    window.alias_actions.menu_for(window.alias_actions.flag_at(row)).actions()[-1].trigger()
    assert window.document.undo_stack.count() == 1  # the merge was undone; this is the one step
    qtbot.waitUntil(lambda: not any(f.kind == "name_alias" for f in window.flags.all_flags))
