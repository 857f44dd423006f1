"""Flags: each kind on small hand-made plans whose intervals and amounts are worked out by
hand (boundaries included), then the seed's sample data as a careful reader would flag it."""

from __future__ import annotations

import json
import random
from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from effortplanner.analysis.flags import FLAG_KINDS, Flag, compute_flags, flags_to_json
from effortplanner.analysis.model import SEVERITIES
from effortplanner.analysis.window import MONTH_DAYS
from effortplanner.core.edits import insert_physical
from effortplanner.core.plan import Note, Plan, PlanSettings
from test_load import AS_OF, HORIZON, make_plan

D = date.fromisoformat


def of_kind(flags: list[Flag], kind: str) -> list[Flag]:
    return [f for f in flags if f.kind == kind]


def months(days: int, fte: float = 1.0) -> float:
    return round(fte * days / MONTH_DAYS, 2)


# --- over_allocation ------------------------------------------------------------------------
def test_over_allocation_interval_peak_and_excess() -> None:
    plan = make_plan(people=[{"name": "Vito", "contract_end": "Permanent position"}],
                     assignments=[{"person": "Vito", "duty": "CI", "fte": 0.8},
                                  {"person": "Vito", "duty": "Profiling", "fte": 0.5,
                                   "start": "2016-06-01", "end": "2016-08-31"}])
    [flag] = of_kind(compute_flags(plan, AS_OF, HORIZON), "over_allocation")
    assert (flag.person, flag.start, flag.end) == ("P1", D("2016-06-01"), D("2016-08-31"))
    assert flag.amount == months(92, 0.3) == 0.91  # 0.3 FTE over for 92 days
    assert flag.severity == "error" and flag.certainty == "exact"
    assert flag.message == "Vito at 130% from 2016-06-01 to 2016-08-31, 0.9 FTE-months over"


def test_over_allocation_within_ten_percent_is_a_warning() -> None:
    plan = make_plan(people=[{"name": "Ann"}],
                     assignments=[{"person": "Ann", "duty": "a", "fte": 0.8},
                                  {"person": "Ann", "duty": "b", "fte": 0.25, "end": "2016-04-29"}])
    [flag] = of_kind(compute_flags(plan, AS_OF, HORIZON), "over_allocation")
    assert flag.severity == "warning" and "105%" in flag.message
    assert (flag.start, flag.end, flag.amount) == (AS_OF, D("2016-04-29"), months(31, 0.05))


def test_over_allocation_only_through_estimates_is_a_warning_that_says_so() -> None:
    plan = make_plan(people=[{"name": "Ann"}],
                     assignments=[{"person": "Ann", "duty": "a", "fte": 0.8},
                                  {"person": "Ann", "duty": "keep-up", "cadence": "daily"}],
                     cadence_fte={"daily": 0.5})
    [flag] = of_kind(compute_flags(plan, AS_OF, HORIZON), "over_allocation")
    assert flag.severity == "warning" and flag.certainty == "approximate" and flag.estimated
    assert "estimated" in flag.message and "130%" in flag.message
    assert (flag.start, flag.end) == (AS_OF, HORIZON)


def test_over_allocation_against_part_time_capacity_and_availability() -> None:
    plan = make_plan(people=[{"name": "Taylor", "capacity_fte": 0.2, "contract_end": "2016-06-30"}],
                     assignments=[{"person": "Taylor", "duty": "monitoring", "fte": 0.2},
                                  {"person": "Taylor", "duty": "reports", "fte": 0.1, "start": "2016-06-01"}])
    [flag] = of_kind(compute_flags(plan, AS_OF, HORIZON), "over_allocation")
    # Over from June 1st to the last day of her contract, not to the horizon.
    assert (flag.start, flag.end, flag.amount) == (D("2016-06-01"), D("2016-06-30"), months(30, 0.1))
    assert flag.severity == "error" and "150% of 0.2 FTE" in flag.message


