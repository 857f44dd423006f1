"""Scenarios: create, duplicate, rename, delete, switch; change logs; saving a whole set."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd
import pytest

from effortplanner.core import edits, staffing
from effortplanner.core.plan import Plan
from effortplanner.core.scenarios import ScenarioError, ScenarioSet
from effortplanner.io.planfile import read_plan_file, save_plans
from effortplanner.io.scenario_file import (UNREADABLE, change_from_json, change_to_json, load_scenario_set,
                                            save_scenario_set)


def _same(a: Plan, b: Plan) -> None:
    for table in a.tables:
        pd.testing.assert_frame_equal(a.tables[table], b.tables[table])


@pytest.fixture
def plan() -> Plan:
    plan = Plan()
    edits.add_rows(plan, "people", [{"name": "Paola Buitrago", "contract_end": "July 31st, 2016"},
                                    {"name": "Michele Fattoruso", "start": "April 4th 2016"},
                                    {"name": "A2 Associate (CI)", "placeholder": True, "start": "2016-08-01",
                                     "group": "USDC"}])
    edits.add_rows(plan, "assignments", [
        {"person": "Paola", "vo": "NOvA", "duty": "raw2root keep-up", "cadence": "daily", "end": "2016-07-31"},
        {"person": "A2 Associate (CI)", "duty": "CI development", "fte": 1.0},
    ])
    return plan


def test_create_copies_the_active_scenario_deeply(plan: Plan) -> None:
    s = ScenarioSet(plan)
    assert s.names == ["Baseline"] and s.active == "Baseline" and s.plan is plan
    option = s.create("Michele takes the keep-up", description="  what if  ")
    assert s.names == ["Baseline", "Michele takes the keep-up"]
    assert option.parent == "Baseline" and option.description == "what if" and option.log == []
    assert s.active == "Baseline"  # creating does not switch
    s.switch(option.name)
    staffing.reassign(s.plan, ["A1"], "Michele")
    assert plan.assignments.at["A1", "person"] == "P1"  # the baseline is untouched
    assert s.plan.assignments.at["A1", "person"] == "P2"
    later = s.create("From the option")  # from the active one by default
    assert later.parent == option.name and later.plan.assignments.at["A1", "person"] == "P2"
    assert s.create("From the baseline", from_name="Baseline").plan.assignments.at["A1", "person"] == "P1"


def test_duplicate_places_the_copy_after_its_source(plan: Plan) -> None:
    s = ScenarioSet(plan)
    s.create("A", description="first")
    s.create("B")
    copy = s.duplicate("A")
    assert s.names == ["Baseline", "A", "A (copy)", "B"]
    assert copy.description == "first" and copy.parent == "A"
    assert s.duplicate("A").name == "A (copy) 2"
    assert s.duplicate("B", "B prime").name == "B prime"


@pytest.mark.parametrize("bad, message", [("", "needs a name"), ("   ", "needs a name"), ("a\nb", "one line"),
                                          ("x" * 101, "at most 100"), ("baseline", "already a scenario"),
                                          ("OPTION a", "already a scenario")])
def test_bad_names_are_refused_with_a_clear_message(plan: Plan, bad: str, message: str) -> None:
    s = ScenarioSet(plan)
    s.create("Option A")
    with pytest.raises(ScenarioError, match=message) as info:
        s.create(bad)
    assert isinstance(info.value, ValueError)
    with pytest.raises(ScenarioError, match=message):
        s.rename("Option A", bad) if message != "already a scenario" or bad != "OPTION a" else s.create(bad)
    assert s.names == ["Baseline", "Option A"]


def test_rename_follows_parents_and_the_active_scenario(plan: Plan) -> None:
    s = ScenarioSet(plan)
    s.create("A")
    s.create("B", from_name="A")
    s.switch("A")
    s.rename("A", "  Hire in August ")
    assert s.names == ["Baseline", "Hire in August", "B"]
    assert s["B"].parent == "Hire in August" and s.active == "Hire in August"
    s.rename("Hire in August", "hire in august")  # a change of case is not a clash with itself
    assert s.active == "hire in august"
    with pytest.raises(ScenarioError, match="no scenario 'Nope'"):
        s.rename("Nope", "X")


def test_delete_keeps_the_baseline_and_reparents_children(plan: Plan) -> None:
    s = ScenarioSet(plan)
    s.create("A")
    s.create("B", from_name="A")
    s.switch("A")
    s.delete("A")
    assert s.names == ["Baseline", "B"] and s["B"].parent == "Baseline" and s.active == "Baseline"
    with pytest.raises(ScenarioError, match="baseline 'Baseline' cannot be deleted"):
        s.delete("Baseline")
    with pytest.raises(ScenarioError, match="there is no scenario 'A'"):
        s.switch("A")


def test_record_withdraw_and_annotate_the_active_log(plan: Plan) -> None:
    s = ScenarioSet(plan)
    s.switch(s.create("Option").name)
    change = staffing.fill_placeholder(s.plan, "P3", "Michele Fattoruso")
    entry = s.record(change, note="Michele stays")
    assert entry is not None and entry.description == "Filled 'A2 Associate (CI)' with Michele Fattoruso"
    assert entry.note == "Michele stays" and entry.at.tzinfo is not None
    assert s.record(edits.Change("nothing")) is None  # empty changes are not logged
    assert s.baseline.log == [] and len(s["Option"].log) == 1
    s.annotate(0, "because Michele knows CI")
    assert s["Option"].log[0].note == "because Michele knows CI"
    edits.undo(s.plan, change)
    assert s.withdraw(change) and s["Option"].log == []
    assert not s.withdraw(change)
    with pytest.raises(ScenarioError, match="no entry 3"):
        s.annotate(3, "x")


def test_log_between_follows_the_lineage(plan: Plan) -> None:
    s = ScenarioSet(plan)
    s.switch(s.create("A").name)
    s.record(edits.set_value(s.plan, "assignments", "A2", "fte", 0.5), note="half")
    s.switch(s.create("B").name)
    s.record(staffing.reassign(s.plan, ["A1"], "Michele"))
    steps = s.log_between("Baseline", "B")
    assert [(name, e.description) for name, e in steps] == [
        ("A", "Set FTE of 'CI development' to 0.5"),
        ("B", "Reassigned 'raw2root keep-up' from Paola Buitrago to Michele Fattoruso")]
    assert [name for name, _ in s.log_between("A", "B")] == ["B"]


def test_a_scenario_set_round_trips_through_a_plan_file(plan: Plan, tmp_path: Path) -> None:
    s = ScenarioSet(plan, description="as sent in March")
    s.switch(s.create("Fill the CI role", description="Michele moves to CI").name)
    fill = staffing.fill_placeholder(s.plan, "P3", "Michele Fattoruso")
    s.record(fill, note="he knows CI")
    s.record(edits.set_value(s.plan, "assignments", "A1", "end", "leaving spring 2017?"))
    s.create("Copy", from_name="Baseline")
    path = tmp_path / "plan.effortplan"
    save_scenario_set(path, s)

    back = load_scenario_set(path)
    assert back.names == s.names and back.active == "Baseline"
    for old, new in zip(s, back):
        _same(old.plan, new.plan)
        assert (new.description, new.parent, new.created) == (old.description, old.parent, old.created)
        # NaN and NaT never equal themselves: compare the changes by their stored form
        assert [(e.at, e.description, e.note, change_to_json(e.change)) for e in new.log] == \
               [(e.at, e.description, e.note, change_to_json(e.change)) for e in old.log]
    # the loaded log undoes the loaded scenario back to the baseline, exactly
    option = back["Fill the CI role"]
    for entry in reversed(option.log):
        edits.undo(option.plan, entry.change)
    _same(option.plan, back.baseline.plan)
    assert [r["parent"] for r in read_plan_file(path).info] == [None, "Baseline", "Baseline"]


def test_a_file_without_logs_loads_with_empty_logs(plan: Plan, tmp_path: Path) -> None:
    path = tmp_path / "old.effortplan"
    save_plans(path, {"Baseline": plan, "Other": plan.copy()}, {"Other": "made by save_plans"})
    s = load_scenario_set(path, active="Other")
    assert s.active == "Other" and s["Other"].description == "made by save_plans"
    assert all(sc.log == [] for sc in s) and read_plan_file(path).changelog == {}


def test_a_damaged_log_entry_keeps_the_plan_readable(plan: Plan, tmp_path: Path) -> None:
    s = ScenarioSet(plan)
    s.switch(s.create("Option").name)
    s.record(edits.set_value(s.plan, "assignments", "A2", "fte", 0.5), note="half")
    path = tmp_path / "plan.effortplan"
    save_scenario_set(path, s)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE changelog SET change='{not json'")
    conn.close()
    entry = load_scenario_set(path)["Option"].log[0]
    assert entry.description == "Set FTE of 'CI development' to 0.5" and not entry.change
    assert entry.note == f"half {UNREADABLE}"


def test_change_codec_keeps_dates_missing_values_and_types() -> None:
    change = edits.Change("mixed", (
        edits.SetCells("people", "P1", {"contract_end": pd.NaT, "capacity_fte": float("nan"), "placeholder": True,
                                        "invalid": {"fte": "lots"}},
                       {"contract_end": pd.Timestamp("2016-07-31"), "capacity_fte": 0.5, "placeholder": False,
                        "invalid": None}),
        edits.DeleteRows("assignments", (("A7", 3, {"duty": "=HYPERLINK(\"x\")", "fte": 0.2}),)),
    ))
    text = change_to_json(change)
    json.loads(text)  # plain JSON
    back = change_from_json(text)
    before = back.ops[0].before
    assert before["contract_end"] is pd.NaT and before["capacity_fte"] != before["capacity_fte"]
    assert back.ops[0].after == change.ops[0].after and back.ops[1] == change.ops[1]
    assert isinstance(back.ops[1], edits.DeleteRows)


def test_created_times_are_kept_as_given(plan: Plan, tmp_path: Path) -> None:
    s = ScenarioSet(plan)
    option = s.create("Option")
    option.created = datetime(2016, 3, 30, 9, 15, tzinfo=timezone.utc)
    path = tmp_path / "p.effortplan"
    save_scenario_set(path, s)
    assert load_scenario_set(path)["Option"].created == option.created
