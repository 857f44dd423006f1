"""The timeline's rows as the analysis computes them (no Qt): lanes, spans, hand-overs, milestones,
and the one snapshot per plan revision that every view reads."""

from __future__ import annotations

from datetime import date

import pytest

from effortplanner.analysis import timeline, timeline_model
from effortplanner.analysis.context import build
from effortplanner.analysis.flags import compute_flags
from effortplanner.analysis.load import person_load
from effortplanner.analysis.snapshot import snapshot, snapshot_key
from effortplanner.core import edits

AS_OF = date(2016, 3, 30)


@pytest.fixture
def plan(seed_plan):
    plan = seed_plan.copy()
    plan.settings.as_of = AS_OF
    return plan


def _ids(plan, person_name: str) -> list[str]:
    pid = plan.find_person(person_name)
    return list(plan.assignments.index[plan.assignments["person"] == pid])


def _rows(plan) -> timeline_model.TimelineData:
    ctx = build(plan)
    return timeline.timeline_rows(plan, ctx.held, person_load(plan))


def test_lanes_never_overlap() -> None:
    spans = [(0, 10), (5, 15), (10, 20), (0, 30)]
    lanes = timeline_model.pack_lanes(spans)
    assert lanes == [0, 2, 0, 1]  # by start; ties keep their order
    for a in range(len(spans)):
        for b in range(a + 1, len(spans)):
            if lanes[a] == lanes[b]:
                assert spans[a][1] <= spans[b][0] or spans[b][1] <= spans[a][0]


def test_inherited_rows_and_overflow_follow_the_hand_over(plan) -> None:
    data = _rows(plan)
    michele, paola = plan.find_person("Michele Fattoruso"), plan.find_person("Paola Buitrago")
    # Paola's duties run past 1 July 2016: Michele holds them until he leaves, then nobody does.
    pieces = data.bars.overflow[data.index["A6"]]
    assert data.day(data.people[paola].end) == date(2016, 7, 2)
    assert pieces[0][2] == "Michele Fattoruso" and pieces[-1][2] == ""
    assert pieces[0][0] == data.people[paola].end  # the red part starts where her contract ends
    ghost = data.people[michele].ghosts[0]
    assert set(ghost.aids) == set(_ids(plan, "Paola Buitrago")) - {"A30"} and ghost.owner == "Paola Buitrago"
    assert ghost.label.startswith("⇢ Paola's")
    # A ghost bar takes a lane of its own in the successor's row.
    row = data.people[michele]
    taken = [(data.bars.x0[i], data.bars.x1[i], data.bars.lane[i]) for i in row.bars]
    assert all(lane != ghost.lane or e <= ghost.x0 or s >= ghost.x1 for s, e, lane in taken)
    assert row.lanes == max([ghost.lane] + [int(data.bars.lane[i]) for i in row.bars]) + 1


def test_without_the_analysis_no_hand_overs_are_drawn(plan) -> None:
    data = timeline.timeline_rows(plan)
    assert not any(p.ghosts for p in data.people.values())
    assert all(p.load == [] for p in data.people.values())
    assert all(all(who == "" for _s, _e, who in pieces) for pieces in data.bars.overflow.values())


def test_spans_of_open_and_dated_duties(plan) -> None:
    data = _rows(plan)
    vito = plan.find_person("Vito Di Benedetto")
    assert data.people[vito].open_ended and data.people[vito].end is None
    for aid in _ids(plan, "Vito Di Benedetto"):
        i = data.index[aid]
        assert data.bars.ongoing[i] and data.bars.x1[i] == data.horizon_x  # drawn to the horizon, fading
        assert data.bars.fade_out[i] < data.bars.x1[i]
    assert data.first.day == 1 and data.x(data.first) == 0.0  # the axis starts on a month


def test_milestone_rows_in_date_order(plan) -> None:
    data = _rows(plan)
    assert len(data.milestones) == 7 and data.milestones[0].name == "Anna becomes POMS project manager"
    xs = [m.x for m in data.milestones]
    assert xs == sorted(xs) and all(m.lo <= m.x < m.hi for m in data.milestones)


def test_one_snapshot_per_revision(plan) -> None:
    first = snapshot(plan)
    assert snapshot(plan) is first  # the views share one computation
    assert [f.message for f in first.flags] == [f.message for f in compute_flags(plan)]
    assert first.counts["assignments"] == len(plan.assignments) and first.counts["flags"] == len(first.flags)
    assert first.counts["errors"] == sum(f.severity == "error" for f in first.flags)
    assert first.inherited is not None and first.inherited["inherited"].all()
    copy = plan.copy()
    assert snapshot(copy) is first  # a copy at the same revision is the same state
    before = plan.revision
    edits.set_value(plan, "assignments", "A6", "fte", 0.9)
    assert plan.revision != before and copy.revision == before
    second = snapshot(plan)
    assert second is not first and second.revision == plan.revision
    assert snapshot(copy) is first  # the untouched copy still has its own analysis


def test_settings_are_part_of_the_key(plan) -> None:
    first = snapshot(plan)
    plan.settings.horizon = date(2019, 9, 30)
    assert snapshot_key(plan) != first.key
    assert snapshot(plan).horizon == date(2019, 9, 30)


def test_a_horizon_before_as_of_still_draws_the_plan(plan) -> None:
    plan.settings.horizon = date(2015, 1, 1)
    snap = snapshot(plan)
    assert snap.window_error and snap.flags == [] and snap.load is None
    assert len(snap.timeline.bars) == len(plan.assignments)


def test_parts_are_computed_once_on_demand(plan, monkeypatch) -> None:
    from effortplanner.analysis import snapshot as snapshot_module
    from effortplanner.analysis.snapshot import register_part

    monkeypatch.setattr(snapshot_module, "_PARTS", {})  # registered for this test only

    calls = []
    register_part("test-count", lambda s: calls.append(1) or len(s.flags))
    snap = snapshot(plan)
    assert calls == []  # lazy: nothing until asked
    assert snap.part("test-count") == len(snap.flags) and snap.part("test-count") == len(snap.flags)
    assert calls == [1]
    register_part("test-eager", lambda s: s.counts["people"], eager=True)
    edits.set_value(plan, "people", "P1", "role", "Lead")
    assert snapshot(plan).parts["test-eager"] == len(plan.people)  # computed with the snapshot