def test_over_allocation_one_flag_per_stretch_ranked_by_excess() -> None:
    plan = make_plan(people=[{"name": "Ann"}, {"name": "Bob"}],
                     assignments=[{"person": "Ann", "duty": "a", "fte": 1.0},
                                  {"person": "Ann", "duty": "b", "fte": 0.5, "start": "2016-05-01", "end": "2016-05-31"},
                                  {"person": "Ann", "duty": "c", "fte": 0.5, "start": "2016-09-01", "end": "2016-09-30"},
                                  {"person": "Bob", "duty": "d", "fte": 1.5}])
    flags = of_kind(compute_flags(plan, AS_OF, HORIZON), "over_allocation")
    assert [(f.person, f.start, f.end) for f in flags] == [
        ("P2", AS_OF, HORIZON),
        ("P1", D("2016-05-01"), D("2016-05-31")),
        ("P1", D("2016-09-01"), D("2016-09-30")),
    ]
    assert flags[1].amount == months(31, 0.5) and flags[2].amount == months(30, 0.5)


def test_no_over_allocation_at_exactly_full_capacity() -> None:
    plan = make_plan(people=[{"name": "Ann"}],
                     assignments=[{"person": "Ann", "duty": "a", "fte": 0.7},
                                  {"person": "Ann", "duty": "b", "fte": 0.3}])
    assert not of_kind(compute_flags(plan, AS_OF, HORIZON), "over_allocation")


# --- contract_end_gap -----------------------------------------------------------------------
def test_gap_from_contract_end_to_the_horizon() -> None:
    plan = make_plan(people=[{"name": "Tyler", "contract_end": "June 30th, 2016"}],
                     assignments=[{"person": "Tyler", "duty": "Production Systems Monitoring", "vo": "NOvA",
                                   "fte": 0.2}])
    [flag] = compute_flags(plan, AS_OF, HORIZON)
    assert flag.kind == "contract_end_gap" and flag.severity == "error"
    assert (flag.person, flag.duty, flag.start, flag.end) == ("P1", "A1", D("2016-07-01"), HORIZON)
    assert flag.amount == months(457, 0.2) == 3.0  # 2016-07-01 .. 2017-09-30 is 457 days
    assert not flag.estimated
    assert flag.message == ("Tyler leaves on 2016-06-30; 'Production Systems Monitoring' (NOvA) has no one named "
                            "from 2016-07-01 to the horizon")


def test_gap_size_from_a_cadence_estimate_is_marked_estimated() -> None:
    plan = make_plan(people=[{"name": "Tyler", "contract_end": "2016-06-30"}],
                     assignments=[{"person": "Tyler", "duty": "monitoring", "cadence": "daily"}],
                     cadence_fte={"daily": 0.1})
    [flag] = compute_flags(plan, AS_OF, HORIZON)
    assert flag.estimated and flag.amount == months(457, 0.1)
    assert flags_to_json(plan, [flag], AS_OF, HORIZON)["flags"][0]["estimated"] is True


def test_no_gap_when_the_duty_ends_the_day_the_contract_ends() -> None:
    plan = make_plan(people=[{"name": "Juan", "contract_end": "2016-07-01"}],
                     assignments=[{"person": "Juan", "duty": "GratiaWeb", "fte": 0.5, "end": "2016-07-01"}])
    assert compute_flags(plan, AS_OF, HORIZON) == []


def test_gap_until_the_duty_ends() -> None:
    plan = make_plan(people=[{"name": "Juan", "contract_end": "2016-06-30"}],
                     assignments=[{"person": "Juan", "duty": "GratiaWeb", "fte": 0.5, "end": "2016-09-30"}])
    [flag] = compute_flags(plan, AS_OF, HORIZON)
    assert (flag.start, flag.end, flag.amount) == (D("2016-07-01"), D("2016-09-30"), months(92, 0.5))
    assert flag.message.endswith("from 2016-07-01 to 2016-09-30")


def test_no_gap_when_the_successor_starts_the_next_day() -> None:
    plan = make_plan(people=[{"name": "Paola", "contract_end": "2016-06-30"},
                             {"name": "Michele", "start": "2016-07-01", "contract_end": "Permanent position"}],
                     assignments=[{"person": "Paola", "duty": "raw2root", "fte": 0.2, "successor": "Michele"}])
    assert compute_flags(plan, AS_OF, HORIZON) == []


def test_late_successor_leaves_a_gap_between_the_two_dates() -> None:
    plan = make_plan(people=[{"name": "Paola", "contract_end": "2016-06-30"},
                             {"name": "Michele", "start": "2016-08-15", "contract_end": "Permanent position"}],
                     assignments=[{"person": "Paola", "duty": "raw2root", "fte": 0.2, "successor": "Michele"}])
    [flag] = compute_flags(plan, AS_OF, HORIZON)
    assert flag.kind == "contract_end_gap" and flag.severity == "error"
    assert (flag.person, flag.start, flag.end) == ("P1", D("2016-07-01"), D("2016-08-14"))
    assert flag.amount == months(45, 0.2) and flag.related == ("P2",)
    assert "who only starts on 2016-08-15" in flag.message


