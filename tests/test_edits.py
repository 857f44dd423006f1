"""The one edit API: validation, change records, undo/redo, descriptions."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from effortplanner.core import edits, staffing
from effortplanner.core.edits import EditError
from effortplanner.core.plan import Plan


@pytest.fixture
def plan() -> Plan:
    plan = Plan()
    edits.add_rows(plan, "people", [{"name": "Paola Buitrago", "contract_end": "July 31st, 2016"},
                                    {"name": "Michele Fattoruso", "start": "April 4th 2016"},
                                    {"name": "Vito Di Benedetto", "contract_end": "Permanent position"}])
    edits.add_rows(plan, "assignments", [
        {"person": "Paola", "vo": "NOvA", "duty": "raw2root keep-up", "cadence": "daily"},
        {"person": "Paola", "vo": "All", "duty": "POMS feedback", "fte": "20%"},
    ])
    return plan


def test_rows_get_stable_prefixed_ids_and_references_are_ids(plan: Plan) -> None:
    assert list(plan.people.index) == ["P1", "P2", "P3"]
    assert list(plan.assignments.index) == ["A1", "A2"]
    assert plan.assignments.at["A1", "person"] == "P1"  # "Paola" resolved to the unique short form


def test_set_value_parses_dates_and_keeps_the_text(plan: Plan) -> None:
    change = edits.set_value(plan, "people", "P2", "contract_end", "leaving spring 2017?")
    row = plan.people.loc["P2"]
    assert row["contract_end"] == pd.Timestamp("2017-05-31")
    assert row["contract_end_text"] == "leaving spring 2017?"
    assert row["contract_end_certainty"] == "uncertain"
    assert change.description == "Set Contract end of 'Michele Fattoruso' to leaving spring 2017?"


def test_undo_and_redo_restore_every_physical_cell(plan: Plan) -> None:
    before = plan.people.copy()
    change = edits.set_value(plan, "people", "P1", "contract_end", "2016-07-01")
    assert plan.people.at["P1", "contract_end"] == pd.Timestamp("2016-07-01")
    edits.undo(plan, change)
    pd.testing.assert_frame_equal(plan.people, before)
    edits.apply(plan, change)
    assert plan.people.at["P1", "contract_end_text"] == "2016-07-01"


@pytest.mark.parametrize(("column", "value", "reason"), [
    ("fte", "lots", "is not a number"),
    ("fte", -0.3, "cannot be negative"),
    ("fte", 250, "more than any one person"),
    ("cadence", "fortnightly-ish", "is not one of"),
    ("person", "Nobody Known", "unknown person"),
    ("end", "soon", "is not a date"),
    ("duty", "", "is required"),
])
def test_invalid_edits_are_refused_with_a_reason_and_change_nothing(plan: Plan, column: str, value: object,
                                                                    reason: str) -> None:
    before = plan.assignments.copy()
    with pytest.raises(EditError, match=reason) as info:
        edits.set_value(plan, "assignments", "A1", column, value)
    assert info.value.column == column and info.value.row_id == "A1"
    pd.testing.assert_frame_equal(plan.assignments, before)


def test_percent_and_bare_percent_fte_are_fractions(plan: Plan) -> None:
    assert plan.assignments.at["A2", "fte"] == pytest.approx(0.2)
    edits.set_value(plan, "assignments", "A2", "fte", "30")
    assert plan.assignments.at["A2", "fte"] == pytest.approx(0.3)


def test_a_pasted_range_is_one_change_and_all_or_nothing(plan: Plan) -> None:
    change = edits.set_values(plan, [("assignments", "A1", "fte", 0.3), ("assignments", "A2", "fte", 0.4),
                                     ("assignments", "A1", "vo", "NOvA FD")], "Paste 3 cells")
    assert len(change.ops) == 3 and change.description == "Paste 3 cells"
    before = plan.assignments.copy()
    with pytest.raises(EditError):
        edits.set_values(plan, [("assignments", "A1", "fte", 0.1), ("assignments", "A2", "fte", "lots")])
    pd.testing.assert_frame_equal(plan.assignments, before)
    edits.undo(plan, change)
    assert math.isnan(plan.assignments.at["A1", "fte"]) and plan.assignments.at["A1", "vo"] == "NOvA"


def test_reassign_describes_itself_in_the_users_words(plan: Plan) -> None:
    change = staffing.reassign(plan, ["A1"], "Michele")
    assert change.description == "Reassigned 'raw2root keep-up' from Paola Buitrago to Michele Fattoruso"
    assert plan.assignments.at["A1", "person"] == "P2"
    many = staffing.reassign(plan, ["A1", "A2"], "P3")
    assert many.description == "Reassigned 2 duties from Michele Fattoruso, Paola Buitrago to Vito Di Benedetto"
    edits.undo(plan, many)
    assert plan.assignments["person"].tolist() == ["P2", "P1"]


def test_removing_a_person_with_duties_is_refused_unless_cascaded(plan: Plan) -> None:
    with pytest.raises(EditError, match="named in 2 assignments"):
        edits.remove_rows(plan, "people", ["P1"])
    before_people, before_assignments = plan.people.copy(), plan.assignments.copy()
    change = edits.remove_rows(plan, "people", ["P1"], cascade=True)
    assert "P1" not in plan.people.index
    assert plan.assignments["person"].tolist() == [None, None]
    edits.undo(plan, change)
    pd.testing.assert_frame_equal(plan.people, before_people)
    pd.testing.assert_frame_equal(plan.assignments, before_assignments)


def test_undoing_a_delete_puts_rows_back_in_place(plan: Plan) -> None:
    change = edits.remove_rows(plan, "people", ["P2"])
    assert list(plan.people.index) == ["P1", "P3"]
    edits.undo(plan, change)
    assert list(plan.people.index) == ["P1", "P2", "P3"]


def test_add_rows_is_undoable_and_touches_report_what_changed(plan: Plan) -> None:
    change = edits.add_rows(plan, "milestones", [{"name": "Anna becomes POMS project manager",
                                                  "date": "late Spring 2016", "owner": "Vito"}])
    assert change.touched()[0].table == "milestones" and change.touched()[0].kind == "insert"
    new_id = change.touched()[0].ids[0]
    assert plan.milestones.at[new_id, "owner"] == "P3"
    assert plan.milestones.at[new_id, "date_certainty"] == "approximate"
    edits.undo(plan, change)
    assert plan.milestones.empty


def test_setting_a_value_clears_its_invalid_mark(plan: Plan) -> None:
    plan.assignments.at["A1", "invalid"] = {"fte": "'lots' is not a number", "end": "'soon' is not a date"}
    change = edits.set_value(plan, "assignments", "A1", "fte", 0.25)
    assert plan.assignments.at["A1", "invalid"] == {"end": "'soon' is not a date"}
    edits.undo(plan, change)
    assert plan.assignments.at["A1", "invalid"] == {"fte": "'lots' is not a number", "end": "'soon' is not a date"}


def test_an_edit_that_changes_nothing_records_nothing(plan: Plan) -> None:
    assert not edits.set_value(plan, "assignments", "A1", "vo", "NOvA")


def test_a_plan_copy_is_independent_of_edits_to_either_side(plan: Plan) -> None:
    """The background analysis reads a copy while edits go on: the copy must not see them."""
    copy = plan.copy()
    edits.set_value(plan, "assignments", "A2", "fte", "0.5")
    edits.set_value(plan, "people", "P2", "contract_end", "2017-01-31")
    assert copy.assignments.at["A2", "fte"] == pytest.approx(0.2)
    assert pd.isna(copy.people.at["P2", "contract_end"])
    edits.set_value(copy, "assignments", "A1", "fte", "0.7")
    assert math.isnan(plan.assignments.at["A1", "fte"])
    assert copy.revision != plan.revision and copy.counts() == plan.counts()
