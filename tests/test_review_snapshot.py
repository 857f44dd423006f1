"""The review export reuses an analysis already made of the same plan state (the window's snapshot),
writes the same workbook as when it analyses the plan itself, and ignores a snapshot of another state."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest

from effortplanner.analysis.snapshot import snapshot
from effortplanner.core import edits
from effortplanner.core.plan import Plan
from effortplanner.io import review_report
from effortplanner.io.review_report import analyse, export_review


def _parts(path: Path) -> dict[str, bytes]:
    """Every part of a workbook but its creation time (docProps/core.xml)."""
    with zipfile.ZipFile(path) as book:
        return {name: book.read(name) for name in book.namelist() if name != "docProps/core.xml"}


def _no_new_analysis(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Record every analysis context the export builds itself."""
    built: list[object] = []
    real = review_report.build

    def counted(*args: object, **kwargs: object) -> object:
        built.append(args)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(review_report, "build", counted)
    return built


def _fresh(plan: Plan) -> Plan:
    """A copy with a revision of its own: no snapshot cached by another test (its own dates) serves it."""
    copy = plan.copy()
    copy.touch()
    return copy


def test_the_workbook_from_a_snapshot_is_the_one_analysed_afresh(seed_plan, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    plan = _fresh(seed_plan)
    fresh, reused = tmp_path / "fresh.xlsx", tmp_path / "reused.xlsx"
    export_review(fresh, plan.copy(), title="OPOS")
    snap = snapshot(plan.copy())  # as the window makes it: on a copy, which keeps the revision
    built = _no_new_analysis(monkeypatch)
    result = export_review(reused, plan.copy(), title="OPOS", snapshot=snap)
    assert built == []  # the snapshot's flags and context were used
    assert len(result.flags) == len(snap.flags) > 0
    fresh_parts, reused_parts = _parts(fresh), _parts(reused)
    assert fresh_parts.keys() == reused_parts.keys()
    assert [name for name in fresh_parts if fresh_parts[name] != reused_parts[name]] == []


def test_a_snapshot_of_another_revision_or_window_is_not_used(seed_plan, monkeypatch: pytest.MonkeyPatch) -> None:
    plan = _fresh(seed_plan)
    snap = snapshot(plan)
    built = _no_new_analysis(monkeypatch)
    as_of, horizon = snap.as_of, snap.horizon
    other_window = analyse(plan, date(as_of.year - 1, 1, 1), horizon, snapshot=snap)
    assert len(built) == 1 and other_window.as_of == date(as_of.year - 1, 1, 1)

    held = snap.context.held
    aid, person = held.loc[held["link"] == 0, ["assignment", "person"]].iloc[0]
    edits.set_value(plan, "assignments", aid, "fte", 7.5)  # a new revision: the snapshot is stale
    after_edit = analyse(plan, snapshot=snap)
    assert len(built) == 2
    monkeypatch.undo()
    assert after_edit.flags == analyse(plan).flags
    assert any(f.kind == "over_allocation" and f.person == person
               for f in after_edit.flags)
    assert after_edit.flags != snap.flags  # the stale analysis did not have that over-allocation


def test_a_plan_without_an_as_of_date_is_analysed_again_the_next_day(seed_plan, monkeypatch: pytest.MonkeyPatch) -> None:
    """The analysis window of a plan that names no as-of date starts today: a window left open past
    midnight gets today's flags, not yesterday's, and the export does not reuse yesterday's context."""
    from effortplanner.analysis import window

    plan = _fresh(seed_plan)
    assert plan.settings.as_of is None
    monkeypatch.setattr(window, "default_as_of", lambda: date(2017, 1, 31))
    yesterday = snapshot(plan)
    monkeypatch.setattr(window, "default_as_of", lambda: date(2017, 2, 1))
    today = snapshot(plan)
    assert (yesterday.as_of, today.as_of) == (date(2017, 1, 31), date(2017, 2, 1))
    assert today is not yesterday and today.context.as_of == date(2017, 2, 1)
    assert review_report.reusable_context(plan, today.as_of, today.horizon, yesterday) is None
    assert review_report.reusable_context(plan, today.as_of, today.horizon, today) is today.context
    built = _no_new_analysis(monkeypatch)
    assert analyse(plan, snapshot=yesterday).as_of == date(2017, 2, 1) and len(built) == 1