def test_successor_chain_gap_starts_when_the_successor_leaves() -> None:
    plan = make_plan(people=[{"name": "Qiulan", "contract_end": "2016-04-01"},
                             {"name": "Felipe", "contract_end": "2017-01-31"}],
                     assignments=[{"person": "Qiulan", "duty": "reco keep-up", "fte": 0.2, "successor": "Felipe"}])
    [flag] = compute_flags(plan, AS_OF, HORIZON)
    assert flag.kind == "contract_end_gap"
    assert (flag.person, flag.related, flag.start, flag.end) == ("P2", ("P1",), D("2017-02-01"), HORIZON)
    assert flag.message == ("Qiulan leaves on 2016-04-01; 'reco keep-up' passes to Felipe, who leaves on "
                            "2017-01-31; then it has no one named from 2017-02-01 to the horizon")


def test_chain_through_a_person_whose_duties_all_go_to_one_successor() -> None:
    """Will pick up Paola's assignments': a duty that reaches Paola goes on to Michele."""
    plan = make_plan(people=[{"name": "Qiulan", "contract_end": "2016-04-01"},
                             {"name": "Paola", "contract_end": "2016-07-01"},
                             {"name": "Michele", "contract_end": "2016-12-31"}],
                     assignments=[{"person": "Qiulan", "duty": "reco", "fte": 0.2, "successor": "Paola"},
                                  {"person": "Paola", "duty": "poms", "fte": 0.2, "successor": "Michele"},
                                  {"person": "Paola", "duty": "aws", "fte": 0.1, "successor": "Michele"}])
    gaps = {f.duty: f for f in of_kind(compute_flags(plan, AS_OF, HORIZON), "contract_end_gap")}
    assert set(gaps) == {"A1", "A2", "A3"}
    assert all(f.start == D("2017-01-01") and f.person == "P3" for f in gaps.values())
    assert gaps["A1"].related == ("P1", "P2")


def test_uncertain_date_lowers_certainty_but_keeps_the_flag() -> None:
    plan = make_plan(people=[{"name": "Michele", "contract_end": "leaving spring 2017?"}],
                     assignments=[{"person": "Michele", "duty": "raw2digit", "vo": "LArIAT", "fte": 0.1}])
    [gap] = of_kind(compute_flags(plan, AS_OF, HORIZON), "contract_end_gap")
    assert gap.severity == "warning" and gap.certainty == "uncertain"
    assert (gap.start, gap.end) == (D("2017-06-01"), HORIZON)
    assert "perhaps on 2017-05-31 ('leaving spring 2017?')" in gap.message
    [note] = of_kind(compute_flags(plan, AS_OF, HORIZON), "uncertain_date")
    assert (note.person, note.start, note.end, note.amount) == ("P1", D("2017-03-01"), D("2017-05-31"), 92.0)


def test_approximate_date_keeps_the_error() -> None:
    plan = make_plan(people=[{"name": "Felipe", "contract_end": "leaving summer 2017"}],
                     assignments=[{"person": "Felipe", "duty": "ramp down", "fte": 0.3}])
    [gap] = compute_flags(plan, AS_OF, HORIZON)
    assert gap.severity == "error" and gap.certainty == "approximate"
    assert (gap.start, gap.end, gap.amount) == (D("2017-09-01"), HORIZON, months(30, 0.3))


def test_no_gap_for_permanent_or_unknown_ends_or_beyond_the_horizon() -> None:
    plan = make_plan(people=[{"name": "Vito", "contract_end": "Permanent position"},
                             {"name": "Anna"},
                             {"name": "Lars", "contract_end": "2017-12-31"}],
                     assignments=[{"person": "Vito", "duty": "a", "fte": 0.2},
                                  {"person": "Anna", "duty": "b", "fte": 0.2},
                                  {"person": "Lars", "duty": "c", "fte": 0.2}])
    assert compute_flags(plan, AS_OF, HORIZON) == []


