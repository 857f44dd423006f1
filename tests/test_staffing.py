"""Filling a placeholder and ranking who could take over duties."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from effortplanner.analysis import candidates
from effortplanner.core import edits, staffing
from effortplanner.core.edits import EditError
from effortplanner.core.plan import Plan, PlanSettings


def _same(a: Plan, b: Plan) -> None:
    for table in a.tables:
        pd.testing.assert_frame_equal(a.tables[table], b.tables[table])


@pytest.fixture
def plan() -> Plan:
    plan = Plan(PlanSettings(as_of=date(2016, 3, 30), horizon=date(2017, 9, 30)))
    edits.add_rows(plan, "people", [
        {"name": "Paola Buitrago", "contract_end": "2016-07-31", "group": "OPOS"},
        {"name": "Michele Fattoruso", "start": "2016-04-04", "contract_end": "leaving spring 2017?", "group": "OPOS"},
        {"name": "Vito Di Benedetto", "contract_end": "Permanent position", "group": "OPOS"},
        {"name": "A2 Associate (CI development)", "placeholder": True, "start": "2016-09-01", "group": "USDC"},
        {"name": "Anna Mazzacane", "contract_end": "Permanent position", "group": "USDC"},
    ])
    edits.add_rows(plan, "assignments", [
        {"person": "Paola", "vo": "NOvA", "duty": "raw2root keep-up", "fte": 0.2, "successor": "Michele"},
        {"person": "A2 Associate (CI development)", "duty": "CI development", "fte": 0.8},
        {"person": "A2 Associate (CI development)", "vo": "All", "duty": "CI on-boarding", "fte": 0.2,
         "start": "2016-10-01"},
        {"person": "Michele", "vo": "LArIAT", "duty": "raw2digit", "fte": 0.1,
         "successor": "A2 Associate (CI development)"},
        {"person": "Vito", "vo": "NOvA", "duty": "Memory monitoring", "fte": 0.9},
        {"person": "Anna", "duty": "CI project management", "fte": 0.2},
    ])
    edits.add_rows(plan, "milestones", [{"name": "Hire associate for CI", "owner": "A2 Associate (CI development)"}])
    return plan


def test_fill_with_an_existing_person_moves_everything_in_one_undoable_change(plan: Plan) -> None:
    before = plan.copy()
    change = staffing.fill_placeholder(plan, "P4", "Anna Mazzacane")
    assert change.description == "Filled 'A2 Associate (CI development)' with Anna Mazzacane"
    assert "P4" not in plan.people.index
    a = plan.assignments
    assert a.at["A2", "person"] == a.at["A3", "person"] == "P5"
    assert a.at["A4", "successor"] == "P5"  # Michele's duty now passes to Anna
    assert plan.milestones.iloc[0]["owner"] == "P5"
    # the role's duties start when the role was to start, not earlier
    assert a.at["A2", "start"] == pd.Timestamp("2016-09-01") and a.at["A2", "start_text"] == "2016-09-01"
    assert a.at["A3", "start"] == pd.Timestamp("2016-10-01")  # a duty's own start is kept
    assert {t.table for t in change.touched()} == {"assignments", "milestones", "people"}
    edits.undo(plan, change)
    _same(plan, before)
    edits.apply(plan, change)  # redo
    assert "P4" not in plan.people.index and plan.assignments.at["A2", "person"] == "P5"


def test_fill_by_short_name_clears_a_successor_that_would_be_oneself(plan: Plan) -> None:
    staffing.fill_placeholder(plan, "P4", "Michele")
    a = plan.assignments
    assert a.at["A2", "person"] == "P2"
    assert a.at["A4", "successor"] is None  # Michele would have succeeded himself


def test_fill_with_a_new_name_renames_the_role(plan: Plan) -> None:
    before = plan.copy()
    change = staffing.fill_placeholder(plan, "P4", "  Jane Doe ")
    assert change.description == "Filled 'A2 Associate (CI development)' with Jane Doe"
    assert plan.people.at["P4", "name"] == "Jane Doe" and not plan.people.at["P4", "placeholder"]
    assert plan.assignments.at["A2", "person"] == "P4"
    edits.undo(plan, change)
    _same(plan, before)


@pytest.mark.parametrize("pid, name, message", [
    ("P3", "Jane Doe", "is not a placeholder"),
    ("P4", "  ", "name the person"),
    ("P9", "Jane", "no person P9"),
    ("P4", "A2 Associate (CI development)", "cannot fill itself"),
])
def test_fill_refusals_are_clear(plan: Plan, pid: str, name: str, message: str) -> None:
    before = plan.copy()
    with pytest.raises(EditError, match=message):
        staffing.fill_placeholder(plan, pid, name)
    _same(plan, before)


def test_an_ambiguous_short_name_is_refused(plan: Plan) -> None:
    edits.add_rows(plan, "people", [{"name": "Anna Smith"}])
    with pytest.raises(EditError, match="could be 'Anna Mazzacane' or 'Anna Smith'"):
        staffing.fill_placeholder(plan, "P4", "Anna")


def test_reassign_clears_a_successor_that_is_the_new_holder(plan: Plan) -> None:
    before = plan.copy()
    change = staffing.reassign(plan, ["A1"], "Michele")
    assert change.description == "Reassigned 'raw2root keep-up' from Paola Buitrago to Michele Fattoruso"
    assert plan.assignments.at["A1", "person"] == "P2" and plan.assignments.at["A1", "successor"] is None
    edits.undo(plan, change)
    _same(plan, before)


def test_drop_on_a_stranger_keeps_the_successor(plan: Plan) -> None:
    """The rule: a successor other than the new holder still takes over when the new holder leaves."""
    change = staffing.reassign(plan, ["A1"], "Anna Mazzacane")
    assert plan.assignments.at["A1", "person"] == "P5" and plan.assignments.at["A1", "successor"] == "P2"
    assert [op.after for op in change.ops] == [{"person": "P5"}]


def test_a_duty_with_a_handover_keeps_it(plan: Plan) -> None:
    edits.set_value(plan, "assignments", "A5", "handover_to", "the experiment")
    edits.set_value(plan, "assignments", "A5", "disposition", "Transfer to the experiment")
    staffing.reassign(plan, ["A5"], "Anna Mazzacane")
    row = plan.assignments.loc["A5"]
    assert row["person"] == "P5" and row["handover_to"] == "the experiment"
    assert row["disposition"] == "Transfer to the experiment"


def test_timeline_drop_and_reassign_follow_the_one_rule(plan: Plan) -> None:
    dropped = plan.copy()
    staffing.drop_change(dropped, "A1", person="P2")  # drop Paola's duty on its successor's row
    staffing.reassign(plan, ["A1"], "P2")
    _same(plan, dropped)
    assert plan.assignments.at["A1", "successor"] is None


def test_a_refused_reassign_changes_nothing(plan: Plan) -> None:
    before, revision = plan.copy(), plan.revision
    with pytest.raises(EditError, match="unknown person 'Nobody'"):
        staffing.reassign(plan, ["A1"], "Nobody")
    with pytest.raises(EditError, match="no assignment A99"):
        staffing.reassign(plan, ["A1", "A99"], "Anna Mazzacane")
    _same(plan, before)
    assert plan.revision == revision


def test_candidates_rank_free_capacity_contract_and_experience(plan: Plan) -> None:
    ranked = candidates.reassign_candidates(plan, ["A1"])
    names = [c.name for c in ranked]
    assert "Paola Buitrago" not in names  # the current owner
    best = ranked[0]
    assert best.name == "Anna Mazzacane", [(c.name, c.score) for c in ranked]
    assert best.contract_ok and best.free_fte == pytest.approx(0.8) and "permanent position" in best.reasons
    vito = next(c for c in ranked if c.name == "Vito Di Benedetto")
    assert vito.free_fte == pytest.approx(0.1) and vito.experience == 2  # NOvA duty, same group as Paola
    assert any("NOvA" in r for r in vito.reasons) and "same group (OPOS)" in vito.reasons
    michele = next(c for c in ranked if c.name == "Michele Fattoruso")
    assert not michele.contract_ok and any("leaves on 2017-05-31" in r for r in michele.reasons)
    role = next(c for c in ranked if c.placeholder)
    assert any("arrives on 2016-09-01" in r for r in role.reasons)
    assert [c.score for c in ranked] == sorted((c.score for c in ranked), reverse=True)
    assert all(0 <= c.score <= 100 for c in ranked)


def test_candidates_prefer_experience_when_capacity_and_contract_are_equal() -> None:
    plan = Plan(PlanSettings(as_of=date(2016, 3, 30), horizon=date(2016, 12, 31)))
    edits.add_rows(plan, "people", [{"name": n, "contract_end": "Permanent position"}
                                    for n in ("Owner", "Zed", "Amy")])
    edits.add_rows(plan, "assignments", [{"person": "Owner", "vo": "MINERvA", "duty": "MC production", "fte": 0.1},
                                         {"person": "Zed", "vo": "MINERvA", "duty": "Keep-up", "fte": 0.1},
                                         {"person": "Amy", "vo": "NOvA", "duty": "Keep-up", "fte": 0.1}])
    ranked = candidates.reassign_candidates(plan, ["A1"])
    assert [c.name for c in ranked] == ["Zed", "Amy"]  # same free FTE and contract; Zed knows MINERvA
    assert ranked[0].score > ranked[1].score


def test_people_gone_before_the_duty_are_not_candidates(plan: Plan) -> None:
    names = [c.name for c in candidates.reassign_candidates(plan, ["A4"], as_of=date(2016, 9, 1))]
    assert "Paola Buitrago" not in names and "Michele Fattoruso" not in names


def test_unknown_assignments_are_refused(plan: Plan) -> None:
    with pytest.raises(EditError, match="no assignment A99"):
        candidates.reassign_candidates(plan, ["A99"])
    assert candidates.reassign_candidates(plan, []) == []
