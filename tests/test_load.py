"""Load over time: the analysis window, the per-holder intervals, the step function, and
period aggregates, each on small plans whose numbers are worked out by hand."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from datetime import date

import numpy as np
import pandas as pd
import pytest

from effortplanner.analysis.load import aggregate_load, assignment_intervals, person_load
from effortplanner.analysis.sweep import integrals, steps
from effortplanner.analysis.window import default_as_of, default_horizon, periods, plan_window
from effortplanner.core.edits import add_rows
from effortplanner.core.plan import Plan, PlanSettings

AS_OF = date(2016, 3, 30)
HORIZON = date(2017, 9, 30)
D = pd.Timestamp


def make_plan(people: Sequence[Mapping[str, object]] = (), assignments: Sequence[Mapping[str, object]] = (),
              activities: Sequence[Mapping[str, object]] = (), as_of: date | None = AS_OF,
              cadence_fte: Mapping[str, float] | None = None) -> Plan:
    """A plan from logical values, through the one edit API (names resolve to ids, texts to dates)."""
    settings = PlanSettings(as_of=as_of)
    if cadence_fte is not None:
        settings.cadence_fte = dict(cadence_fte)
    plan = Plan(settings)
    if people:
        add_rows(plan, "people", list(people))
    if activities:
        add_rows(plan, "activities", list(activities))
    if assignments:
        add_rows(plan, "assignments", list(assignments))
    return plan


# --- window ---------------------------------------------------------------------------------
@pytest.mark.parametrize("as_of, expected", [
    (date(2016, 3, 30), date(2017, 9, 30)),   # FY16 -> end of FY17
    (date(2016, 9, 30), date(2017, 9, 30)),   # last day of FY16
    (date(2016, 10, 1), date(2018, 9, 30)),   # first day of FY17 -> end of FY18
    (date(2017, 1, 1), date(2018, 9, 30)),
])
def test_default_horizon_is_end_of_next_fiscal_year(as_of: date, expected: date) -> None:
    assert default_horizon(as_of) == expected


def test_default_horizon_with_calendar_fiscal_year() -> None:
    assert default_horizon(date(2016, 3, 30), fy_start_month=1, fy_start_day=1) == date(2017, 12, 31)
    assert default_horizon(date(2016, 7, 15), fy_start_month=7, fy_start_day=1) == date(2018, 6, 30)


def test_plan_window_prefers_arguments_then_settings_then_defaults() -> None:
    plan = Plan(PlanSettings(as_of=date(2016, 5, 1), horizon=date(2016, 12, 31)))
    assert plan_window(plan) == (date(2016, 5, 1), date(2016, 12, 31))
    assert plan_window(plan, as_of=date(2016, 6, 1)) == (date(2016, 6, 1), date(2016, 12, 31))
    assert plan_window(plan, horizon=date(2017, 1, 31)) == (date(2016, 5, 1), date(2017, 1, 31))
    bare = Plan()
    as_of, horizon = plan_window(bare)
    assert as_of == default_as_of() == date.today()
    assert horizon == default_horizon(as_of)
    assert plan_window(bare, as_of=AS_OF) == (AS_OF, HORIZON)


def test_plan_window_refuses_a_horizon_before_the_as_of_date() -> None:
    with pytest.raises(ValueError, match="before the as-of date"):
        plan_window(Plan(), as_of=date(2016, 5, 1), horizon=date(2016, 4, 30))


def test_periods_labels() -> None:
    months = periods("M", date(2016, 3, 30), date(2016, 5, 2))
    assert [m[0] for m in months] == ["2016-03", "2016-04", "2016-05"]
    quarters = periods("Q", date(2016, 3, 30), date(2016, 10, 1))
    assert [(q[0], q[1]) for q in quarters] == [("FY16 Q2", date(2016, 1, 1)), ("FY16 Q3", date(2016, 4, 1)),
                                                ("FY16 Q4", date(2016, 7, 1)), ("FY17 Q1", date(2016, 10, 1))]
    years = periods("FY", AS_OF, HORIZON)
    assert [(y[0], y[1], y[2]) for y in years] == [("FY16", date(2015, 10, 1), date(2016, 10, 1)),
                                                   ("FY17", date(2016, 10, 1), date(2017, 10, 1))]
    weeks = periods("W", date(2016, 3, 30), date(2016, 4, 4))
    assert [(w[0], w[1]) for w in weeks] == [("2016-W13", date(2016, 3, 28)), ("2016-W14", date(2016, 4, 4))]
    with pytest.raises(ValueError):
        periods("D", AS_OF, HORIZON)


# --- intervals ------------------------------------------------------------------------------
def test_intervals_ongoing_clipped_and_estimated() -> None:
    plan = make_plan(
        people=[{"name": "Vito Di Benedetto", "contract_end": "Permanent position"}],
        assignments=[
            {"person": "Vito Di Benedetto", "duty": "CI", "fte": 0.3},  # ongoing, already running
            {"person": "Vito Di Benedetto", "duty": "Keep-up", "cadence": "daily"},  # no FTE: cadence
            {"person": "Vito Di Benedetto", "duty": "Profiling", "fte": 0.2, "fte_estimated": True,
             "start": "2016-06-01", "end": "2016-08-31"},
            {"person": "Vito Di Benedetto", "duty": "Old", "fte": 0.5, "end": "2016-01-31"},  # ended before as-of
        ],
        cadence_fte={"daily": 0.25})
    iv = assignment_intervals(plan, AS_OF, HORIZON).set_index("assignment")
    assert list(iv.index) == ["A1", "A2", "A3"]
    assert iv.at["A1", "start"] == D("2016-03-30") and iv.at["A1", "end"] == D("2017-10-01")  # end exclusive
    assert iv.at["A1", "fte"] == 0.3 and not iv.at["A1", "estimated"]
    assert iv.at["A2", "fte"] == 0.25 and iv.at["A2", "estimated"]
    assert iv.at["A3", "start"] == D("2016-06-01") and iv.at["A3", "end"] == D("2016-09-01")
    assert iv.at["A3", "estimated"]
    assert set(iv.columns) >= {"person", "start", "end", "fte", "estimated", "vo", "activity", "group", "inherited"}


def test_intervals_follow_availability_and_successors() -> None:
    plan = make_plan(
        people=[{"name": "Paola", "contract_end": "2016-07-01"},
                {"name": "Michele", "start": "2016-04-04", "contract_end": "2017-05-31"}],
        assignments=[{"person": "Paola", "duty": "raw2root keep-up", "fte": 0.2, "successor": "Michele"},
                     {"person": "Michele", "duty": "raw2digit", "fte": 0.1}])
    iv = assignment_intervals(plan, AS_OF, HORIZON)
    rows = {(r.assignment, r.person): r for r in iv.itertuples()}
    paola = rows[("A1", "P1")]
    assert (paola.start, paola.end, paola.inherited) == (D("2016-03-30"), D("2016-07-02"), False)
    michele = rows[("A1", "P2")]  # takes over the day after Paola's last day, until her own last day
    assert (michele.start, michele.end, michele.inherited, michele.owner) == (D("2016-07-02"), D("2017-06-01"),
                                                                             True, "P1")
    own = rows[("A2", "P2")]  # her own duty starts when she arrives
    assert (own.start, own.end) == (D("2016-04-04"), D("2017-06-01"))


def test_unassigned_duty_is_in_no_ones_load() -> None:
    plan = make_plan(assignments=[{"duty": "AWS submission", "fte": 0.05}])
    assert assignment_intervals(plan, AS_OF, HORIZON).empty
    assert person_load(plan, AS_OF, HORIZON).empty


# --- step function --------------------------------------------------------------------------
def test_person_load_step_function_by_hand() -> None:
    plan = make_plan(
        people=[{"name": "Vito", "contract_end": "Permanent position"},
                {"name": "Taylor", "capacity_fte": 0.2, "contract_end": "2016-12-31"}],
        assignments=[
            {"person": "Vito", "duty": "a", "fte": 0.8},
            {"person": "Vito", "duty": "b", "fte": 0.5, "start": "2016-06-01", "end": "2016-08-31"},
            {"person": "Taylor", "duty": "c", "fte": 0.1, "cadence": "daily"},
            {"person": "Taylor", "duty": "d", "fte": 0.2, "start": "2016-05-01"},
        ])
    load = person_load(plan, AS_OF, HORIZON)
    vito = load[load["person"] == "P1"][["start", "end", "load", "over"]].values.tolist()
    assert vito == [[D("2016-03-30"), D("2016-06-01"), 0.8, False],
                    [D("2016-06-01"), D("2016-09-01"), 1.3, True],
                    [D("2016-09-01"), D("2017-10-01"), 0.8, False]]
    taylor = load[load["person"] == "P2"]
    assert taylor["capacity"].tolist() == [0.2, 0.2]  # part time, from the roster
    assert taylor[["start", "end", "load", "over"]].values.tolist() == [
        [D("2016-03-30"), D("2016-05-01"), 0.1, False],
        [D("2016-05-01"), D("2017-01-01"), pytest.approx(0.3), True],  # to the day after her contract end
    ]
    assert load.loc[load["person"] == "P1", "capacity"].eq(1.0).all()  # blank capacity = 1.0


def test_contiguous_equal_loads_merge_into_one_interval() -> None:
    plan = make_plan(people=[{"name": "Ann"}],
                     assignments=[{"person": "Ann", "duty": "a", "fte": 0.5, "end": "2016-06-30"},
                                  {"person": "Ann", "duty": "b", "fte": 0.5, "start": "2016-07-01"}])
    load = person_load(plan, AS_OF, HORIZON)
    assert load[["start", "end", "load"]].values.tolist() == [[D("2016-03-30"), D("2017-10-01"), 0.5]]


def test_estimated_marks_only_intervals_with_an_estimated_duty() -> None:
    plan = make_plan(people=[{"name": "Ann"}],
                     assignments=[{"person": "Ann", "duty": "a", "fte": 0.5},
                                  {"person": "Ann", "duty": "b", "cadence": "weekly", "end": "2016-04-30"}],
                     cadence_fte={"weekly": 0.1})
    load = person_load(plan, AS_OF, HORIZON)
    assert load[["load", "firm_load", "estimated"]].values.tolist() == [[0.6, 0.5, True], [0.5, 0.5, False]]


# --- aggregates -----------------------------------------------------------------------------
def test_monthly_average_is_time_weighted() -> None:
    plan = make_plan(people=[{"name": "Ann", "group": "USDC"}, {"name": "Bob", "group": "USDC"}],
                     assignments=[{"person": "Ann", "duty": "a", "fte": 1.0, "vo": "NOvA",
                                   "start": "2016-04-16", "end": "2016-04-30"},
                                  {"person": "Bob", "duty": "b", "fte": 0.4, "vo": "DUNE"}])
    by_person = aggregate_load(plan, "M", "person", AS_OF, date(2016, 5, 31)).set_index(["person", "period"])
    assert by_person.at[("P1", "2016-04"), "fte"] == pytest.approx(0.5)  # 15 of 30 days
    assert by_person.at[("P1", "2016-05"), "fte"] == 0.0
    assert by_person.at[("P2", "2016-03"), "fte"] == pytest.approx(0.4)  # clipped to 2 days of March
    assert by_person.at[("P2", "2016-03"), "days"] == 2
    assert by_person.at[("P1", "2016-04"), "capacity"] == pytest.approx(1.0)
    by_group = aggregate_load(plan, "M", "group", AS_OF, date(2016, 5, 31)).set_index(["group", "period"])
    assert by_group.at[("USDC", "2016-04"), "fte"] == pytest.approx(0.9)
    assert by_group.at[("USDC", "2016-04"), "capacity"] == pytest.approx(2.0)
    by_vo = aggregate_load(plan, "M", "vo", AS_OF, date(2016, 5, 31)).set_index(["vo", "period"])
    assert by_vo.at[("NOvA", "2016-04"), "fte"] == pytest.approx(0.5)
    assert by_vo.at[("DUNE", "2016-05"), "fte"] == pytest.approx(0.4)


def test_aggregate_by_activity_quarter_and_fiscal_year() -> None:
    plan = make_plan(people=[{"name": "Ann"}],
                     activities=[{"name": "CI", "fte_required": 0.3}],
                     assignments=[{"person": "Ann", "duty": "a", "fte": 0.6, "activity": "CI",
                                   "start": "2016-10-01", "end": "2016-12-31"},
                                  {"person": "Ann", "duty": "b", "fte": 0.2}])
    q = aggregate_load(plan, "Q", "activity", AS_OF, HORIZON).set_index(["activity", "period"])
    assert q.at[("T1", "FY17 Q1"), "fte"] == pytest.approx(0.6)
    assert q.at[("T1", "FY17 Q2"), "fte"] == 0.0
    assert q.at[("T1", "FY17 Q1"), "name"] == "CI"
    assert q.at[("(no activity)", "FY17 Q1"), "fte"] == pytest.approx(0.2)
    fy = aggregate_load(plan, "FY", "person", AS_OF, HORIZON).set_index("period")
    assert fy.at["FY17", "fte"] == pytest.approx(0.2 + 0.6 * 92 / 365)
    assert fy.at["FY16", "days"] == (date(2016, 10, 1) - AS_OF).days
    with pytest.raises(ValueError):
        aggregate_load(plan, "M", "planet", AS_OF, HORIZON)


# --- the sweep against a day-by-day count ---------------------------------------------------
def test_sweep_matches_day_by_day_expansion() -> None:
    """The event sweep never expands days; this test does, on small random inputs, to check it."""
    rng = random.Random(7)
    keys, starts, ends, weights = [], [], [], []
    for _ in range(300):
        s = rng.randint(0, 120)
        keys.append(rng.randint(0, 9))
        starts.append(s)
        ends.append(s + rng.randint(0, 60))
        weights.append(rng.choice([0.05, 0.1, 0.2, 0.3, 0.5, 1.0]))
    st = steps(np.array(keys), np.array(starts), np.array(ends), np.array(weights))
    daily = np.zeros((10, 200))
    for k, s, e, w in zip(keys, starts, ends, weights):
        daily[k, s:e] += w
    got = np.zeros((10, 200))
    for k, s, e, v in zip(st.key, st.start, st.end, st.values[:, 0]):
        got[k, s:e] = v
    assert np.allclose(got, daily)
    bounds = np.array([0, 31, 59, 90, 120, 200])
    area = integrals(np.array(keys), np.array(starts), np.array(ends), np.array(weights), bounds, 10)[:, :, 0]
    expected = np.stack([daily[:, a:b].sum(axis=1) for a, b in zip(bounds[:-1], bounds[1:])], axis=1)
    assert np.allclose(area, expected)


def test_seed_loads(seed_plan) -> None:
    """The sample plan: Michele takes Paola's duties when Paola leaves, and is then over capacity."""
    load = person_load(seed_plan, AS_OF, HORIZON)
    michele = seed_plan.find_person("Michele Fattoruso")
    rows = load[(load["person"] == michele) & load["over"]]
    assert list(zip(rows["start"], rows["end"])) == [(D("2016-07-02"), D("2017-06-01"))]
    assert rows["load"].tolist() == [pytest.approx(1.3)] and rows["estimated"].all()
    vito = seed_plan.find_person("Vito Di Benedetto")
    assert load[(load["person"] == vito)]["start"].min() == D("2016-03-30")
    assert (load["start"] >= D("2016-03-30")).all() and (load["end"] <= D("2017-10-01")).all()
    monthly = aggregate_load(seed_plan, "M", "person", AS_OF, HORIZON)
    assert len(monthly) == len(seed_plan.people) * 19  # March 2016 .. September 2017