def test_nothing_ended_before_the_as_of_date_is_flagged() -> None:
    plan = make_plan(people=[{"name": "Qiulan", "contract_end": "2016-04-01"}],
                     assignments=[{"person": "Qiulan", "duty": "old", "fte": 0.2, "end": "2016-04-30"},
                                  {"person": "Qiulan", "duty": "still listed", "fte": 0.2}])
    flags = compute_flags(plan, D("2016-05-01"), HORIZON)
    [gap] = flags
    # The duty that still runs is a problem today: flagged from the as-of date, not from April.
    assert (gap.duty, gap.start, gap.end) == ("A2", D("2016-05-01"), HORIZON)
    assert gap.amount == months((HORIZON - D("2016-05-01")).days + 1, 0.2)
    assert gap.message.startswith("Qiulan left on 2016-04-01; 'still listed' has had no one named since 2016-04-02")


def test_a_duty_that_ends_with_its_owner_raises_nothing() -> None:
    plan = make_plan(people=[{"name": "Tyler", "contract_end": "2016-06-30"}],
                     assignments=[{"person": "Tyler", "duty": "OPOS reports", "fte": 0.1,
                                   "disposition": "Discontinued"}])
    assert compute_flags(plan, AS_OF, HORIZON) == []


# --- unassigned_handover --------------------------------------------------------------------
def test_handover_to_a_group_with_no_person_named() -> None:
    plan = make_plan(people=[{"name": "Qiulan", "contract_end": "April 1st, 2016"}],
                     assignments=[{"person": "Qiulan", "duty": "Log parsing", "vo": "All", "fte": 0.1,
                                   "handover_to": "USDC"}])
    [flag] = compute_flags(plan, AS_OF, HORIZON)
    assert flag.kind == "unassigned_handover" and flag.severity == "warning"
    assert (flag.person, flag.duty, flag.start, flag.end) == ("P1", "A1", D("2016-04-02"), HORIZON)
    assert flag.message == ("Qiulan leaves on 2016-04-01; 'Log parsing' (All) goes to USDC from 2016-04-02 "
                            "with no person named")


def test_successor_first_then_the_experiment() -> None:
    """'Felipe first, then transfer to the experiment'."""
    plan = make_plan(people=[{"name": "Qiulan", "contract_end": "2016-04-01"},
                             {"name": "Felipe", "contract_end": "leaving summer 2017"}],
                     assignments=[{"person": "Qiulan", "duty": "reconstruction keep-up", "vo": "NOvA", "fte": 0.2,
                                   "successor": "Felipe", "handover_to": "NOvA (experiment)"}])
    [flag] = compute_flags(plan, AS_OF, HORIZON)
    assert flag.kind == "unassigned_handover"
    assert (flag.person, flag.related, flag.start, flag.certainty) == ("P2", ("P1",), D("2017-09-01"), "approximate")
    assert flag.message == ("Qiulan leaves on 2016-04-01; 'reconstruction keep-up' (NOvA) passes to Felipe, who "
                            "leaves around 2017-08-31 ('leaving summer 2017'); then it goes to the NOvA experiment "
                            "from 2017-09-01 with no person named")


# --- unfilled_demand ------------------------------------------------------------------------
def test_unfilled_fte_and_headcount() -> None:
    plan = make_plan(
        people=[{"name": "Anna", "role": "Deputy head"}, {"name": "Bob", "role": "Intern 2"}],
        activities=[{"name": "CI", "fte_required": 0.5, "interns_required": 1}],
        assignments=[{"person": "Anna", "duty": "CI management", "fte": 0.3, "activity": "CI"},
                     {"person": "Bob", "duty": "CI development", "fte": 0.2, "activity": "CI", "start": "2016-06-01"},
                     {"duty": "CI by someone", "fte": 0.5, "activity": "CI"}])  # no one named: supplies nothing
    flags = of_kind(compute_flags(plan, AS_OF, HORIZON), "unfilled_demand")
    assert len(flags) == 2
    fte_flag = next(f for f in flags if "FTE" in f.message)
    heads = next(f for f in flags if "intern" in f.message)
    # 2016-03-30 .. 2016-05-31 is 63 days, 0.2 FTE short.
    assert (fte_flag.activity, fte_flag.start, fte_flag.end) == ("T1", AS_OF, D("2016-05-31"))
    assert fte_flag.amount == months(63, 0.2) == 0.41
    assert (heads.start, heads.end, heads.amount) == (AS_OF, D("2016-05-31"), 1.0)
    assert fte_flag.message == ("'CI' needs 0.5 FTE; its duties give as little as 0.3 FTE from 2016-03-30 to "
                                "2016-05-31: 0.4 FTE-months short")


def test_placeholders_count_as_planned_heads_and_activity_dates_bound_demand() -> None:
    plan = make_plan(
        people=[{"name": "A2 Associate (CI)", "placeholder": True, "start": "2016-08-01"}],
        activities=[{"name": "CI", "fte_required": 0.3, "interns_required": 1, "start": "2016-07-01",
                     "end": "2016-12-31"}],
        assignments=[{"person": "A2 Associate (CI)", "duty": "CI development", "fte": 1.0, "activity": "CI"}])
    flags = of_kind(compute_flags(plan, AS_OF, HORIZON), "unfilled_demand")
    assert sorted((f.start, f.end) for f in flags) == [(D("2016-07-01"), D("2016-07-31"))] * 2


# --- data flags -----------------------------------------------------------------------------
def test_total_mismatch_against_the_items_of_the_same_sheet() -> None:
    plan = make_plan(activities=[{"name": "CI", "fte_required": 0.3, "interns_required": 1,
                                  "source": "a.xlsx:Proposal:2"},
                                 {"name": "POMS", "fte_required": 0.3, "interns_required": 1,
                                  "source": "a.xlsx:Proposal:3"},
                                 {"name": "AWS", "fte_required": 0.05, "source": "a.xlsx:Proposal:4"},
                                 {"name": "Other", "fte_required": 9, "source": "b.xlsx:Proposal:3"}])
    plan.notes = [Note("a.xlsx", "Proposal", 5, "FTE", "stated total 0.7", kind="total", field="fte_required",
                       value="0.7"),
                  Note("a.xlsx", "Proposal", 5, "Interns", "stated total 2", kind="total", field="interns_required",
                       value="2")]
    [flag] = of_kind(compute_flags(plan, AS_OF, HORIZON), "total_mismatch")
    assert flag.kind == "total_mismatch" and flag.severity == "warning"
    assert flag.amount == pytest.approx(0.05)
    assert "stated total 0.7 FTE, but its 3 items add up to 0.65" in flag.message


def test_name_aliases_near_spellings_and_same_names_not_short_forms() -> None:
    plan = make_plan(people=[{"name": "Felipe Alba", "role": "Intern 1"}, {"name": "Filipe"},
                             {"name": "Taylor Propp"}, {"name": "Tyler"},
                             {"name": "Paola Buitrago"}, {"name": "Paola"},
                             {"name": "Anna Smith"}, {"name": "Anna  Smith"}])
    flags = of_kind(compute_flags(plan, AS_OF, HORIZON), "name_alias")
    pairs = {(f.person, f.related) for f in flags}
    # Filipe / Felipe: one letter apart, a spelling. Tyler / Taylor Propp: two different first names with
    # nothing else in common on the roster: not proposed (issue 12).
    assert pairs == {("P2", ("P1",)), ("P8", ("P7",))}
    filipe = next(f for f in flags if f.person == "P2")
    assert filipe.message.endswith("merge 'Filipe' into 'Felipe Alba'?") and filipe.severity == "warning"


def test_alias_notes_from_the_importer_are_flags_too() -> None:
    plan = make_plan(people=[{"name": "Jon Doe"}, {"name": "Jonathan Doe"}])
    plan.notes = [Note("p.xlsx", "Roster", 2, None, "probably the same", kind="alias", person="P1", field="name",
                       value="P2")]
    [flag] = compute_flags(plan, AS_OF, HORIZON)
    assert flag.kind == "name_alias" and {flag.person, *flag.related} == {"P1", "P2"}


def test_conflicting_dates_from_conflict_notes() -> None:
    plan = make_plan(people=[{"name": "Paola Buitrago", "contract_end": "leaving on July 1st 2016"}])
    plan.notes = [Note("appendix_ii.xlsx", "Current assignments", 7, None, "...", kind="conflict", person="P1",
                       field="contract_end", value="July 31st, 2016"),
                  Note("new.xlsx", "New", 2, None, "...", kind="conflict", person="P1", field="group", value="USDC")]
    [flag] = compute_flags(plan, AS_OF, HORIZON)
    assert flag.kind == "conflicting_dates" and flag.severity == "warning"
    assert (flag.person, flag.start, flag.end, flag.amount) == ("P1", D("2016-07-01"), D("2016-07-31"), 30.0)
    assert "'July 31st, 2016' (2016-07-31)" in flag.message and "row 7" in flag.message


def test_missing_data() -> None:
    plan = make_plan(people=[{"name": "Michele", "contract_end": "Permanent position"}],
                     assignments=[{"person": "Michele", "duty": "raw2digit"},  # no FTE, no cadence
                                  {"person": "Michele", "duty": "POMS development"},
                                  {"duty": "AWS submission", "fte": 0.05}])
    insert_physical(plan, "assignments", [{"person": "P1", "vo": "DUNE", "duty": "", "fte": 0.1,
                                           "invalid": {"duty": "no duty given"}, "source": "a.xlsx:S:21"}])
    flags = of_kind(compute_flags(plan, AS_OF, HORIZON), "missing_data")
    assert all(f.severity == "info" for f in flags)
    messages = sorted(f.message for f in flags)
    assert messages == [
        "Duty 'AWS submission': no person named",
        "Michele's DUNE duty row: no duty (a.xlsx, sheet 'S', row 21)",
        "Michele: 2 duties have no FTE and no cadence to estimate one from ('raw2digit', 'POMS development'); "
        "counted as 0 in the load",
    ]


# --- records, ordering, JSON ----------------------------------------------------------------
def test_flags_are_sorted_severity_then_size_and_serialise() -> None:
    plan = make_plan(people=[{"name": "Tyler", "contract_end": "2016-06-30"}, {"name": "Ann"},
                             {"name": "Michele", "contract_end": "spring 2017?"}],
                     assignments=[{"person": "Tyler", "duty": "a", "fte": 0.1},
                                  {"person": "Tyler", "duty": "b", "fte": 0.5},
                                  {"person": "Ann", "duty": "c", "fte": 1.2},
                                  {"person": "Michele", "duty": "d", "fte": 0.1}])
    flags = compute_flags(plan, AS_OF, HORIZON)
    ranks = [SEVERITIES.index(f.severity) for f in flags]
    assert ranks == sorted(ranks)
    gaps = [f for f in flags if f.kind == "contract_end_gap" and f.severity == "error"]
    assert [f.duty for f in gaps] == ["A2", "A1"]  # larger first
    data = flags_to_json(plan, flags, AS_OF, HORIZON)
    assert data["as_of"] == "2016-03-30" and data["horizon"] == "2017-09-30"
    record = next(r for r in data["flags"] if r["duty_id"] == "A2")
    assert record["person"] == "Tyler" and record["duty"] == "b"
    assert record["start"] == "2016-07-01" and record["end"] == "2017-09-30"
    assert set(record) >= {"kind", "severity", "person", "duty", "start", "end", "amount", "message"}
    json.dumps(data)


def test_flag_kinds_are_stable() -> None:
    assert FLAG_KINDS == ("over_allocation", "contract_end_gap", "unassigned_handover", "unfilled_demand",
                          "total_mismatch", "name_alias", "conflicting_dates", "uncertain_date", "missing_data")
    with pytest.raises(ValueError):
        Flag("made_up", "error", None, None, None, None, None, "")


def test_window_defaults_come_from_the_plan_settings() -> None:
    plan = make_plan(people=[{"name": "Tyler", "contract_end": "2016-06-30"}],
                     assignments=[{"person": "Tyler", "duty": "a", "fte": 0.1}])
    [flag] = compute_flags(plan)  # as_of from the plan's settings: 2016-03-30
    assert flag.end == HORIZON


# --- the seed -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def seed_flags(seed_plan) -> list[Flag]:
    return compute_flags(seed_plan, AS_OF)


def _find(plan: Plan, flags: list[Flag], kind: str, person: str, duty: str | None = None) -> list[Flag]:
    """Flags of a kind about the person of that exact display name (and duty text, if given)."""
    [pid] = [i for i, n in plan.people["name"].items() if n == person]
    return [f for f in flags if f.kind == kind and f.person == pid
            and (duty is None or plan.assignments.at[f.duty, "duty"] == duty)]


def test_seed_people_leaving_with_no_one_named(seed_plan, seed_flags) -> None:
    # Tyler leaves June 30th, 2016: his NOvA and MINERvA monitoring go to the experiments, no one named.
    tyler = _find(seed_plan, seed_flags, "unassigned_handover", "Tyler")
    assert sorted(seed_plan.assignments.at[f.duty, "duty"] for f in tyler) == [
        "OFF-line systems monitoring", "Production Systems Monitoring"]
    assert {f.start for f in tyler} == {D("2016-07-01")}
    # Filipe (July 21st, 2017): five duties to the experiment.
    filipe = _find(seed_plan, seed_flags, "unassigned_handover", "Filipe")
    assert len(filipe) == 5 and {f.start for f in filipe} == {D("2017-07-22")}
    # Qiulan (April 1st, 2016): log parsing to USDC at once.
    [usdc] = [f for f in _find(seed_plan, seed_flags, "unassigned_handover", "Qiulan")]
    assert usdc.start == D("2016-04-02") and "goes to USDC" in usdc.message
    # Michele's own duties have no successor when she leaves (spring 2017?).
    [raw2digit] = _find(seed_plan, seed_flags, "contract_end_gap", "Michele Fattoruso", "raw2digit")
    assert raw2digit.start == D("2017-06-01") and raw2digit.certainty == "uncertain"
    # Felipe's ramp-down duty outlives his contract (summer 2017).
    [ramp] = _find(seed_plan, seed_flags, "contract_end_gap", "Felipe Alba")
    assert ramp.severity == "error" and ramp.start == D("2017-09-01")


def test_seed_successor_chains(seed_plan, seed_flags) -> None:
    qiulan = next(i for i, n in seed_plan.people["name"].items() if n == "Qiulan")
    [reco] = [f for f in _find(seed_plan, seed_flags, "unassigned_handover", "Felipe Alba")
              if seed_plan.assignments.at[f.duty, "duty"] == "reconstruction keep-up"]
    assert reco.related == (qiulan,) and reco.start == D("2017-09-01")
    assert "passes to Felipe Alba" in reco.message and "NOvA experiment" in reco.message
    # Paola -> Michele ("Will pick up Paola's assignments") -> the experiment / USDC.
    paola_duties = _find(seed_plan, seed_flags, "unassigned_handover", "Michele Fattoruso")
    assert len(paola_duties) == 4 and {f.start for f in paola_duties} == {D("2017-06-01")}
    assert all(f.certainty == "uncertain" for f in paola_duties)


def test_seed_no_gap_for_permanent_positions_or_duties_ending_with_the_contract(seed_plan, seed_flags) -> None:
    vito = seed_plan.find_person("Vito Di Benedetto")
    juan = seed_plan.find_person("Juan Morales")
    paola = seed_plan.find_person("Paola Buitrago")
    timed = [f for f in seed_flags if f.kind in ("contract_end_gap", "unassigned_handover")]
    assert not [f for f in timed if f.person in (vito, juan, paola)]
    assert all(f.start >= AS_OF and f.end <= HORIZON for f in seed_flags if f.start and f.end
               and f.kind not in ("uncertain_date", "conflicting_dates"))


def test_seed_aliases_conflicts_and_totals(seed_plan, seed_flags) -> None:
    names = seed_plan.people["name"]
    aliases = {frozenset(names[[f.person, *f.related]]) for f in of_kind(seed_flags, "name_alias")}
    assert aliases == {frozenset({"Filipe", "Felipe Alba"})}  # Tyler / Taylor Propp: no reason on the roster
    [conflict] = of_kind(seed_flags, "conflicting_dates")
    assert names[conflict.person] == "Paola Buitrago"
    assert (conflict.start, conflict.end, conflict.amount) == (D("2016-07-01"), D("2016-07-31"), 30.0)
    [total] = of_kind(seed_flags, "total_mismatch")
    assert total.amount == pytest.approx(0.05) and "1.7" in total.message and "1.65" in total.message


def test_seed_severity_order_and_over_allocation(seed_plan, seed_flags) -> None:
    assert seed_flags[0].severity == "error"
    ranks = [SEVERITIES.index(f.severity) for f in seed_flags]
    assert ranks == sorted(ranks)
    over = {seed_plan.people.at[f.person, "name"]: f for f in of_kind(seed_flags, "over_allocation")}
    assert set(over) == {"Michele Fattoruso", "Vito Di Benedetto"}
    assert all(f.severity == "warning" and "estimated" in f.message for f in over.values())
    assert "taken over from Paola Buitrago" in over["Michele Fattoruso"].message


# --- a synthetic department -----------------------------------------------------------------
FIRST = ("Anna", "Maria", "John", "David", "Laura", "Giulia", "Marco", "Juan", "Wei", "Priya", "Olga", "Hans")
SYLLABLES = ("ka", "lo", "mir", "sen", "ta", "vi", "dor", "ne", "ru", "bel", "gos", "an", "tel", "quo", "zi", "par")


def synthetic_plan(n_people: int = 2000, n_assignments: int = 20000, seed: int = 1) -> Plan:
    """A department-scale plan with typed cells (fast to build): contract ends around the
    window, permanent staff, part-timers, successors, handovers, activities, estimates."""
    rng = random.Random(seed)
    base = AS_OF
    plan = Plan(PlanSettings(as_of=base))

    def day(offset: int) -> dict[str, object]:
        d = base + timedelta(days=offset)
        return {"": pd.Timestamp(d), "_text": d.isoformat(), "_certainty": "exact",
                "_earliest": pd.Timestamp(d), "_latest": pd.Timestamp(d)}

    people = []
    for i in range(n_people):
        surname = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).title()
        row: dict[str, object] = {"name": f"{rng.choice(FIRST)} {surname}",
                                  "role": rng.choice(["Intern", "Associate", "Scientist"]),
                                  "group": rng.choice(["OPOS", "USDC", "SDPS"]),
                                  "capacity_fte": rng.choice([1.0, 1.0, 0.5, 0.2]), "placeholder": False}
        r = rng.random()
        if r < 0.4:
            row.update({f"contract_end{k}": v for k, v in day(rng.randint(-60, 600)).items()})
        elif r < 0.7:
            row.update(contract_end_text="Permanent position", contract_end_certainty="exact")
        people.append(row)
    pids = [f"P{i + 1}" for i in range(n_people)]
    insert_physical(plan, "people", people, ids=pids)
    insert_physical(plan, "activities", [{"name": f"Activity {i}", "fte_required": rng.choice([0.5, 2.0, 5.0]),
                                          "interns_required": rng.choice([0.0, 1.0])} for i in range(50)],
                    ids=[f"T{i + 1}" for i in range(50)])
    rows = []
    for i in range(n_assignments):
        row = {"person": rng.choice(pids), "vo": rng.choice(["NOvA", "DUNE", "All"]), "duty": f"Duty {i % 300}",
               "cadence": rng.choice(["daily", "weekly", "on demand", ""]),
               "fte": rng.choice([0.05, 0.1, 0.2, 0.3, np.nan])}
        if rng.random() < 0.3:
            row.update({f"start{k}": v for k, v in day(rng.randint(-100, 300)).items()})
        if rng.random() < 0.3:
            row.update({f"end{k}": v for k, v in day(rng.randint(-30, 700)).items()})
        r = rng.random()
        if r < 0.2:
            row["successor"] = rng.choice(pids)
        if 0.1 < r < 0.4:
            row["handover_to"] = "NOvA (experiment)"
        if rng.random() < 0.5:
            row["activity"] = f"T{rng.randint(1, 50)}"
        rows.append(row)
    insert_physical(plan, "assignments", rows, ids=[f"A{i + 1}" for i in range(n_assignments)])
    return plan


def test_synthetic_plan_invariants() -> None:
    """Department shape at a tenth of the benchmark's size: every flag well-formed and in the window.
    (Speed is measured by the benchmark, not here.)"""
    plan = synthetic_plan(200, 2000, seed=3)
    flags = compute_flags(plan, AS_OF, HORIZON)
    kinds = {f.kind for f in flags}
    assert {"over_allocation", "contract_end_gap", "unassigned_handover"} <= kinds
    assert all(f.kind in FLAG_KINDS and f.severity in SEVERITIES for f in flags)
    ranks = [SEVERITIES.index(f.severity) for f in flags]
    assert ranks == sorted(ranks)
    for f in flags:
        if f.kind in ("over_allocation", "contract_end_gap", "unassigned_handover", "unfilled_demand"):
            assert AS_OF <= f.start <= f.end <= HORIZON, f
    json.dumps(flags_to_json(plan, flags, AS_OF, HORIZON))
